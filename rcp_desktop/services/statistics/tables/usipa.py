"""USIPA (intensive ambulatory follow-up) episodes: inclusions, active episodes, exits by
outcome, mean duration, contacts per patient-week; by the pathway of each episode's case file."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Pathway
from rcp_desktop.services.statistics.definitions import (
    ALL,
    CASE_COLUMNS,
    OUTCOME_LABELS,
    OUTCOMES,
    PATHWAYS,
)
from rcp_desktop.services.statistics.disclosure import Cell
from rcp_desktop.services.statistics.reader import EpisodeRow, PeriodData, Tally
from rcp_desktop.services.statistics.tables.builder import (
    TableBuilder,
    case_counts,
    column_labels,
    event_counts,
    hidden_counts,
    tr,
)


def _per_pathway(episodes: Iterable[EpisodeRow]) -> Counter[Pathway]:
    return Counter(e.pathway for e in episodes)


def build_usipa(b: TableBuilder, d: PeriodData, start: dt.date, end: dt.date) -> None:
    episodes = d.episodes  # active in the period
    inclusions = case_counts(
        b, "usipa_inclusions", _per_pathway(e for e in episodes if start <= e.inclusion_on <= end)
    )
    active = case_counts(b, "usipa_active", _per_pathway(episodes))
    exited = [e for e in episodes if e.exit_on is not None and start <= e.exit_on <= end]
    exits = case_counts(b, "usipa_exits", _per_pathway(exited))
    by_outcome = [
        case_counts(
            b,
            "usipa_exits_" + outcome.value,
            _per_pathway(e for e in exited if e.outcome is outcome),
        )
        for outcome in OUTCOMES
    ]
    for col in range(len(CASE_COLUMNS)):
        b.relate(exits[col], [row[col] for row in by_outcome])
    # What a reader computes without it being printed: the episodes carried over from before
    # the period (followed minus included) and those still open at its end (followed minus
    # exits).
    carried = hidden_counts(
        b, "usipa_carried", _per_pathway(e for e in episodes if e.inclusion_on < start)
    )
    ongoing = hidden_counts(
        b,
        "usipa_ongoing",
        _per_pathway(e for e in episodes if e.exit_on is None or e.exit_on > end),
    )
    for col in range(len(CASE_COLUMNS)):
        b.relate(active[col], [inclusions[col], carried[col]])
        b.relate(active[col], [exits[col], ongoing[col]])
    durations: dict[str, list[int]] = defaultdict(list)
    for e in exited:
        assert e.exit_on is not None
        for code in (e.pathway.value, ALL):
            durations[code].append((e.exit_on - e.inclusion_on).days)
    duration = [
        b.add(
            ("usipa_duration", code),
            Cell.derived(
                sum(durations[code]) / len(durations[code]) if durations[code] else None,
                b.cells[exits[i]].population,
                base=exits[i],
            ),
        )
        for i, code in enumerate(CASE_COLUMNS)
    ]
    contacts = event_counts(
        b,
        "usipa_contacts",
        {
            p: Tally(
                sum(e.contacts for e in episodes if e.pathway is p),
                sum(1 for e in episodes if e.pathway is p and e.contacts),
            )
            for p in PATHWAYS
        },
    )
    weeks: dict[str, float] = defaultdict(float)
    for e in episodes:
        stop = min(e.exit_on if e.exit_on is not None else d.today, end)
        days = (stop - max(e.inclusion_on, start)).days + 1
        if days > 0:
            for code in (e.pathway.value, ALL):
                weeks[code] += days / 7
    rate = []
    for i, code in enumerate(CASE_COLUMNS):
        n_contacts = b.cells[contacts[i]].value or 0
        value = n_contacts / weeks[code] if weeks[code] > 0 else None
        rate.append(
            b.add(
                ("usipa_rate", code),
                Cell.derived(value, b.cells[active[i]].population, base=active[i]),
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
