"""The TND pathway: children at each step of the pathway in the period (PCO referral and
acceptance, first assessment and first intervention after the referral, MDPH filing and
decision), the median delay to each step, and the assessments and interventions started with
their median wait. One column, the TND pathway's (only its case files have a TND part).

Each count is a number of children (case files, one child each), protected like every patient
count; each median is over the children whose step is dated in the period (base: that count),
masked with it or when it rests on fewer children than the threshold. No relation ties these
rows together nor to the other tables: each one counts a different event of the year.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Pathway
from rcp_desktop.services.statistics.definitions import pathway_label
from rcp_desktop.services.statistics.disclosure import Cell, Key
from rcp_desktop.services.statistics.reader import PeriodData
from rcp_desktop.services.statistics.tables.builder import TableBuilder, tr

COLUMN = Pathway.TND.value

# (measure, label of the count, the step's date, label of the median, the delay's start)
STEPS: tuple[tuple[str, str, str, str, str | None], ...] = (
    (
        "tnd_referred",
        _N("core", "Enfants adressés à la PCO"),
        "pco_referred_on",
        _N("core", "Délai médian repérage → adressage à la PCO (jours)"),
        "first_concern_on",
    ),
    (
        "tnd_accepted",
        _N("core", "Adressages validés par la PCO"),
        "pco_accepted_on",
        _N("core", "Délai médian adressage → validation par la PCO (jours)"),
        "pco_referred_on",
    ),
    (
        "tnd_first_assessment",
        _N("core", "Enfants ayant commencé leur premier bilan après l'adressage"),
        "first_assessment_on",
        _N("core", "Délai médian adressage → premier bilan (jours)"),
        "pco_referred_on",
    ),
    (
        "tnd_first_intervention",
        _N("core", "Enfants ayant commencé leur première intervention après l'adressage"),
        "first_intervention_on",
        _N("core", "Délai médian adressage → première intervention (jours)"),
        "pco_referred_on",
    ),
    (
        "tnd_mdph_filed",
        _N("core", "Dossiers MDPH déposés"),
        "mdph_filed_on",
        "",
        None,
    ),
    (
        "tnd_mdph_decided",
        _N("core", "Décisions MDPH reçues"),
        "mdph_decision_on",
        _N("core", "Délai médian dépôt → décision MDPH (jours)"),
        "mdph_filed_on",
    ),
)


def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def build_tnd(b: TableBuilder, d: PeriodData, start: dt.date, end: dt.date) -> None:
    rows: list[tuple[str, list[Key | None]]] = []
    for measure, count_label, step, median_label, since in STEPS:
        children = [c for c in d.tnd_children if _in(getattr(c, step), start, end)]
        count = b.add((measure, COLUMN), Cell.patients({c.case_id for c in children}))
        rows.append((tr(count_label), [count]))
        if since is None:
            continue
        delays = [
            (getattr(c, step) - getattr(c, since)).days
            for c in children
            if getattr(c, since) is not None
        ]
        median = b.add(
            (measure + "_delay", COLUMN),
            Cell.derived(float(pystats.median(delays)) if delays else None, len(delays), count),
        )
        rows.append((tr(median_label), [median]))
    steps = d.tnd_steps
    started = b.add(
        ("tnd_steps_started", COLUMN), Cell.events(len(steps), {s.case_id for s in steps})
    )
    rows.append((tr(_N("core", "Bilans et interventions commencés")), [started]))
    waits = [
        ((s.started_on - s.prescribed_on).days, s.case_id)
        for s in steps
        if s.prescribed_on is not None
    ]
    wait = b.add(
        ("tnd_steps_wait", COLUMN),
        Cell.derived(
            float(pystats.median(w for w, _ in waits)) if waits else None,
            {case_id for _, case_id in waits},
            base=started,
        ),
    )
    label = _N("core", "Attente médiane prescription → début (jours)")
    rows.append((tr(label), [wait]))
    b.table(
        "tnd",
        tr(_N("core", "Parcours TND — étapes et délais")),
        tr(_N("core", "Indicateur")),
        [pathway_label(COLUMN)],
        rows,
        (COLUMN,),
        tr(
            _N(
                "core",
                "Enfants (dossiers du parcours TND) dont l'étape est datée de la période ; "
                "délais en jours, médiane sur ces enfants.",
            )
        ),
        decimals=1,
    )
