"""Outcomes by pathway in the statistics: every figure of the "outcomes" table against a base
with known events (tests/year/outcome_world.py), then their protection (all small here: masked,
and the rates with them)."""

import datetime as dt

import pytest

from rcp_desktop.services.statistics.disclosure import SECRET_MARK
from tests.year import outcome_world

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
MH, USIPA, ALL = "mental_health", "usipa", "*"


@pytest.fixture
def computation(services):
    outcome_world.build(services)
    return services.statistics.compute(START, END, threshold=2)


def value(computation, measure, code):
    return computation.cells[(measure, code)].value


def test_every_outcome_figure_matches_the_known_base(computation):
    def v(measure):
        return tuple(value(computation, measure, code) for code in (MH, USIPA, ALL))

    assert v("outcome_patients") == (2, 2, 4)
    assert v("outcome_hospitalisation") == (2, 2, 4)
    assert v("outcome_emergency_visit") == (1, 0, 1)
    assert v("outcome_crisis") == (2, 0, 2)
    assert v("outcome_opened") == (2, 1, 3)
    assert v("outcome_before") == (2, 0, 2)
    assert v("outcome_after") == (1, 1, 2)
    assert v("outcome_rate_before") == pytest.approx((1.0, 0.0, 2 / 3))
    # Patient-years since the opening: A 306 days, B 184, D 122 (to 31/12/2025), over 365.
    assert v("outcome_rate_after") == pytest.approx((365 / 490, 365 / 122, 730 / 612))
    assert v("outcome_readmitted_30") == (0, 1, 1)
    assert v("outcome_readmitted_90") == (0, 2, 2)
    assert v("usipa_exits") == (0, 2, 2)
    assert value(computation, "outcome_readmission_rate_30", USIPA) == pytest.approx(50.0)
    assert value(computation, "outcome_readmission_rate_90", USIPA) == pytest.approx(100.0)
    assert value(computation, "outcome_readmission_rate_30", MH) is None  # no exit
    # The events cells count the case files behind them.
    assert computation.cells[("outcome_hospitalisation", ALL)].population == 4
    assert computation.cells[("outcome_crisis", MH)].population == 2


def test_the_table_is_published_with_the_others_and_protected(services, computation):
    table = computation.published.table("outcomes")
    labels = [label for label, _values in table.rows]
    assert labels[:5] == [
        "Patients ayant eu un événement de santé",
        "Hospitalisations",
        "Passages aux urgences",
        "Crises",
        "Dossiers ouverts dans la période",
    ]
    assert "Taux de réhospitalisation à 90 jours (%)" in labels
    # At the export threshold every count here is small: all masked, and every rate with them.
    protected = services.statistics.compute(START, END, threshold=11).published.table("outcomes")
    for _label, values in protected.rows:
        assert all(v in (SECRET_MARK, "—") for v in values), (_label, values)
    # A rate is shown only when both counts it is computed from are.
    protection = computation.protection
    rates = [k for k in computation.cells if "rate" in k[0] and k[0].startswith("outcome_")]
    assert len(rates) == 4 * 6
    shown = 0
    for key in rates:
        cell = computation.cells[key]
        if not protection.masked(key):
            shown += 1
            assert not protection.masked(cell.base) and not protection.masked(cell.also[0])
        elif cell.value is not None and cell.population >= 2:
            assert protection.masked(cell.base) or protection.masked(cell.also[0])
    assert shown > 0  # at threshold 2 some rates pass (the test would prove nothing otherwise)
