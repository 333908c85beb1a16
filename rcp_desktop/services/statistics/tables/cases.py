"""Case-file indicators, by the case file's pathway: situations and presentations (with the
median delay from referral to first presentation), decisions, crisis plans."""

from __future__ import annotations

import statistics as pystats

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Pathway
from rcp_desktop.services.statistics.definitions import ALL, CASE_COLUMNS
from rcp_desktop.services.statistics.disclosure import Cell
from rcp_desktop.services.statistics.reader import PeriodData
from rcp_desktop.services.statistics.tables.builder import (
    TableBuilder,
    case_counts,
    column_labels,
    event_counts,
    tr,
)


def build_presentations(b: TableBuilder, d: PeriodData) -> None:
    situations = case_counts(b, "situations", d.situations)
    p = d.presentations
    total = event_counts(b, "presentations", p.get("all", {}))
    new = event_counts(b, "presentations_new", p.get("new", {}))
    follow = event_counts(b, "presentations_follow_up", p.get("follow_up", {}))
    discussed = event_counts(b, "presentations_discussed", p.get("discussed", {}))
    listed = event_counts(b, "presentations_listed", p.get("listed", {}))
    for i in range(len(CASE_COLUMNS)):
        # A case file may have been presented both as new and as a follow-up in the period.
        b.relate(total[i], (new[i], follow[i]), disjoint=False)
        b.relate(total[i], (discussed[i], listed[i]), disjoint=False)
    # Median delay referral → first presentation, for cases first presented in the period.
    delays = {code: list(d.first_delays.get(Pathway(code), [])) for code in CASE_COLUMNS[:-1]}
    delays[ALL] = [days for code in CASE_COLUMNS[:-1] for days in delays[code]]
    median = [
        b.add(
            ("delay_median", code),
            Cell.derived(
                float(pystats.median(delays[code])) if delays[code] else None, len(delays[code])
            ),
        )
        for code in CASE_COLUMNS
    ]
    b.table(
        "situations",
        tr(_N("core", "Situations et présentations")),
        tr(_N("core", "Indicateur")),
        column_labels(CASE_COLUMNS),
        [
            (tr(_N("core", "Situations présentées (dossiers distincts)")), situations),
            (tr(_N("core", "Présentations")), total),
            (tr(_N("core", "dont nouveaux dossiers")), new),
            (tr(_N("core", "dont suivis")), follow),
            (tr(_N("core", "dont discutées")), discussed),
            (tr(_N("core", "dont listées sans discussion")), listed),
            (tr(_N("core", "Délai médian adressage → 1re présentation (jours)")), median),
        ],
        tuple(CASE_COLUMNS),
        decimals=1,
    )


def build_decisions(b: TableBuilder, d: PeriodData) -> None:
    taken = event_counts(b, "decisions", d.decisions.get("taken", {}))
    done = event_counts(b, "decisions_done", d.decisions.get("done", {}))
    on_time = event_counts(b, "decisions_on_time", d.decisions.get("on_time", {}))
    overdue = event_counts(b, "decisions_overdue", d.decisions.get("overdue", {}))
    b.table(
        "decisions",
        tr(_N("core", "Décisions et actions du plan personnalisé")),
        tr(_N("core", "Indicateur")),
        column_labels(CASE_COLUMNS),
        [
            (tr(_N("core", "Décisions prises")), taken),
            (tr(_N("core", "dont réalisées")), done),
            (tr(_N("core", "dont réalisées dans les délais")), on_time),
            (tr(_N("core", "dont en retard (non réalisées, échéance dépassée)")), overdue),
        ],
        tuple(CASE_COLUMNS),
        tr(_N("core", "État des décisions au jour de l'export.")),
    )


def build_crisis_plans(b: TableBuilder, d: PeriodData) -> None:
    created = case_counts(b, "crisis_created", d.crisis_created)
    reviewed = case_counts(b, "crisis_reviewed", d.crisis_reviewed)
    b.table(
        "crisis_plans",
        tr(_N("core", "Plans de crise conjoints")),
        tr(_N("core", "Dossiers")),
        column_labels(CASE_COLUMNS),
        [
            (tr(_N("core", "Plans créés (première version)")), created),
            (tr(_N("core", "Plans révisés (nouvelle version)")), reviewed),
        ],
        tuple(CASE_COLUMNS),
    )
