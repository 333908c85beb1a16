"""Case-file indicators, by the case file's pathway: situations and presentations (with the
median delay from referral to first presentation), decisions, crisis plans."""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import defaultdict

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import OPEN_DECISION_STATUSES, DecisionStatus, ItemKind, Triage
from rcp_desktop.services.statistics.definitions import ALL, CASE_COLUMNS
from rcp_desktop.services.statistics.disclosure import Cell
from rcp_desktop.services.statistics.reader import PeriodData
from rcp_desktop.services.statistics.tables.builder import (
    TableBuilder,
    case_counts,
    column_labels,
    event_counts,
    members_by_pathway,
    tr,
)


def build_presentations(b: TableBuilder, d: PeriodData, start: dt.date, end: dt.date) -> None:
    items = [
        (d.cases[case_id][0], case_id, kind, triage)
        for _i, _m, _h, case_id, kind, triage in d.items
    ]
    situations = case_counts(b, "situations", members_by_pathway((p, c) for p, c, _k, _t in items))
    total = event_counts(b, "presentations", ((p, c) for p, c, _k, _t in items))
    new = event_counts(
        b, "presentations_new", ((p, c) for p, c, k, _t in items if k is ItemKind.NEW)
    )
    follow = event_counts(
        b, "presentations_follow_up", ((p, c) for p, c, k, _t in items if k is ItemKind.FOLLOW_UP)
    )
    discussed = event_counts(
        b,
        "presentations_discussed",
        ((p, c) for p, c, _k, t in items if t is Triage.FULL_DISCUSSION),
    )
    listed = event_counts(
        b, "presentations_listed", ((p, c) for p, c, _k, t in items if t is Triage.LISTED)
    )
    for i in range(len(CASE_COLUMNS)):
        b.relate(total[i], (new[i], follow[i]))
        b.relate(total[i], (discussed[i], listed[i]))
    # Median delay referral → first presentation, for cases first presented in the period.
    delays: dict[str, list[int]] = defaultdict(list)
    firsts: dict[str, set] = defaultdict(set)
    for case_id, first in d.first_presented.items():
        if start <= first <= end:
            pathway, opened, _patient = d.cases[case_id]
            for code in (pathway.value, ALL):
                delays[code].append((first - opened).days)
                firsts[code].add(case_id)
    median = [
        b.add(
            ("delay_median", code),
            Cell.derived(
                float(pystats.median(delays[code])) if delays[code] else None, firsts[code]
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
    rows = [(d.cases[c][0], c, status, due, done) for c, status, due, done in d.decisions]
    taken = event_counts(b, "decisions", ((p, c) for p, c, *_ in rows))
    done = event_counts(
        b, "decisions_done", ((p, c) for p, c, s, _due, _d in rows if s is DecisionStatus.DONE)
    )
    on_time = event_counts(
        b,
        "decisions_on_time",
        (
            (p, c)
            for p, c, s, due, fin in rows
            if s is DecisionStatus.DONE and due is not None and fin is not None and fin <= due
        ),
    )
    overdue = event_counts(
        b,
        "decisions_overdue",
        (
            (p, c)
            for p, c, s, due, _f in rows
            if s in OPEN_DECISION_STATUSES and due is not None and due < d.today
        ),
    )
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
    created = case_counts(
        b, "crisis_created", members_by_pathway((p, c) for c, p, v in d.plans if v == 1)
    )
    reviewed = case_counts(
        b, "crisis_reviewed", members_by_pathway((p, c) for c, p, v in d.plans if v >= 2)
    )
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
