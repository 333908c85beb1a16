"""Fictional, deterministic demo data for a CPTS of the north of Essonne.

Everything is invented: names are drawn from common French names, identifiers are generated
with valid check keys but belong to nobody. For a given seed and reference date the same data
come out. Writes go through the ORM in one audited transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from rcp_desktop.models import (
    AgendaItem,
    Attachment,
    Attendance,
    AttendanceMode,
    CaseFile,
    CaseStatus,
    CaseStatusChange,
    Consent,
    ConsentForm,
    ConsentKind,
    CrisisContactKind,
    CrisisPlanContact,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    IdentityStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Patient,
    Presence,
    Profession,
    Professional,
    Sex,
    Triage,
    UsipaContact,
    UsipaContactKind,
    UsipaEnrolment,
    UsipaOutcome,
    UsipaTeamMember,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceContext
from rcp_desktop.services.validation import nir_key

ProgressFn = Callable[[int, int], None]

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

SURNAMES = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MULLER",
    "LEFEVRE",
    "FAURE",
    "ANDRE",
    "MERCIER",
    "BLANC",
    "GUERIN",
    "BOYER",
    "GARNIER",
    "CHEVALIER",
    "FRANCOIS",
    "LEGRAND",
    "GAUTHIER",
    "GARCIA",
    "PERRIN",
    "ROBIN",
    "CLEMENT",
    "MORIN",
    "NICOLAS",
    "HENRY",
    "ROUSSEL",
    "MATHIEU",
    "GAUTIER",
    "MASSON",
    "MARCHAND",
    "DUVAL",
    "DENIS",
    "DUMONT",
    "MARIE",
    "LEMAIRE",
    "NOEL",
    "MEYER",
    "DUFOUR",
    "MEUNIER",
    "BRUN",
    "BLANCHARD",
    "GIRAUD",
    "JOLY",
    "RIVIERE",
    "LUCAS",
    "BRUNET",
    "GAILLARD",
    "BARBIER",
    "ARNAUD",
    "MARTINEZ",
    "GERARD",
    "ROCHE",
    "RENARD",
    "SCHMITT",
    "ROY",
    "LEROUX",
    "COLIN",
    "VIDAL",
    "CARON",
    "PICARD",
    "ROGER",
    "FABRE",
    "AUBERT",
    "LEMOINE",
    "RENAUD",
    "DUMAS",
    "LACROIX",
    "OLIVIER",
    "PHILIPPE",
    "BOURGEOIS",
    "PIERRE",
    "BENOIT",
    "REY",
    "LECLERC",
    "PAYET",
    "ROLLAND",
    "LECLERCQ",
    "GUILLAUME",
    "LECOMTE",
    "LOPEZ",
    "JEAN",
    "DUPUY",
    "GUILLOT",
    "HUBERT",
    "BERGER",
    "CARPENTIER",
    "SANCHEZ",
    "DUPUIS",
    "MOULIN",
    "LOUIS",
    "DESCHAMPS",
    "HUET",
    "VASSEUR",
    "PEREZ",
    "BOUCHER",
    "FLEURY",
    "ROYER",
    "KLEIN",
    "JACQUET",
    "ADAM",
    "PARIS",
    "POIRIER",
    "MARTY",
    "AUBRY",
    "GUYOT",
    "CARRE",
    "CHARLES",
    "RENAULT",
    "CHARPENTIER",
    "MENARD",
    "MAILLARD",
    "BARON",
    "BERTIN",
    "BAILLY",
    "HERVE",
    "SCHNEIDER",
    "FERNANDEZ",
    "LE-GALL",
    "COLLET",
    "LEGER",
    "BOUVIER",
    "JULIEN",
    "PREVOST",
    "MILLET",
    "PERROT",
    "DANIEL",
    "LE-ROUX",
    "COUSIN",
    "GERMAIN",
    "BRETON",
    "BESSON",
    "LANGLOIS",
    "REMY",
    "LE-GOFF",
    "PELLETIER",
    "LEVEQUE",
    "PERRIER",
    "LEBLANC",
    "BARRE",
    "LEBRUN",
    "MARCHAL",
    "WEBER",
    "MALLET",
    "HAMON",
    "BOULANGER",
    "JACOB",
    "MONNIER",
    "MICHAUD",
    "RODRIGUEZ",
    "GUICHARD",
    "GILLET",
    "ETIENNE",
    "GRONDIN",
    "POULAIN",
    "TESSIER",
    "CHEVALLIER",
    "COLLIN",
    "CHAUVIN",
    "DA-SILVA",
    "BOUCHET",
    "GAY",
    "LEMAITRE",
    "BENARD",
    "MARECHAL",
    "HUMBERT",
    "REYNAUD",
    "ANTOINE",
    "HOARAU",
    "PERRET",
    "BARTHELEMY",
    "CORDIER",
    "PICHON",
    "LEJEUNE",
    "GILBERT",
    "LAMY",
    "DELAUNAY",
    "PASQUIER",
    "CARLIER",
    "LAPORTE",
    "DIALLO",
    "TRAORE",
    "NGUYEN",
    "BENALI",
    "HADDAD",
    "MENDY",
    "KONATE",
]

FEMALE_NAMES = [
    "Marie",
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Jade",
    "Louise",
    "Lina",
    "Julie",
    "Anaïs",
    "Clara",
    "Élise",
    "Mathilde",
    "Pauline",
    "Lucie",
    "Charlotte",
    "Margaux",
    "Zoé",
    "Juliette",
    "Alice",
    "Nina",
    "Rose",
    "Anna",
    "Léna",
    "Lola",
    "Maëlys",
    "Océane",
    "Amandine",
    "Aurélie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Françoise",
    "Martine",
    "Monique",
    "Nicole",
    "Christine",
    "Valérie",
    "Sandrine",
    "Stéphanie",
    "Céline",
    "Sophie",
    "Véronique",
    "Brigitte",
    "Jacqueline",
    "Hélène",
    "Odile",
    "Yvette",
    "Simone",
    "Germaine",
    "Paulette",
    "Suzanne",
    "Denise",
    "Yasmine",
    "Fatoumata",
    "Aïcha",
    "Samia",
    "Mélissa",
    "Océane",
]

MALE_NAMES = [
    "Jean",
    "Pierre",
    "Michel",
    "Philippe",
    "Alain",
    "Patrick",
    "Nicolas",
    "Christophe",
    "Daniel",
    "Bernard",
    "Éric",
    "Frédéric",
    "Laurent",
    "Stéphane",
    "David",
    "Olivier",
    "Julien",
    "Thomas",
    "Sébastien",
    "Vincent",
    "Guillaume",
    "Antoine",
    "Maxime",
    "Alexandre",
    "Hugo",
    "Lucas",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Adam",
    "Raphaël",
    "Léo",
    "Nathan",
    "Théo",
    "Ethan",
    "Noah",
    "Paul",
    "Mathis",
    "Tom",
    "Enzo",
    "Clément",
    "Baptiste",
    "Romain",
    "Quentin",
    "Kevin",
    "Jérôme",
    "Thierry",
    "Gérard",
    "André",
    "René",
    "Marcel",
    "Robert",
    "Roger",
    "Henri",
    "Lucien",
    "Yanis",
    "Mehdi",
    "Karim",
    "Moussa",
    "Ibrahim",
    "Mamadou",
]

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

# Meeting series: (pathway, theme, weekday 0=Mon, week of month 1-4 or None = every other week, time)
SERIES = [
    (
        Pathway.MENTAL_HEALTH,
        "RCPT santé mentale — anticipation de crise",
        1,
        2,
        dt.time(20, 0),
        120,
    ),
    (Pathway.TND, "RCP parcours TND enfants", 3, 1, dt.time(12, 30), 90),
    (Pathway.ELDERLY, "RCP personnes âgées à domicile", 0, 3, dt.time(13, 0), 90),
    (Pathway.USIPA, "Staff USIPA — suivi intensif ambulatoire", 4, None, dt.time(9, 0), 60),
    (Pathway.OTHER, "RCP pluri-thématique", 1, 4, dt.time(19, 30), 90),
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
DECISIONS = {
    Pathway.MENTAL_HEALTH: [
        "Rédiger le plan de crise conjoint avec le patient",
        "Adresser au CMP pour réévaluation du traitement",
        "Mettre en place un passage infirmier hebdomadaire",
        "Contacter la personne de confiance désignée",
        "Demander une aide au logement auprès du CCAS",
    ],
    Pathway.USIPA: [
        "Visites à domicile trois fois par semaine",
        "Réévaluation psychiatrique à J7",
        "Appel téléphonique quotidien pendant le week-end",
        "Préparer la sortie du dispositif",
    ],
    Pathway.TND: [
        "Bilan orthophonique",
        "Bilan psychomoteur",
        "Orienter vers la plateforme de coordination TND",
        "Rencontre avec l'équipe enseignante",
        "Constituer le dossier MDPH",
    ],
    Pathway.ELDERLY: [
        "Révision de l'ordonnance avec le pharmacien",
        "Évaluation ergothérapique du domicile",
        "Mettre en place le portage de repas",
        "Demande d'APA",
        "Kinésithérapie de prévention des chutes",
    ],
    Pathway.OTHER: [
        "Éducation thérapeutique",
        "Programme d'activité physique adaptée",
        "Orientation vers l'assistante sociale",
        "Consultation diététique",
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
TRUSTED_ROLES = ["Mère", "Conjoint(e)", "Sœur", "Ami(e) proche", "Fils", "Fille"]


@dataclass
class DemoReport:
    professionals: int = 0
    patients: int = 0
    cases: int = 0
    meetings: int = 0
    items: int = 0
    decisions: int = 0
    crisis_plans: int = 0
    usipa_enrolments: int = 0
    usipa_contacts: int = 0
    attachments: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _luhn_digit(partial: str) -> str:
    for d in range(10):
        candidate = partial + str(d)
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return str(d)
    raise AssertionError("unreachable")


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


class DemoGenerator:
    def __init__(self, ctx: ServiceContext, *, years: int, seed: int, progress: ProgressFn | None):
        self.ctx = ctx
        self.years = years
        self.rng = random.Random(seed)
        # Its own generator: adding attachments changes nothing else the seed produces.
        self.extra_rng = random.Random(f"rcp-demo-extras-{seed}")
        self.today = ctx.today()
        self.start = self.today - dt.timedelta(days=round(365.25 * years))
        self.progress = progress or (lambda done, total: None)
        self.report = DemoReport()
        self.used_rpps: set[str] = set()
        self.used_nir: set[str] = set()
        self.case_seq: dict[int, int] = {}

    # --- helpers ------------------------------------------------------------------------------

    def pick_weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def person_name(self, sex: Sex) -> tuple[str, str]:
        first = self.rng.choice(FEMALE_NAMES if sex is Sex.FEMALE else MALE_NAMES)
        return self.rng.choice(SURNAMES).replace("-", " ").title().replace(" ", "-").upper(), first

    def rand_date(self, low: dt.date, high: dt.date) -> dt.date:
        span = max((high - low).days, 0)
        return low + dt.timedelta(days=self.rng.randint(0, span))

    def phone(self) -> str:
        head = self.rng.choice(["01 69", "01 60", "06 12", "07 68"])
        return f"{head} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"

    # --- professionals ------------------------------------------------------------------------

    def make_professionals(self, session) -> list[Professional]:
        n = min(40 + 8 * self.years, 160)
        pros = []
        # Make sure every pathway team and the coordination exist.
        required = [p for team in PATHWAY_TEAMS.values() for p in team] + [Profession.COORDINATOR]
        plan = list(dict.fromkeys(required)) + [
            self.pick_weighted(PROFESSION_MIX) for _ in range(n)
        ]
        for profession in plan:
            sex = self.rng.choice([Sex.FEMALE, Sex.MALE])
            last, first = self.person_name(sex)
            rpps = None
            adeli = None
            if profession in RPPS_PROFESSIONS or self.rng.random() < 0.5:
                while rpps is None or rpps in self.used_rpps:
                    partial = "10" + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
                    rpps = partial + _luhn_digit(partial)
                self.used_rpps.add(rpps)
            else:
                adeli = "91" + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
            slug = f"{first}.{last}".lower().replace(" ", "-")
            slug = slug.translate(str.maketrans("éèêëàâäîïôöûüçœ", "eeeeaaaiioouuco"))
            pro = Professional(
                last_name=last,
                first_name=first,
                profession=profession,
                rpps=rpps,
                adeli=adeli,
                structure=self.rng.choice(structures_for(profession)),
                commune=self.rng.choice(list(COMMUNES)),
                email=f"{slug}@exemple-sante.fr",
                phone=self.phone(),
                secure_email=f"{slug}@exemple.mssante.fr" if self.rng.random() < 0.7 else None,
                cpts_member=self.rng.random() < 0.75,
                active=self.rng.random() < 0.95,
            )
            session.add(pro)
            pros.append(pro)
        session.flush()
        self.report.professionals = len(pros)
        return pros

    # --- patients and cases -------------------------------------------------------------------

    def make_patient(
        self, session, pathway: Pathway, on: dt.date, gps: list[Professional]
    ) -> Patient:
        low, high = AGE_RANGE[pathway]
        age = self.rng.randint(low, high)
        birth = on - dt.timedelta(days=round(365.25 * age) + self.rng.randint(0, 364))
        sex = (
            self.rng.choice([Sex.FEMALE, Sex.MALE])
            if self.rng.random() > 0.005
            else Sex.UNDETERMINED
        )
        birth_name, first = self.person_name(Sex.MALE if sex is Sex.MALE else Sex.FEMALE)
        extra = self.rng.random()
        first_names = first
        if extra < 0.5:
            other_sex_names = FEMALE_NAMES if sex is Sex.FEMALE else MALE_NAMES
            first_names += " " + self.rng.choice(other_sex_names)
        used_name = None
        if sex is Sex.FEMALE and age > 25 and self.rng.random() < 0.2:
            used_name = self.person_name(Sex.MALE)[0]
        commune = self.rng.choice(list(COMMUNES))
        place = (
            COMMUNES[commune] if self.rng.random() < 0.4 else self.rng.choice(OTHER_BIRTH_PLACES)
        )
        nir = None
        if self.rng.random() < 0.6 and sex is not Sex.UNDETERMINED:
            while nir is None or nir in self.used_nir:
                body = (
                    ("1" if sex is Sex.MALE else "2")
                    + f"{birth.year % 100:02d}{birth.month:02d}"
                    + place
                    + f"{self.rng.randint(1, 999):03d}"
                )
                nir = body + f"{nir_key(body):02d}"
            self.used_nir.add(nir)
        gp = self.rng.choice(gps) if self.rng.random() < 0.85 else None
        patient = Patient(
            birth_name=birth_name,
            first_names=first_names,
            used_name=used_name,
            birth_date=birth,
            sex=sex,
            birth_place_code=place,
            identity_status=IdentityStatus.CHECKED
            if self.rng.random() < 0.6
            else IdentityStatus.PROVISIONAL,
            nir=nir,
            commune=commune,
            phone=self.phone() if self.rng.random() < 0.7 else None,
            gp_id=gp.id if gp else None,
            gp_free_text=None
            if gp
            else "Dr " + self.person_name(Sex.MALE)[0] + " (hors territoire)",
            ald=self.rng.random() < (0.6 if pathway is Pathway.ELDERLY else 0.3),
            c2s=self.rng.random() < 0.15,
        )
        session.add(patient)
        session.flush()
        roll = self.rng.random()
        if roll < 0.03:
            consent = Consent(
                patient_id=patient.id,
                kind=ConsentKind.EXCEPTION,
                given_on=on,
                reason="Patient hors d'état d'exprimer sa volonté ; situation d'urgence, "
                "information donnée à la personne de confiance.",
                recorded_by=self.ctx.actor.operator,
            )
        else:
            consent = Consent(
                patient_id=patient.id,
                kind=ConsentKind.CONSENT,
                given_on=on,
                form=ConsentForm.WRITTEN if roll < 0.7 else ConsentForm.ORAL,
                scope="Partage des informations utiles à la coordination entre les participants de la RCP.",
                recorded_by=self.ctx.actor.operator,
            )
        session.add(consent)
        self.report.patients += 1
        return patient

    def case_number(self, year: int) -> str:
        self.case_seq[year] = self.case_seq.get(year, 0) + 1
        return f"{year}-{self.case_seq[year]:04d}"

    def make_cases(self, session, pros: list[Professional]) -> list[CaseFile]:
        gps = [p for p in pros if p.profession is Profession.GENERAL_PRACTITIONER]
        referrers = gps + [
            p
            for p in pros
            if p.profession
            in (
                Profession.PSYCHIATRIST,
                Profession.PAEDIATRICIAN,
                Profession.NURSE,
                Profession.SOCIAL_WORKER,
            )
        ]
        per_year = 75
        n = round(per_year * self.years)
        cases: list[CaseFile] = []
        patients: list[tuple[Patient, Pathway]] = []
        opened_dates = sorted(
            self.rand_date(self.start, self.today - dt.timedelta(days=3)) for _ in range(n)
        )
        for opened in opened_dates:
            pathway = self.pick_weighted(PATHWAY_MIX)
            # Some patients come back in another pathway (crisis plan then USIPA, say).
            reuse = [p for p, pw in patients if pw in (Pathway.MENTAL_HEALTH, Pathway.USIPA)]
            if (
                pathway in (Pathway.MENTAL_HEALTH, Pathway.USIPA)
                and reuse
                and self.rng.random() < 0.08
            ):
                patient = self.rng.choice(reuse)
            else:
                patient = self.make_patient(session, pathway, opened, gps)
            patients.append((patient, pathway))
            reason, question = self.rng.choice(REFERRAL[pathway])
            case = CaseFile(
                number=self.case_number(opened.year),
                patient_id=patient.id,
                referrer_id=self.rng.choice(referrers).id,
                pathway=pathway,
                status=CaseStatus.OPEN,
                opened_on=opened,
                referral_reason=reason,
                question=question,
                synthesis_organic=self.rng.choice(SYNTHESIS[pathway]["organic"]),
                synthesis_psychic=self.rng.choice(SYNTHESIS[pathway]["psychic"]),
                synthesis_social=self.rng.choice(SYNTHESIS[pathway]["social"]),
                next_review_on=opened + dt.timedelta(days=self.rng.randint(7, 40)),
            )
            session.add(case)
            cases.append(case)
        session.flush()
        self.report.cases = len(cases)
        return cases

    # --- meetings -----------------------------------------------------------------------------

    def meeting_dates(self) -> list[tuple[tuple, dt.date]]:
        dates = []
        horizon = self.today + dt.timedelta(days=45)
        for series in SERIES:
            _pathway, _theme, weekday, week, _time, _duration = series
            if week is None:
                day = self.start + dt.timedelta(days=(weekday - self.start.weekday()) % 7)
                while day <= horizon:
                    dates.append((series, day))
                    day += dt.timedelta(days=14)
            else:
                year, month = self.start.year, self.start.month
                while True:
                    day = _nth_weekday(year, month, weekday, week)
                    if day > horizon:
                        break
                    if day >= self.start:
                        dates.append((series, day))
                    month += 1
                    if month == 13:
                        year, month = year + 1, 1
        dates.sort(key=lambda x: (x[1], x[0][4]))
        return dates

    def make_meetings(self, session, pros: list[Professional], cases: list[CaseFile]) -> None:
        by_profession: dict[Profession, list[Professional]] = {}
        for p in pros:
            by_profession.setdefault(p.profession, []).append(p)
        active_pros = [p for p in pros if p.active]
        coordinators = (
            by_profession.get(Profession.COORDINATOR, [])
            + by_profession[Profession.GENERAL_PRACTITIONER][:3]
        )
        presented: dict[int, int] = {}
        plans: dict[int, int] = {}
        schedule = self.meeting_dates()
        total = len(schedule)
        planned_seen: set[Pathway] = set()
        for index, (series, day) in enumerate(schedule):
            pathway, theme, _weekday, _week, start_time, duration = series
            is_past = day < self.today
            if not is_past and pathway in planned_seen and day > self.today + dt.timedelta(days=20):
                continue
            status = MeetingStatus.PLANNED
            if is_past:
                status = (
                    MeetingStatus.VALIDATED
                    if day < self.today - dt.timedelta(days=7)
                    else MeetingStatus.HELD
                )
            animator = self.rng.choice(coordinators)
            remote_meeting = self.rng.random() < 0.2
            meeting = Meeting(
                held_on=day,
                start_time=start_time,
                duration_minutes=duration,
                place=None if remote_meeting else self.rng.choice(PLACES),
                video_link=f"https://visio.exemple-sante.fr/rcp-{day.isoformat()}"
                if remote_meeting or self.rng.random() < 0.4
                else None,
                pathway=pathway,
                theme=theme,
                animator_id=animator.id,
                status=status,
                started_at=dt.datetime.combine(day, start_time) if is_past else None,
                ended_at=dt.datetime.combine(day, start_time) + dt.timedelta(minutes=duration)
                if is_past
                else None,
                validated_at=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9, 0))
                if status is MeetingStatus.VALIDATED
                else None,
                validated_by=self.ctx.actor.operator if status is MeetingStatus.VALIDATED else None,
            )
            session.add(meeting)
            session.flush()
            self.report.meetings += 1
            # Attendance: the pathway team plus a few GPs and the animator.
            team_pool = [
                p
                for prof in PATHWAY_TEAMS[pathway]
                for p in by_profession.get(prof, [])
                if p.active
            ]
            invited = set(self.rng.sample(team_pool, min(len(team_pool), self.rng.randint(5, 9))))
            invited.update(self.rng.sample(by_profession[Profession.GENERAL_PRACTITIONER], 3))
            invited.add(animator)
            present_professions = set()
            for pro in sorted(invited, key=lambda p: p.id):
                presence = Presence.EXPECTED
                mode = (
                    AttendanceMode.REMOTE
                    if (remote_meeting or self.rng.random() < 0.25)
                    else AttendanceMode.ON_SITE
                )
                arrived = None
                if is_past:
                    roll = self.rng.random()
                    presence = (
                        Presence.PRESENT
                        if roll < 0.72 or pro is animator
                        else (Presence.EXCUSED if roll < 0.92 else Presence.ABSENT)
                    )
                    if presence is Presence.PRESENT:
                        present_professions.add(pro.profession)
                        delay = self.rng.choice([0, 0, 0, 5, 10, 20])
                        arrived = (
                            dt.datetime.combine(day, start_time) + dt.timedelta(minutes=delay)
                        ).time()
                session.add(
                    Attendance(
                        meeting_id=meeting.id,
                        professional_id=pro.id,
                        role="Animateur" if pro is animator else None,
                        presence=presence,
                        mode=mode,
                        arrived_at=arrived,
                        signed=presence is Presence.PRESENT and mode is AttendanceMode.ON_SITE,
                    )
                )
            quorum = len(present_professions) >= 3 if is_past else None
            meeting.quorum_met = quorum
            # Agenda: new cases first, then those due for review.
            if status is MeetingStatus.PLANNED:
                if pathway in planned_seen:
                    continue
                planned_seen.add(pathway)
            due = [
                c
                for c in cases
                if c.pathway is pathway
                and c.status is not CaseStatus.CLOSED
                and c.opened_on < day
                and (c.id not in presented or (c.next_review_on and c.next_review_on <= day))
            ]
            due.sort(key=lambda c: (c.id in presented, c.next_review_on or c.opened_on))
            capacity = max(3, duration // 15)
            position = 0
            for case in due[:capacity]:
                position += 1
                kind = ItemKind.FOLLOW_UP if case.id in presented else ItemKind.NEW
                listed = kind is ItemKind.FOLLOW_UP and self.rng.random() < 0.15
                presenter = (
                    session.get(Professional, case.referrer_id) if case.referrer_id else animator
                )
                item = AgendaItem(
                    meeting_id=meeting.id,
                    case_id=case.id,
                    position=position,
                    kind=kind,
                    presenter_id=presenter.id,
                    planned_minutes=self.rng.choice([10, 15, 15, 20]),
                    question=case.question
                    if kind is ItemKind.NEW
                    else "Point d'étape sur le plan d'actions.",
                    triage=Triage.LISTED if listed else Triage.FULL_DISCUSSION,
                    standard_answer="Poursuite du plan en cours, sans changement."
                    if listed
                    else None,
                )
                session.add(item)
                self.report.items += 1
                if not is_past:
                    continue
                presented[case.id] = presented.get(case.id, 0) + 1
                item.quorum_met = quorum
                item.started_at = dt.datetime.combine(day, start_time) + dt.timedelta(
                    minutes=15 * (position - 1)
                )
                item.ended_at = item.started_at + dt.timedelta(
                    minutes=item.planned_minutes + self.rng.randint(-3, 6)
                )
                review = day + dt.timedelta(days=self.rng.choice([28, 42, 56, 84]))
                item.next_review_on = review
                case.next_review_on = review
                case.status = CaseStatus.FOLLOW_UP
                if not listed:
                    item.discussion_notes = self.rng.choice(NOTES)
                    item.proposal = self.rng.choice(PROPOSALS)
                    session.flush()
                    self.make_decisions(session, item, case, day, active_pros)
                if case.pathway in (Pathway.MENTAL_HEALTH, Pathway.USIPA):
                    self.maybe_crisis_plan(session, case, meeting, plans, by_profession)
                if presented[case.id] >= self.rng.randint(2, 6) and day < self.today - dt.timedelta(
                    days=60
                ):
                    case.status = CaseStatus.CLOSED
                    case.closed_on = day
                    case.closure_reason = self.rng.choice(CLOSURE_REASONS)
                    case.next_review_on = None
            if index % 10 == 0:
                session.flush()
                self.progress(index + 1, total)

    def make_decisions(
        self, session, item: AgendaItem, case: CaseFile, day: dt.date, pros: list[Professional]
    ) -> None:
        for description in self.rng.sample(DECISIONS[case.pathway], self.rng.randint(1, 3)):
            due = day + dt.timedelta(days=self.rng.choice([14, 21, 30, 45, 60]))
            status = DecisionStatus.TODO
            completed = note = None
            differs = None
            reason = None
            if due < self.today:
                roll = self.rng.random()
                # Old actions have mostly been seen to; the recent ones are still open.
                age = (self.today - due).days
                done, cancelled, started = (
                    (0.72, 0.77, 0.87)
                    if age < 60
                    else (0.85, 0.91, 0.96)
                    if age < 180
                    else (0.93, 0.98, 0.99)
                )
                if roll < done:
                    status = DecisionStatus.DONE
                    completed = min(self.today, due + dt.timedelta(days=self.rng.randint(-14, 10)))
                    completed = max(completed, day)
                    note = "Réalisé."
                    differs = self.rng.random() < 0.1
                    reason = "Adapté à la demande du patient." if differs else None
                elif roll < cancelled:
                    status = DecisionStatus.CANCELLED
                    note = "Devenu sans objet."
                elif roll < started:
                    status = DecisionStatus.IN_PROGRESS
            elif self.rng.random() < 0.3:
                status = DecisionStatus.IN_PROGRESS
            session.add(
                Decision(
                    item_id=item.id,
                    description=description,
                    owner_id=self.rng.choice(pros).id,
                    due_on=due,
                    status=status,
                    completed_on=completed,
                    completion_note=note,
                    differs_from_proposal=differs,
                    difference_reason=reason,
                )
            )
            self.report.decisions += 1

    def maybe_crisis_plan(
        self,
        session,
        case: CaseFile,
        meeting: Meeting,
        plans: dict[int, int],
        by_profession: dict[Profession, list[Professional]],
    ) -> None:
        version = plans.get(case.id, 0)
        if version == 0 and self.rng.random() > 0.7:
            return
        if version > 0 and self.rng.random() > 0.3:
            return
        version += 1
        plans[case.id] = version
        plan = CrisisPlanVersion(
            case_id=case.id,
            version=version,
            drawn_up_on=meeting.held_on,
            reviewed_meeting_id=meeting.id,
            early_warning_signs=self.rng.choice(
                [
                    "Insomnie, irritabilité, retrait social.",
                    "Arrêt du traitement, dépenses inhabituelles.",
                    "Idées noires verbalisées, consommation d'alcool accrue.",
                ]
            ),
            triggers=self.rng.choice(
                ["Conflits familiaux", "Date anniversaire d'un deuil", "Perte d'emploi"]
            ),
            protective_factors="Lien régulier avec l'infirmier, activité associative, soutien de la sœur.",
            what_helps="Être appelé par son prénom, un lieu calme, un contact rapide avec le psychiatre référent.",
            what_to_avoid="Les contentions, les discussions en groupe pendant la crise.",
            treatment_preferences="Préfère un traitement per os ; accepte une hospitalisation courte si nécessaire.",
            treatments_to_avoid="Halopéridol (effets secondaires marqués lors d'une hospitalisation antérieure).",
            practical_arrangements="Garde du chat confiée à la voisine ; prévenir l'employeur par la sœur.",
            next_review_on=meeting.held_on + dt.timedelta(days=180),
        )
        session.add(plan)
        session.flush()
        last, first = self.person_name(self.rng.choice([Sex.FEMALE, Sex.MALE]))
        session.add(
            CrisisPlanContact(
                plan_id=plan.id,
                kind=CrisisContactKind.TRUSTED_PERSON,
                position=1,
                name=f"{first} {last}",
                role=self.rng.choice(TRUSTED_ROLES),
                phone=self.phone(),
                when_to_call="Dès les premiers signes d'alerte.",
            )
        )
        order = 1
        for prof in (Profession.PSYCHIATRIST, Profession.GENERAL_PRACTITIONER, Profession.NURSE):
            candidates = by_profession.get(prof)
            if candidates:
                order += 1
                session.add(
                    CrisisPlanContact(
                        plan_id=plan.id,
                        kind=CrisisContactKind.PROFESSIONAL,
                        position=order,
                        professional_id=self.rng.choice(candidates).id,
                        when_to_call="En semaine aux heures ouvrables."
                        if order > 2
                        else "En premier recours.",
                    )
                )
        self.report.crisis_plans += 1

    # --- USIPA --------------------------------------------------------------------------------

    def make_usipa(self, session, pros: list[Professional], cases: list[CaseFile]) -> None:
        team_pool = [p for p in pros if p.profession in PATHWAY_TEAMS[Pathway.USIPA] and p.active]
        for case in cases:
            if case.pathway is not Pathway.USIPA:
                continue
            inclusion = case.opened_on + dt.timedelta(days=self.rng.randint(1, 10))
            if inclusion >= self.today:
                continue
            weeks = self.rng.randint(3, 12)
            planned = self.rng.randint(2, 5)
            exit_on = inclusion + dt.timedelta(weeks=weeks)
            exited = exit_on < self.today
            outcome = (
                self.pick_weighted(
                    [
                        (UsipaOutcome.HOSPITALISATION_AVOIDED, 65),
                        (UsipaOutcome.HOSPITALISED, 20),
                        (UsipaOutcome.LOST_TO_FOLLOW_UP, 10),
                        (UsipaOutcome.OTHER, 5),
                    ]
                )
                if exited
                else None
            )
            enrolment = UsipaEnrolment(
                case_id=case.id,
                inclusion_on=inclusion,
                inclusion_criteria="Crise aiguë sans critère d'hospitalisation sous contrainte ; entourage présent ; accord du patient.",
                planned_contacts_per_week=planned,
                exit_on=exit_on if exited else None,
                exit_outcome=outcome,
                exit_note="Relais CMP organisé." if exited else None,
            )
            session.add(enrolment)
            session.flush()
            team = self.rng.sample(team_pool, min(len(team_pool), self.rng.randint(3, 4)))
            for pro in team:
                session.add(UsipaTeamMember(enrolment_id=enrolment.id, professional_id=pro.id))
            end = min(exit_on if exited else self.today, self.today)
            day = inclusion
            while day <= end:
                for _ in range(max(0, planned + self.rng.randint(-1, 1))):
                    contact_day = day + dt.timedelta(days=self.rng.randint(0, 6))
                    contact = UsipaContact(
                        enrolment_id=enrolment.id,
                        contact_on=contact_day,
                        professional_id=self.rng.choice(team).id,
                        kind=self.pick_weighted(
                            [
                                (UsipaContactKind.VISIT, 55),
                                (UsipaContactKind.PHONE, 35),
                                (UsipaContactKind.TELECONSULTATION, 10),
                            ]
                        ),
                        note="Entretien de suivi ; pas de signe d'alerte."
                        if self.rng.random() < 0.8
                        else "Anxiété en hausse, appel du psychiatre prévu.",
                    )
                    # A contact planned after the exit or after today has not happened (drawn
                    # anyway, so the rest of the demo stays the same for a given seed).
                    if contact_day <= end:
                        session.add(contact)
                        self.report.usipa_contacts += 1
                day += dt.timedelta(days=7)
            self.report.usipa_enrolments += 1

    # --- case status history and attachments -------------------------------------------------

    def presentation_days(self, session) -> dict[int, list[dt.date]]:
        days: dict[int, list[dt.date]] = {}
        rows = session.execute(
            select(AgendaItem.case_id, Meeting.held_on)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.held_on < self.today)
            .order_by(Meeting.held_on)
        )
        for case_id, day in rows:
            days.setdefault(case_id, []).append(day)
        return days

    def make_status_history(
        self, session, cases: list[CaseFile], days: dict[int, list[dt.date]]
    ) -> None:
        """The status changes the generator made: in follow-up from the first presentation,
        closed on the closing session."""
        for case in cases:
            if case.status is CaseStatus.OPEN or case.id not in days:
                continue
            session.add(
                CaseStatusChange(
                    case_id=case.id,
                    status=CaseStatus.FOLLOW_UP,
                    previous_status=CaseStatus.OPEN,
                    changed_on=days[case.id][0],
                    recorded_by=self.ctx.actor.operator,
                    recorded_at=dt.datetime.combine(days[case.id][0], dt.time(22, 0)),
                )
            )
            if case.status is CaseStatus.CLOSED:
                session.add(
                    CaseStatusChange(
                        case_id=case.id,
                        status=CaseStatus.CLOSED,
                        previous_status=CaseStatus.FOLLOW_UP,
                        changed_on=case.closed_on,
                        reason=case.closure_reason,
                        recorded_by=self.ctx.actor.operator,
                        recorded_at=dt.datetime.combine(case.closed_on, dt.time(22, 0)),
                    )
                )

    def make_attachments(
        self, session, cases: list[CaseFile], days: dict[int, list[dt.date]]
    ) -> None:
        """A few small fictional documents: a coordination note (text), a follow-up chart (PNG),
        a letter (PDF); the most presented case gets all three."""
        rng = self.extra_rng
        makers = [self.note_attachment, self.chart_attachment, self.letter_attachment]
        showcase = max(cases, key=lambda c: (len(days.get(c.id, [])), -c.id)) if cases else None
        for case in cases:
            if case is showcase:
                chosen = makers
            else:
                roll = rng.random()
                chosen = (
                    [makers[0]]
                    if roll < 0.04
                    else [makers[1]]
                    if roll < 0.07
                    else [makers[2]]
                    if roll < 0.10
                    else []
                )
            for make in chosen:
                when = days.get(case.id, [case.opened_on])[0]
                when = min(when + dt.timedelta(days=rng.randint(0, 6)), self.today)
                filename, mime, content, description = make(case, when)
                session.add(
                    Attachment(
                        case_id=case.id,
                        filename=filename,
                        mime_type=mime,
                        description=description,
                        size=len(content),
                        content=content,
                        added_at=dt.datetime.combine(when, dt.time(10, 30)),
                        added_by=self.ctx.actor.operator,
                    )
                )
                self.report.attachments += 1

    def note_attachment(self, case: CaseFile, when: dt.date) -> tuple[str, str, bytes, str]:
        text = (
            f"Note de coordination — {when.strftime('%d/%m/%Y')}\n"
            f"Dossier {case.number} (données fictives de démonstration)\n\n"
            f"Appel de l'infirmière du secteur : {self.extra_rng.choice(NOTE_LINES)}\n"
            f"À évoquer à la prochaine RCP : {case.question}\n"
        )
        return (
            f"note-coordination-{when.isoformat()}.txt",
            "text/plain",
            text.encode("utf-8"),
            "Note téléphonique",
        )

    def chart_attachment(self, case: CaseFile, when: dt.date) -> tuple[str, str, bytes, str]:
        values = [self.extra_rng.randint(30, 70) for _ in range(8)]
        return "courbe-de-suivi.png", "image/png", _chart_png(values), "Courbe de suivi (schéma)"

    def letter_attachment(self, case: CaseFile, when: dt.date) -> tuple[str, str, bytes, str]:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
        pdf.setTitle("Courrier (démonstration)")
        y = 780
        for line in (
            "Courrier de liaison au médecin traitant et à la RCP",
            f"Le {when.strftime('%d/%m/%Y')} — dossier {case.number}",
            "",
            "Cher confrère,",
            self.extra_rng.choice(LETTER_LINES),
            "Je reste à votre disposition pour en discuter en RCP.",
            "",
            "Document fictif généré pour la démonstration.",
        ):
            pdf.drawString(72, y, line)
            y -= 20
        pdf.showPage()
        pdf.save()
        return (
            "courrier-de-liaison.pdf",
            "application/pdf",
            buffer.getvalue(),
            "Courrier de liaison",
        )

    # --- all ----------------------------------------------------------------------------------

    def run(self, session) -> DemoReport:
        self.progress(0, 1)
        pros = self.make_professionals(session)
        cases = self.make_cases(session, pros)
        self.make_usipa(session, pros, cases)
        self.make_meetings(session, pros, cases)
        session.flush()
        days = self.presentation_days(session)
        self.make_status_history(session, cases, days)
        self.make_attachments(session, cases, days)
        return self.report


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


def _chart_png(values: list[int], width: int = 160, height: int = 100) -> bytes:
    """A tiny line chart as a PNG (no imaging library): white, grey axes, a blue line."""
    pixels = [[(255, 255, 255)] * width for _ in range(height)]
    for x in range(10, width - 5):
        pixels[height - 10][x] = (120, 120, 120)
    for y in range(5, height - 9):
        pixels[y][10] = (120, 120, 120)
    step = (width - 20) / max(len(values) - 1, 1)
    points = [(10 + round(i * step), height - 10 - v) for i, v in enumerate(values)]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        for t in range(101):
            x = round(x0 + (x1 - x0) * t / 100)
            y = round(y0 + (y1 - y0) * t / 100)
            for dy in (0, 1):
                if 0 <= y + dy < height:
                    pixels[y + dy][x] = (26, 95, 180)
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def generate(
    ctx: ServiceContext, *, years: int = 2, seed: int = 1, progress: ProgressFn | None = None
) -> DemoReport:
    """Fill the database with *years* of fictional activity ending today."""
    if not 1 <= years <= 30:
        raise ValueError("years must be between 1 and 30")
    generator = DemoGenerator(ctx, years=years, seed=seed, progress=progress)
    with ctx.db.write(ctx.actor) as session:
        report = generator.run(session)
        settings_mod.put(session, settings_mod.CPTS_NAME, CPTS_NAME)
        settings_mod.put(session, settings_mod.DEMO, True)
    return report
