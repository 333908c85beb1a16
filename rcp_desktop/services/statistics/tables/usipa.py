"""USIPA (intensive ambulatory follow-up) episodes: inclusions, active episodes, exits by
outcome, mean duration, contacts per patient-week; by the pathway of each episode's case file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.services.statistics.definitions import (
    ALL,
    CASE_COLUMNS,
    OUTCOME_LABELS,
    OUTCOMES,
)
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


def build_usipa(b: TableBuilder, d: PeriodData, start: dt.date, end: dt.date) -> None:
    episodes = d.enrolments  # (id, pathway, case_id, inclusion, exit, outcome), active in period
    inclusions = case_counts(
        b,
        "usipa_inclusions",
        members_by_pathway((p, eid) for eid, p, _c, inc, _x, _o in episodes if start <= inc <= end),
    )
    active = case_counts(b, "usipa_active", members_by_pathway((p, eid) for eid, p, *_ in episodes))
    exited = [
        (eid, p, inc, ex, out)
        for eid, p, _c, inc, ex, out in episodes
        if ex is not None and start <= ex <= end
    ]
    exits = case_counts(b, "usipa_exits", members_by_pathway((p, eid) for eid, p, *_ in exited))
    by_outcome = []
    for outcome in OUTCOMES:
        by_outcome.append(
            case_counts(
                b,
                "usipa_exits_" + outcome.value,
                members_by_pathway((p, eid) for eid, p, _i, _x, out in exited if out is outcome),
            )
        )
    for col in range(len(CASE_COLUMNS)):
        b.relate(exits[col], [row[col] for row in by_outcome])
    durations: dict[str, list[int]] = defaultdict(list)
    for _eid, p, inc, ex, _out in exited:
        for code in (p.value, ALL):
            durations[code].append((ex - inc).days)
    duration = [
        b.add(
            ("usipa_duration", code),
            Cell.derived(
                sum(durations[code]) / len(durations[code]) if durations[code] else None,
                b.cells[exits[i]].members,
                base=exits[i],
            ),
        )
        for i, code in enumerate(CASE_COLUMNS)
    ]
    contacts = event_counts(
        b,
        "usipa_contacts",
        ((p, eid) for eid, p, *_ in episodes for _n in range(d.contacts.get(eid, 0))),
    )
    weeks: dict[str, float] = defaultdict(float)
    for _eid, p, _c, inc, ex, _out in episodes:
        stop = min(ex if ex is not None else d.today, end)
        days = (stop - max(inc, start)).days + 1
        if days > 0:
            for code in (p.value, ALL):
                weeks[code] += days / 7
    rate = []
    for i, code in enumerate(CASE_COLUMNS):
        n_contacts = b.cells[contacts[i]].value
        value = n_contacts / weeks[code] if weeks[code] > 0 else None
        rate.append(
            b.add(
                ("usipa_rate", code),
                Cell.derived(value, b.cells[active[i]].members, base=active[i]),
            )
        )
    rows = [
        (tr(_N("core", "Inclusions")), inclusions),
        (tr(_N("core", "Patients suivis pendant la période")), active),
        (tr(_N("core", "Sorties")), exits),
    ]
    rows += [
        (tr(_N("core", "dont : {outcome}")).format(outcome=tr(OUTCOME_LABELS[o])), keys)
        for o, keys in zip(OUTCOMES, by_outcome, strict=True)
    ]
    rows += [
        (tr(_N("core", "Durée moyenne de prise en charge (jours)")), duration),
        (tr(_N("core", "Contacts")), contacts),
        (tr(_N("core", "Contacts par semaine-patient")), rate),
    ]
    b.table(
        "usipa",
        tr(_N("core", "USIPA — suivi intensif ambulatoire")),
        tr(_N("core", "Indicateur")),
        column_labels(CASE_COLUMNS),
        rows,
        tuple(CASE_COLUMNS),
        tr(_N("core", "Parcours du dossier de chaque prise en charge.")),
        decimals=1,
    )
