"""What the ACI statistics count: the vocabulary of the tables (pathway columns, age bands,
labels) and the definitions printed in every export's method note (:data:`DEFINITIONS`, the
French text of the list below).

Definitions
    Period: from ``start`` to ``end``, both included, on the session date (``held_on``).
    Session held: status "held" or "minutes validated" (planned and in-progress sessions are not
        counted). Session indicators use the session's own pathway ("Sans parcours" when the
        session has none); case indicators use the case file's pathway.
    Attendance: professionals marked present. Mean attendance = presences / sessions held.
        Quorum: at least *Q* different professions present (Q = the quorum setting).
    Professionals mobilised: distinct professionals present at a session held in the period;
        CPTS member as recorded in the directory today.
    Situations presented: distinct case files with an agenda item at a session held in the
        period; presentations: those agenda items (new / follow-up as planned on the agenda;
        discussed / listed-not-discussed after the triage).
    Median delay: days from the opening of the case file (referral) to its first presentation
        ever at a held session, for the cases whose first presentation falls in the period.
    Decisions taken: decisions recorded on an agenda item of a session held in the period; their
        state is the one on the day of the export: done; done on time (completed on or before
        the due date; decisions without a due date are not "on time"); overdue (to do or in
        progress with a due date before the day of the export).
    Patients: distinct patients with at least one situation presented in the period. Each is
        attached to the pathway of their first presentation of the period (earliest session,
        then pathway order), so the pathway columns add up to the total. Age in completed years
        on the last day of the period; bands 0–17, 18–39, 40–59, 60–74, 75 and over; "> 70 ans"
        means 71 or older on that day. Commune as recorded; a commune with fewer than 11
        patients over the whole period (the threshold, if lower, on screen) is grouped into
        "Autres communes".
    Crisis plans: case files whose first plan version (version 1) is dated in the period
        (created); case files with a later version (2 or more) dated in the period (reviewed).
    USIPA: inclusions dated in the period; episodes active during the period (included on or
        before its end, not exited before its start); exits dated in the period, by outcome;
        mean duration in days from inclusion to exit of those exits; contacts dated in the
        period per patient-week (days of active follow-up inside the period — up to the exit,
        or to the day of the export for an episode still open — divided by 7).
    TND: TND case files (one child each) whose step is dated in the period — PCO referral,
        PCO acceptance, first assessment and first intervention started on or after the
        referral, MDPH filing, MDPH decision —, with the median delay in days from the previous
        step (first concern, referral, filing) for those whose two dates are known; assessments
        and interventions started in the period, and their median wait from prescription.
"""

from __future__ import annotations

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Pathway, Sex, UsipaOutcome

PATHWAYS: tuple[Pathway, ...] = tuple(Pathway)
ALL = "*"
NO_PATHWAY = "none"
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-39", 18, 39),
    ("40-59", 40, 59),
    ("60-74", 60, 74),
    ("75+", 75, None),
)
AGE_LABELS = {
    "0-17": _N("core", "0–17 ans"),
    "18-39": _N("core", "18–39 ans"),
    "40-59": _N("core", "40–59 ans"),
    "60-74": _N("core", "60–74 ans"),
    "75+": _N("core", "75 ans et plus"),
}
SEXES: tuple[Sex, ...] = (Sex.FEMALE, Sex.MALE, Sex.UNDETERMINED)
OUTCOMES: tuple[UsipaOutcome, ...] = tuple(UsipaOutcome)
PATHWAY_LABELS = {
    Pathway.MENTAL_HEALTH: _N("core", "Santé mentale"),
    Pathway.USIPA: _N("core", "USIPA"),
    Pathway.TND: _N("core", "TND"),
    Pathway.ELDERLY: _N("core", "Personnes âgées"),
    Pathway.OTHER: _N("core", "Autre parcours"),
}
# Own labels: enum members of different classes sharing a value ("other") share a label in
# models.enums, so the statistics name their outcomes themselves.
OUTCOME_LABELS = {
    UsipaOutcome.HOSPITALISATION_AVOIDED: _N("core", "Hospitalisation évitée"),
    UsipaOutcome.HOSPITALISED: _N("core", "Hospitalisé"),
    UsipaOutcome.LOST_TO_FOLLOW_UP: _N("core", "Perdu de vue"),
    UsipaOutcome.OTHER: _N("core", "Autre issue"),
}
OTHER_COMMUNES = "__other__"
NO_COMMUNE = "__none__"

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        _N("core", "Période"),
        _N("core", "Du premier au dernier jour indiqués, inclus, selon la date de la séance."),
    ),
    (
        _N("core", "Séance tenue"),
        _N(
            "core",
            "Séance au statut « Tenue » ou « Compte rendu validé » ; les séances planifiées "
            "ou en cours ne sont pas comptées. Les indicateurs de séance suivent le parcours "
            "de la séance (« Sans parcours » s'il n'est pas précisé) ; les indicateurs de "
            "dossier suivent le parcours du dossier.",
        ),
    ),
    (
        _N("core", "Présence, quorum"),
        _N(
            "core",
            "Professionnels notés présents. Présence moyenne = présences / séances tenues. "
            "Quorum : au moins {quorum} professions différentes présentes.",
        ),
    ),
    (
        _N("core", "Professionnels mobilisés"),
        _N(
            "core",
            "Professionnels distincts présents à au moins une séance tenue de la période ; "
            "membre de la CPTS selon l'annuaire au jour de l'export.",
        ),
    ),
    (
        _N("core", "Situations, présentations"),
        _N(
            "core",
            "Situation présentée : dossier distinct inscrit à l'ordre du jour d'une séance "
            "tenue de la période. Présentation : chaque inscription (nouveau ou suivi selon "
            "l'ordre du jour ; discutée ou listée sans discussion selon le tri).",
        ),
    ),
    (
        _N("core", "Délai médian"),
        _N(
            "core",
            "Jours entre l'ouverture du dossier (adressage) et sa toute première présentation "
            "en séance tenue, pour les dossiers présentés pour la première fois dans la "
            "période.",
        ),
    ),
    (
        _N("core", "Décisions"),
        _N(
            "core",
            "Décisions prises lors d'une séance tenue de la période, dans leur état au jour "
            "de l'export : réalisées ; réalisées dans les délais (au plus tard à l'échéance, "
            "les décisions sans échéance n'étant pas comptées) ; en retard (à faire ou en "
            "cours, échéance dépassée au jour de l'export).",
        ),
    ),
    (
        _N("core", "Patients"),
        _N(
            "core",
            "Patients distincts dont au moins une situation a été présentée dans la période. "
            "Chacun est rattaché au parcours de sa première présentation de la période, de "
            "sorte que les parcours s'additionnent. Âge révolu au dernier jour de la période "
            "(« plus de 70 ans » : 71 ans ou plus). Les communes de moins de {communes} "
            "patients sont regroupées dans « Autres communes ».",
        ),
    ),
    (
        _N("core", "Plans de crise"),
        _N(
            "core",
            "Créés : dossiers dont la version 1 du plan est datée de la période. Révisés : "
            "dossiers dont une version 2 ou suivante est datée de la période.",
        ),
    ),
    (
        _N("core", "USIPA"),
        _N(
            "core",
            "Inclusions datées de la période ; patients suivis : prises en charge actives "
            "pendant la période ; sorties datées de la période, par issue ; durée moyenne "
            "(jours) de ces prises en charge ; contacts datés de la période par "
            "semaine-patient (jours de suivi compris dans la période, jusqu'à la sortie ou "
            "au jour de l'export, divisés par 7).",
        ),
    ),
    (
        _N("core", "Parcours TND"),
        _N(
            "core",
            "Dossiers du parcours TND (un enfant chacun) dont l'étape est datée de la période : "
            "adressage à la PCO, validation par la PCO, premier bilan et première intervention "
            "commencés à partir de l'adressage, dépôt du dossier MDPH, décision MDPH. Délai "
            "médian en jours jusqu'à cette étape depuis la précédente (repérage, adressage, "
            "dépôt), pour les enfants dont les deux dates sont connues. Bilans et interventions "
            "commencés dans la période, et attente médiane entre leur prescription et leur début.",
        ),
    ),
    (
        _N("core", "Secret statistique"),
        _N(
            "core",
            "Tout effectif de patients inférieur à {threshold}, zéro compris, est masqué "
            "(« s »), ainsi que les cases qu'il faut masquer en plus pour qu'aucun de ces "
            "effectifs ne puisse être recalculé ni encadré plus étroitement que « de 0 à "
            "{small} » à partir des totaux, des autres tableaux de l'export ou des groupes "
            "qu'ils permettent de calculer (patients sans ALD, âgés de 71 à 74 ans…) ; la "
            "vérification se fait par programmation linéaire sur l'ensemble de l'export. Un "
            "nombre d'événements (présentations, décisions, contacts) concernant moins de "
            "{threshold} patients et une moyenne ou une médiane calculée sur moins de "
            "{threshold} patients sont aussi masqués. Les professions de moins de trois "
            "professionnels sont regroupées. Aucune donnée nominative, date de naissance, NIR, "
            "adresse, texte libre ni identifiant ne figure dans l'export.",
        ),
    ),
)

# Columns of the tables broken down by pathway: case indicators follow the case file's pathway,
# session indicators the session's own (or none); the last column is the total.
CASE_COLUMNS = [*(p.value for p in PATHWAYS), ALL]
SESSION_COLUMNS = [*(p.value for p in PATHWAYS), NO_PATHWAY, ALL]


def pathway_label(code: str) -> str:
    """Short French label of a pathway code, "none" or "*" (as used in the tables)."""
    if code == ALL:
        return translate(_N("core", "Total"))
    if code == NO_PATHWAY:
        return translate(_N("core", "Sans parcours"))
    return translate(PATHWAY_LABELS[Pathway(code)])
