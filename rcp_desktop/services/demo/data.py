"""The demo's tables: fictional names, communes, professions, meeting series and the French
texts the generator draws from. No logic here beyond a lookup.

The order of every list matters: the generator draws from them with a seeded random generator,
so reordering, adding or removing an entry changes the data a seed gives.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from rcp_desktop.models import Pathway, Profession, UsipaContactKind, UsipaOutcome

CPTS_NAME = "CPTS Portes de l'Essonne (démonstration)"

COMMUNES = {
    "Athis-Mons": "91027",
    "Juvisy-sur-Orge": "91326",
    "Viry-Châtillon": "91687",
    "Savigny-sur-Orge": "91589",
    "Morangis": "91432",
    "Paray-Vieille-Poste": "91479",
}
OTHER_BIRTH_PLACES = ["75056", "91228", "94081", "93066", "69123", "13055", "59350", "33063"]


# Names: several a line, so the tables stay short (ruff format would put one a line).
# fmt: off
# Common French surnames (hyphens stand for spaces: LE-GALL).
SURNAMES = [
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU",
    "LAURENT", "SIMON", "MICHEL", "LEFEBVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL",
    "FOURNIER", "GIRARD", "BONNET", "DUPONT", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT",
    "MULLER", "LEFEVRE", "FAURE", "ANDRE", "MERCIER", "BLANC", "GUERIN", "BOYER", "GARNIER",
    "CHEVALIER", "FRANCOIS", "LEGRAND", "GAUTHIER", "GARCIA", "PERRIN", "ROBIN", "CLEMENT",
    "MORIN", "NICOLAS", "HENRY", "ROUSSEL", "MATHIEU", "GAUTIER", "MASSON", "MARCHAND", "DUVAL",
    "DENIS", "DUMONT", "MARIE", "LEMAIRE", "NOEL", "MEYER", "DUFOUR", "MEUNIER", "BRUN",
    "BLANCHARD", "GIRAUD", "JOLY", "RIVIERE", "LUCAS", "BRUNET", "GAILLARD", "BARBIER", "ARNAUD",
    "MARTINEZ", "GERARD", "ROCHE", "RENARD", "SCHMITT", "ROY", "LEROUX", "COLIN", "VIDAL", "CARON",
    "PICARD", "ROGER", "FABRE", "AUBERT", "LEMOINE", "RENAUD", "DUMAS", "LACROIX", "OLIVIER",
    "PHILIPPE", "BOURGEOIS", "PIERRE", "BENOIT", "REY", "LECLERC", "PAYET", "ROLLAND", "LECLERCQ",
    "GUILLAUME", "LECOMTE", "LOPEZ", "JEAN", "DUPUY", "GUILLOT", "HUBERT", "BERGER", "CARPENTIER",
    "SANCHEZ", "DUPUIS", "MOULIN", "LOUIS", "DESCHAMPS", "HUET", "VASSEUR", "PEREZ", "BOUCHER",
    "FLEURY", "ROYER", "KLEIN", "JACQUET", "ADAM", "PARIS", "POIRIER", "MARTY", "AUBRY", "GUYOT",
    "CARRE", "CHARLES", "RENAULT", "CHARPENTIER", "MENARD", "MAILLARD", "BARON", "BERTIN",
    "BAILLY", "HERVE", "SCHNEIDER", "FERNANDEZ", "LE-GALL", "COLLET", "LEGER", "BOUVIER", "JULIEN",
    "PREVOST", "MILLET", "PERROT", "DANIEL", "LE-ROUX", "COUSIN", "GERMAIN", "BRETON", "BESSON",
    "LANGLOIS", "REMY", "LE-GOFF", "PELLETIER", "LEVEQUE", "PERRIER", "LEBLANC", "BARRE", "LEBRUN",
    "MARCHAL", "WEBER", "MALLET", "HAMON", "BOULANGER", "JACOB", "MONNIER", "MICHAUD", "RODRIGUEZ",
    "GUICHARD", "GILLET", "ETIENNE", "GRONDIN", "POULAIN", "TESSIER", "CHEVALLIER", "COLLIN",
    "CHAUVIN", "DA-SILVA", "BOUCHET", "GAY", "LEMAITRE", "BENARD", "MARECHAL", "HUMBERT",
    "REYNAUD", "ANTOINE", "HOARAU", "PERRET", "BARTHELEMY", "CORDIER", "PICHON", "LEJEUNE",
    "GILBERT", "LAMY", "DELAUNAY", "PASQUIER", "CARLIER", "LAPORTE", "DIALLO", "TRAORE", "NGUYEN",
    "BENALI", "HADDAD", "MENDY", "KONATE",
]

# Océane is listed twice (kept: the draws of a seed depend on the list).
FEMALE_NAMES = [
    "Marie", "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Jade", "Louise", "Lina",
    "Julie", "Anaïs", "Clara", "Élise", "Mathilde", "Pauline", "Lucie", "Charlotte", "Margaux",
    "Zoé", "Juliette", "Alice", "Nina", "Rose", "Anna", "Léna", "Lola", "Maëlys", "Océane",
    "Amandine", "Aurélie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Martine",
    "Monique", "Nicole", "Christine", "Valérie", "Sandrine", "Stéphanie", "Céline", "Sophie",
    "Véronique", "Brigitte", "Jacqueline", "Hélène", "Odile", "Yvette", "Simone", "Germaine",
    "Paulette", "Suzanne", "Denise", "Yasmine", "Fatoumata", "Aïcha", "Samia", "Mélissa", "Océane",
]

MALE_NAMES = [
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Patrick", "Nicolas", "Christophe", "Daniel",
    "Bernard", "Éric", "Frédéric", "Laurent", "Stéphane", "David", "Olivier", "Julien", "Thomas",
    "Sébastien", "Vincent", "Guillaume", "Antoine", "Maxime", "Alexandre", "Hugo", "Lucas",
    "Louis", "Gabriel", "Arthur", "Jules", "Adam", "Raphaël", "Léo", "Nathan", "Théo", "Ethan",
    "Noah", "Paul", "Mathis", "Tom", "Enzo", "Clément", "Baptiste", "Romain", "Quentin", "Kevin",
    "Jérôme", "Thierry", "Gérard", "André", "René", "Marcel", "Robert", "Roger", "Henri", "Lucien",
    "Yanis", "Mehdi", "Karim", "Moussa", "Ibrahim", "Mamadou",
]
# fmt: on

# (profession, weight)
PROFESSION_MIX = [
    (Profession.GENERAL_PRACTITIONER, 24),
    (Profession.NURSE, 10),
    (Profession.PSYCHIATRIST, 5),
    (Profession.PSYCHOLOGIST, 7),
    (Profession.PHARMACIST, 6),
    (Profession.PHYSIOTHERAPIST, 5),
    (Profession.SOCIAL_WORKER, 5),
    (Profession.ADVANCED_PRACTICE_NURSE, 3),
    (Profession.PAEDIATRICIAN, 3),
    (Profession.SPEECH_THERAPIST, 4),
    (Profession.PSYCHOMOTOR_THERAPIST, 3),
    (Profession.OCCUPATIONAL_THERAPIST, 2),
    (Profession.GERIATRICIAN, 2),
    (Profession.EDUCATOR, 2),
    (Profession.COORDINATOR, 2),
    (Profession.DIETITIAN, 2),
    (Profession.MIDWIFE, 1),
    (Profession.ORTHOPTIST, 1),
    (Profession.PODIATRIST, 1),
    (Profession.ADAPTED_PHYSICAL_ACTIVITY_TEACHER, 1),
    (Profession.CARDIOLOGIST, 1),
    (Profession.DENTIST, 1),
]
RPPS_PROFESSIONS = {
    Profession.GENERAL_PRACTITIONER,
    Profession.PSYCHIATRIST,
    Profession.PAEDIATRICIAN,
    Profession.GERIATRICIAN,
    Profession.CARDIOLOGIST,
    Profession.PHARMACIST,
    Profession.MIDWIFE,
    Profession.DENTIST,
    Profession.PHYSIOTHERAPIST,
    Profession.NURSE,
    Profession.ADVANCED_PRACTICE_NURSE,
    Profession.PODIATRIST,
}
# Where each profession plausibly works; ten choices each (cycled), so that the random draws
# stay the same for a seed whatever the profession.
_LIBERAL = [
    "Cabinet libéral",
    "MSP du Val d'Orge",
    "Cabinet de groupe",
    "Centre de santé municipal",
]
_STRUCTURES_BY_PROFESSION = {
    Profession.PHARMACIST: [
        "Pharmacie de la Gare",
        "Pharmacie du Centre",
        "Pharmacie des Belles Fontaines",
    ],
    Profession.PSYCHIATRIST: ["CMP adultes", "Hôpital de jour", "CMPP", "Cabinet libéral"],
    Profession.PSYCHOLOGIST: ["CMP adultes", "CMPP", "Cabinet libéral", "MSP du Val d'Orge"],
    Profession.SOCIAL_WORKER: [
        "CCAS",
        "CMP adultes",
        "Centre de santé municipal",
        "Service social départemental",
    ],
    Profession.EDUCATOR: ["CMPP", "Service d'éducation spéciale (SESSAD)", "CCAS"],
    Profession.NURSE: [
        "Cabinet infirmier",
        "SSIAD du Nord-Essonne",
        "MSP du Val d'Orge",
        "CMP adultes",
    ],
    Profession.ADVANCED_PRACTICE_NURSE: [
        "MSP du Val d'Orge",
        "CMP adultes",
        "Centre de santé municipal",
    ],
    Profession.PAEDIATRICIAN: ["Cabinet libéral", "CAMSP", "PMI de Juvisy-sur-Orge"],
    Profession.GERIATRICIAN: ["Hôpital de jour gériatrique", "Équipe mobile gériatrique"],
    Profession.COORDINATOR: ["CPTS Portes de l'Essonne", "MSP du Val d'Orge"],
}


def structures_for(profession: Profession) -> list[str]:
    choices = _STRUCTURES_BY_PROFESSION.get(profession, _LIBERAL)
    return [choices[i % len(choices)] for i in range(10)]


PATHWAY_MIX = [
    (Pathway.MENTAL_HEALTH, 35),
    (Pathway.USIPA, 15),
    (Pathway.TND, 20),
    (Pathway.ELDERLY, 20),
    (Pathway.OTHER, 10),
]
AGE_RANGE = {
    Pathway.MENTAL_HEALTH: (18, 66),
    Pathway.USIPA: (18, 60),
    Pathway.TND: (2, 16),
    Pathway.ELDERLY: (70, 97),
    Pathway.OTHER: (20, 88),
}
PATHWAY_TEAMS = {
    Pathway.MENTAL_HEALTH: [
        Profession.PSYCHIATRIST,
        Profession.PSYCHOLOGIST,
        Profession.NURSE,
        Profession.SOCIAL_WORKER,
        Profession.PHARMACIST,
        Profession.ADVANCED_PRACTICE_NURSE,
    ],
    Pathway.USIPA: [
        Profession.PSYCHIATRIST,
        Profession.NURSE,
        Profession.PSYCHOLOGIST,
        Profession.SOCIAL_WORKER,
        Profession.ADVANCED_PRACTICE_NURSE,
    ],
    Pathway.TND: [
        Profession.PAEDIATRICIAN,
        Profession.SPEECH_THERAPIST,
        Profession.PSYCHOMOTOR_THERAPIST,
        Profession.PSYCHOLOGIST,
        Profession.OCCUPATIONAL_THERAPIST,
        Profession.EDUCATOR,
        Profession.ORTHOPTIST,
    ],
    Pathway.ELDERLY: [
        Profession.GERIATRICIAN,
        Profession.NURSE,
        Profession.PHYSIOTHERAPIST,
        Profession.PHARMACIST,
        Profession.SOCIAL_WORKER,
        Profession.OCCUPATIONAL_THERAPIST,
        Profession.DIETITIAN,
    ],
    Pathway.OTHER: [
        Profession.NURSE,
        Profession.PHARMACIST,
        Profession.SOCIAL_WORKER,
        Profession.DIETITIAN,
        Profession.PHYSIOTHERAPIST,
        Profession.ADAPTED_PHYSICAL_ACTIVITY_TEACHER,
    ],
}


class Series(NamedTuple):
    """A recurring meeting: every month on the *week*-th *weekday* (0 = Monday), or every other
    week when *week* is None."""

    pathway: Pathway
    theme: str
    weekday: int
    week: int | None
    start: dt.time
    minutes: int


SERIES = [
    Series(
        Pathway.MENTAL_HEALTH,
        "RCPT santé mentale — anticipation de crise",
        1,
        2,
        dt.time(20, 0),
        120,
    ),
    Series(Pathway.TND, "RCP parcours TND enfants", 3, 1, dt.time(12, 30), 90),
    Series(Pathway.ELDERLY, "RCP personnes âgées à domicile", 0, 3, dt.time(13, 0), 90),
    Series(Pathway.USIPA, "Staff USIPA — suivi intensif ambulatoire", 4, None, dt.time(9, 0), 60),
    Series(Pathway.OTHER, "RCP pluri-thématique", 1, 4, dt.time(19, 30), 90),
]
PLACES = [
    "MSP du Val d'Orge, salle de réunion — Juvisy-sur-Orge",
    "Maison des associations — Athis-Mons",
    "Centre de santé — Viry-Châtillon, salle 2",
    "Locaux de la CPTS — Savigny-sur-Orge",
]

REFERRAL = {
    Pathway.MENTAL_HEALTH: [
        (
            "Troubles bipolaires avec rechutes fréquentes, ruptures de traitement.",
            "Comment anticiper la prochaine crise et organiser le relais entre ville et CMP ?",
        ),
        (
            "Épisode dépressif sévère, isolement social, idées suicidaires passées.",
            "Quel plan de crise conjoint et quels contacts en cas de signes d'alerte ?",
        ),
        (
            "Schizophrénie stabilisée, difficultés d'observance et de logement.",
            "Comment sécuriser l'observance et le maintien dans le logement ?",
        ),
        (
            "Troubles anxieux sévères avec recours répétés aux urgences.",
            "Quelle coordination pour limiter les passages aux urgences ?",
        ),
    ],
    Pathway.USIPA: [
        (
            "Crise suicidaire en sortie d'urgences, refus d'hospitalisation.",
            "Inclusion en USIPA : quelle intensité de suivi et quelle équipe ?",
        ),
        (
            "Décompensation psychotique débutante, entourage mobilisé.",
            "Le suivi intensif ambulatoire peut-il éviter l'hospitalisation ?",
        ),
        (
            "Rechute dépressive sévère chez un patient connu du CMP.",
            "Quel rythme de visites à domicile pendant la phase aiguë ?",
        ),
    ],
    Pathway.TND: [
        (
            "Retard de langage et troubles de l'attention signalés par l'école.",
            "Quel bilan prioriser et dans quel ordre orienter l'enfant ?",
        ),
        (
            "Suspicion de trouble du spectre de l'autisme, parents en attente de diagnostic.",
            "Comment organiser le parcours de bilan et l'accompagnement des parents ?",
        ),
        (
            "Troubles des apprentissages, difficultés motrices fines.",
            "Quelles rééducations engager avant l'avis du centre de référence ?",
        ),
    ],
    Pathway.ELDERLY: [
        (
            "Chutes répétées, polymédication, aidante épuisée.",
            "Comment sécuriser le maintien à domicile et revoir l'ordonnance ?",
        ),
        (
            "Troubles cognitifs évolutifs, refus d'aide à domicile.",
            "Quel plan d'aide proposer et comment soutenir l'entourage ?",
        ),
        (
            "Dénutrition et perte d'autonomie après hospitalisation.",
            "Quelle coordination des soins de retour à domicile ?",
        ),
    ],
    Pathway.OTHER: [
        (
            "Diabète déséquilibré, précarité, rendez-vous manqués.",
            "Comment adapter le suivi à la situation sociale ?",
        ),
        (
            "Obésité sévère avec douleurs chroniques et isolement.",
            "Quel programme d'activité physique adaptée et d'accompagnement ?",
        ),
        (
            "Insuffisance cardiaque, hospitalisations répétées.",
            "Comment prévenir les décompensations à domicile ?",
        ),
    ],
}
# Four choices per list and pathway, so that the random draws stay the same for a seed.
_ADULT_SYNTHESIS = {
    "organic": [
        "Pas d'antécédent somatique notable.",
        "HTA traitée, bilan biologique récent normal.",
        "Tabagisme actif, syndrome métabolique débutant.",
        "Surpoids, sommeil perturbé.",
    ],
    "psychic": [
        "Humeur triste, ralentissement, pas d'idée suicidaire actuelle.",
        "Anxiété importante, ruminations, insight partiel.",
        "Idées délirantes persécutives, adhésion fragile aux soins.",
        "Thymie stable depuis trois mois.",
    ],
    "social": [
        "Vit seul, soutien d'une sœur, ressources faibles.",
        "En couple, deux enfants, emploi stable.",
        "Arrêt de travail prolongé, dettes locatives.",
        "Hébergé chez un ami, démarches AAH en cours.",
    ],
}
SYNTHESIS = {
    Pathway.MENTAL_HEALTH: _ADULT_SYNTHESIS,
    Pathway.USIPA: _ADULT_SYNTHESIS,
    Pathway.OTHER: _ADULT_SYNTHESIS,
    Pathway.TND: {
        "organic": [
            "Croissance normale, audition et vision contrôlées.",
            "Prématurité (33 SA), suivi pédiatrique régulier.",
            "Troubles du sommeil, sélectivité alimentaire.",
            "Pas d'antécédent notable, vaccinations à jour.",
        ],
        "psychic": [
            "Agitation motrice, attention très courte en classe.",
            "Comportement adapté, anxiété de séparation.",
            "Peu d'interactions avec les pairs, intérêts restreints.",
            "Frustration difficile à gérer, colères.",
        ],
        "social": [
            "Scolarisé en CE2, accompagnant AESH demandé.",
            "Scolarisé en moyenne section, parents séparés.",
            "Fratrie de trois, mère seule, PMI mobilisée.",
            "Scolarisé en CP, dossier MDPH en cours.",
        ],
    },
    Pathway.ELDERLY: {
        "organic": [
            "Polymédication (8 lignes), fonction rénale à surveiller.",
            "HTA et diabète, chute récente sans fracture.",
            "Insuffisance cardiaque, œdèmes des membres inférieurs.",
            "Dénutrition modérée, perte de 6 kg en trois mois.",
        ],
        "psychic": [
            "Troubles mnésiques évolutifs, MMS à 19/30.",
            "Humeur triste depuis le veuvage, repli.",
            "Anxiété vespérale, épisodes de confusion.",
            "Thymie stable, bonne adhésion aux soins.",
        ],
        "social": [
            "Vit à domicile avec son épouse, APA en cours.",
            "Vit seule, fille à 200 km, aide-ménagère 2 h/semaine.",
            "Aidant principal épuisé, demande de répit.",
            "Logement à étage, portage de repas refusé.",
        ],
    },
}
# Who refers a case of each pathway (and presents it): never a paediatrician for an adult, never
# a geriatrician for a child.
REFERRERS = {
    Pathway.MENTAL_HEALTH: [
        Profession.GENERAL_PRACTITIONER,
        Profession.PSYCHIATRIST,
        Profession.NURSE,
        Profession.SOCIAL_WORKER,
    ],
    Pathway.USIPA: [
        Profession.GENERAL_PRACTITIONER,
        Profession.PSYCHIATRIST,
        Profession.ADVANCED_PRACTICE_NURSE,
    ],
    Pathway.TND: [Profession.GENERAL_PRACTITIONER, Profession.PAEDIATRICIAN],
    Pathway.ELDERLY: [
        Profession.GENERAL_PRACTITIONER,
        Profession.GERIATRICIAN,
        Profession.NURSE,
        Profession.SOCIAL_WORKER,
    ],
    Pathway.OTHER: [Profession.GENERAL_PRACTITIONER, Profession.NURSE, Profession.SOCIAL_WORKER],
}

_GP = Profession.GENERAL_PRACTITIONER
_NURSES = (Profession.NURSE, Profession.ADVANCED_PRACTICE_NURSE)


class Action(NamedTuple):
    """A decision a session may take, and the professions that may own it."""

    text: str
    owners: tuple[Profession, ...]


DECISIONS = {
    Pathway.MENTAL_HEALTH: [
        Action(
            "Rédiger le plan de crise conjoint avec le patient",
            (Profession.PSYCHIATRIST, *_NURSES, _GP),
        ),
        Action("Adresser au CMP pour réévaluation du traitement", (_GP, Profession.PSYCHIATRIST)),
        Action("Mettre en place un passage infirmier hebdomadaire", _NURSES),
        Action(
            "Contacter la personne de confiance désignée",
            (*_NURSES, Profession.PSYCHOLOGIST, Profession.SOCIAL_WORKER, _GP),
        ),
        Action("Demander une aide au logement auprès du CCAS", (Profession.SOCIAL_WORKER,)),
    ],
    Pathway.USIPA: [
        Action("Visites à domicile trois fois par semaine", _NURSES),
        Action("Réévaluation psychiatrique à J7", (Profession.PSYCHIATRIST,)),
        Action(
            "Appel téléphonique quotidien pendant le week-end",
            (*_NURSES, Profession.PSYCHOLOGIST),
        ),
        Action(
            "Préparer la sortie du dispositif",
            (Profession.PSYCHIATRIST, Profession.ADVANCED_PRACTICE_NURSE, _GP),
        ),
    ],
    Pathway.TND: [
        Action("Bilan orthophonique", (Profession.SPEECH_THERAPIST,)),
        Action("Bilan psychomoteur", (Profession.PSYCHOMOTOR_THERAPIST,)),
        Action("Orienter vers la plateforme de coordination TND", (Profession.PAEDIATRICIAN, _GP)),
        Action(
            "Rencontre avec l'équipe enseignante",
            (Profession.EDUCATOR, Profession.PSYCHOLOGIST, Profession.PAEDIATRICIAN),
        ),
        Action("Constituer le dossier MDPH", (Profession.PAEDIATRICIAN, _GP, Profession.EDUCATOR)),
    ],
    Pathway.ELDERLY: [
        Action(
            "Révision de l'ordonnance avec le pharmacien",
            (Profession.PHARMACIST, Profession.GERIATRICIAN, _GP),
        ),
        Action("Évaluation ergothérapique du domicile", (Profession.OCCUPATIONAL_THERAPIST,)),
        Action("Mettre en place le portage de repas", (Profession.SOCIAL_WORKER,)),
        Action("Demande d'APA", (Profession.SOCIAL_WORKER,)),
        Action("Kinésithérapie de prévention des chutes", (Profession.PHYSIOTHERAPIST,)),
    ],
    Pathway.OTHER: [
        Action(
            "Éducation thérapeutique",
            (Profession.NURSE, Profession.PHARMACIST, Profession.DIETITIAN, _GP),
        ),
        Action(
            "Programme d'activité physique adaptée",
            (Profession.ADAPTED_PHYSICAL_ACTIVITY_TEACHER, Profession.PHYSIOTHERAPIST),
        ),
        Action(
            "Orientation vers l'assistante sociale",
            (Profession.SOCIAL_WORKER, Profession.NURSE, _GP),
        ),
        Action("Consultation diététique", (Profession.DIETITIAN,)),
    ],
}
NOTES = [
    "Présentation de la situation par le présentateur. Échanges sur les priorités.",
    "Discussion sur l'adhésion du patient et le rôle de l'entourage.",
    "Les participants s'accordent sur un plan gradué, réévalué à la prochaine séance.",
    "Point sur les actions précédentes : partiellement réalisées.",
]
PROPOSALS = [
    "Poursuite de la prise en charge coordonnée selon le plan ci-dessous.",
    "Renforcement du suivi et réévaluation à trois mois.",
    "Orientation vers le dispositif spécialisé et maintien du lien avec le médecin traitant.",
]
CLOSURE_REASONS = [
    "Situation stabilisée",
    "Relais pris par le CMP",
    "Déménagement hors territoire",
    "Entrée en EHPAD",
    "Objectifs atteints",
]

# Attachments: a line of the coordination note, a line of the letter to the GP.
NOTE_LINES = [
    "patient vu à domicile, observance correcte, sommeil amélioré.",
    "aidante épuisée, demande de répit à étudier.",
    "rendez-vous CMP manqué, rappel fait, nouveau créneau la semaine prochaine.",
    "pas de signe d'alerte ; prochaine visite dans huit jours.",
]
LETTER_LINES = [
    "Nous avons revu votre patient en consultation ; le traitement est poursuivi sans changement.",
    "Le bilan proposé est programmé ; nous vous adresserons les conclusions.",
    "La situation s'est améliorée ; un relais progressif vers le suivi de ville est envisagé.",
]

# Crisis-anticipation plans: one of each list per plan, the rest is the same text for all.
EARLY_WARNING_SIGNS = [
    "Insomnie, irritabilité, retrait social.",
    "Arrêt du traitement, dépenses inhabituelles.",
    "Idées noires verbalisées, consommation d'alcool accrue.",
]
TRIGGERS = ["Conflits familiaux", "Date anniversaire d'un deuil", "Perte d'emploi"]
CRISIS_PLAN_TEXTS = {
    "protective_factors": "Lien régulier avec l'infirmier, activité associative, soutien de la sœur.",
    "what_helps": "Être appelé par son prénom, un lieu calme, un contact rapide avec le psychiatre référent.",
    "what_to_avoid": "Les contentions, les discussions en groupe pendant la crise.",
    "treatment_preferences": "Préfère un traitement per os ; accepte une hospitalisation courte si nécessaire.",
    "treatments_to_avoid": "Halopéridol (effets secondaires marqués lors d'une hospitalisation antérieure).",
    "practical_arrangements": "Garde du chat confiée à la voisine ; prévenir l'employeur par la sœur.",
}
TRUSTED_ROLES = ["Mère", "Conjoint(e)", "Sœur", "Ami(e) proche", "Fils", "Fille"]

# USIPA (intensive ambulatory follow-up): (value, weight) mixes and the texts.
USIPA_OUTCOME_MIX = [
    (UsipaOutcome.HOSPITALISATION_AVOIDED, 65),
    (UsipaOutcome.HOSPITALISED, 20),
    (UsipaOutcome.LOST_TO_FOLLOW_UP, 10),
    (UsipaOutcome.OTHER, 5),
]
USIPA_CONTACT_MIX = [
    (UsipaContactKind.VISIT, 55),
    (UsipaContactKind.PHONE, 35),
    (UsipaContactKind.TELECONSULTATION, 10),
]
USIPA_INCLUSION_CRITERIA = (
    "Crise aiguë sans critère d'hospitalisation sous contrainte ; entourage présent ; "
    "accord du patient."
)
