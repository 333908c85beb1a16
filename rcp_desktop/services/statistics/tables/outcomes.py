"""Outcomes by pathway: the health events of the period (crises, emergency visits,
hospitalisations), the hospitalisations per patient-year before and after a case file is
opened, and the readmissions after a USIPA exit — what crisis anticipation and USIPA exist to
avoid. Every count of patients (or of case files) is protected like the others; a rate is shown
only when every count it is computed from is."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import OutcomeKind, Pathway
from rcp_desktop.services.outcomes import READMISSION_DAYS, readmitted_within
from rcp_desktop.services.statistics.definitions import ALL, CASE_COLUMNS, PATHWAYS
from rcp_desktop.services.statistics.disclosure import Cell, Key
from rcp_desktop.services.statistics.reader import PeriodData, Tally
from rcp_desktop.services.statistics.tables.builder import (
    TableBuilder,
    case_counts,
    column_labels,
    event_counts,
    hidden_counts,
    tr,
)

YEAR_DAYS = 365
KIND_ROWS = (
    (OutcomeKind.HOSPITALISATION, _N("core", "Hospitalisations")),
    (OutcomeKind.EMERGENCY_VISIT, _N("core", "Passages aux urgences")),
    (OutcomeKind.CRISIS, _N("core", "Crises")),
)


def _tallies(pairs: list[tuple[Pathway, int]]) -> dict[Pathway, Tally]:
    """(pathway, case id) per event → per pathway: events and distinct case files."""
    events: Counter[Pathway] = Counter(p for p, _case in pairs)
    cases: dict[Pathway, set[int]] = defaultdict(set)
    for p, case in pairs:
        cases[p].add(case)
    return {p: Tally(events[p], len(cases[p])) for p in PATHWAYS}


def _rate(
    b: TableBuilder,
    measure: str,
    numerators: Sequence[Key],
    denominators: Sequence[Key],
    divisors: dict[str, float],
    scale: float = 1.0,
) -> list[Key]:
    """A DERIVED cell per column: numerator / divisor × scale, shown only when the numerator
    and the denominator count are both shown."""
    keys = []
    for i, code in enumerate(CASE_COLUMNS):
        top = b.cells[numerators[i]].value or 0
        divisor = divisors.get(code, 0.0)
        value = top / divisor * scale if divisor > 0 else None
        keys.append(
            b.add(
                (measure, code),
                Cell.derived(
                    value,
                    b.cells[denominators[i]].population,
                    base=numerators[i],
                    also=(denominators[i],),
                ),
            )
        )
    return keys


def build_outcomes(b: TableBuilder, d: PeriodData, start: dt.date, end: dt.date) -> None:
    in_period = [o for o in d.outcomes if start <= o.on <= end]
    with_event = case_counts(
        b,
        "outcome_patients",
        Counter(p for p, _case in {(o.pathway, o.case) for o in in_period}),
    )
    kinds = [
        event_counts(
            b,
            "outcome_" + kind.value,
            _tallies([(o.pathway, o.case) for o in in_period if o.kind is kind]),
        )
        for kind, _label in KIND_ROWS
    ]

    # Before and after the opening of the case files opened in the period.
    openings = {o.case: o for o in d.openings}
    opened = case_counts(b, "outcome_opened", Counter(o.pathway for o in d.openings))
    stays = [o for o in d.outcomes if o.kind is OutcomeKind.HOSPITALISATION and o.case in openings]
    before_pairs, after_pairs = [], []
    for o in stays:
        opened_on = openings[o.case].opened_on
        if opened_on - dt.timedelta(days=YEAR_DAYS) <= o.on < opened_on:
            before_pairs.append((o.pathway, o.case))
        elif opened_on <= o.on <= end:
            after_pairs.append((o.pathway, o.case))
    before = event_counts(b, "outcome_before", _tallies(before_pairs))
    after = event_counts(b, "outcome_after", _tallies(after_pairs))
    years_before: dict[str, float] = defaultdict(float)
    years_after: dict[str, float] = defaultdict(float)
    stop = min(end, d.today)
    for opening in d.openings:
        observed = max((stop - opening.opened_on).days + 1, 0) / YEAR_DAYS
        for code in (opening.pathway.value, ALL):
            years_before[code] += 1.0
            years_after[code] += observed
    rate_before = _rate(b, "outcome_rate_before", before, opened, years_before)
    rate_after = _rate(b, "outcome_rate_after", after, opened, years_after)

    # Readmissions after the USIPA exits of the period (the usipa table's exits).
    exits_keys = [("usipa_exits", code) for code in CASE_COLUMNS]
    readmission_rows: list[tuple[str, list[Key | None]]] = []
    for days in READMISSION_DAYS:
        readmitted = Counter(
            pathway
            for pathway, exit_on, first in d.exits
            if readmitted_within(exit_on, days, [first] if first else [], d.today)
        )
        counted = case_counts(b, f"outcome_readmitted_{days}", readmitted)
        others = hidden_counts(
            b,
            f"outcome_not_readmitted_{days}",
            {p: sum(1 for q, _e, _f in d.exits if q is p) - readmitted.get(p, 0) for p in PATHWAYS},
        )
        for col in range(len(CASE_COLUMNS)):
            b.relate(exits_keys[col], [counted[col], others[col]])
        exits_count = {
            code: float(b.cells[exits_keys[i]].value or 0) for i, code in enumerate(CASE_COLUMNS)
        }
        rate = _rate(b, f"outcome_readmission_rate_{days}", counted, exits_keys, exits_count, 100)
        readmission_rows += [
            (
                tr(_N("core", "Sorties USIPA suivies d'une réhospitalisation à {n} jours")).format(
                    n=days
                ),
                counted,
            ),
            (tr(_N("core", "Taux de réhospitalisation à {n} jours (%)")).format(n=days), rate),
        ]

    rows: list[tuple[str, list[Key | None]]] = [
        (tr(_N("core", "Patients ayant eu un événement de santé")), with_event),
    ]
    rows += [(tr(label), keys) for (_kind, label), keys in zip(KIND_ROWS, kinds, strict=True)]
    rows += [
        (tr(_N("core", "Dossiers ouverts dans la période")), opened),
        (tr(_N("core", "Hospitalisations dans l'année précédant l'ouverture")), before),
        (tr(_N("core", "Hospitalisations depuis l'ouverture")), after),
        (tr(_N("core", "Hospitalisations par patient-année, avant l'ouverture")), rate_before),
        (tr(_N("core", "Hospitalisations par patient-année, depuis l'ouverture")), rate_after),
    ]
    rows += readmission_rows
    b.table(
        "outcomes",
        tr(_N("core", "Événements de santé et réhospitalisations")),
        tr(_N("core", "Indicateur")),
        column_labels(CASE_COLUMNS),
        rows,
        tuple(CASE_COLUMNS),
        tr(
            _N(
                "core",
                "Parcours du dossier. Réhospitalisations connues au jour de l'édition, parmi les "
                "sorties USIPA de la période.",
            )
        ),
        decimals=1,
    )
