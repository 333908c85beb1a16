"""The disclosure-control algorithm on hand-made tables, checked by an independent attacker."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcp_desktop.services.statistics.disclosure import (
    Cell,
    CellKind,
    Relation,
    Status,
    eliminate,
    feasible_bounds,
    protect,
)
from tests.statistics.attacker import assert_no_disclosure, assert_not_pinned, feasible_ranges

T = 11


class Grid:
    """Rows × columns of patient counts with both margins (a table as the export shows it)."""

    def __init__(self, name, counts, start=0):
        self.name = name
        self.cells: dict = {}
        self.relations: list[Relation] = []
        self.members: dict = {}
        next_id = itertools.count(start)
        rows, cols = len(counts), len(counts[0])
        for r in range(rows):
            for c in range(cols):
                self.members[(r, c)] = frozenset(next(next_id) for _ in range(counts[r][c]))
        self.next_id = next(next_id)
        for r in range(rows):
            self.members[(r, "*")] = frozenset().union(*(self.members[(r, c)] for c in range(cols)))
        for c in [*range(cols), "*"]:
            self.members[("*", c)] = frozenset().union(*(self.members[(r, c)] for r in range(rows)))
        for key, m in self.members.items():
            self.cells[(name, *key)] = Cell.patients(m)
        for r in [*range(rows), "*"]:
            self.relations.append(
                Relation((name, r, "*"), tuple((name, r, c) for c in range(cols)))
            )
        for c in [*range(cols), "*"]:
            self.relations.append(
                Relation((name, "*", c), tuple((name, r, c) for r in range(rows)))
            )


def attack(cells, relations, protection):
    shown = {k: protection.shown(k) for k, c in cells.items() if not c.hidden}
    return feasible_ranges(shown, [(r.total, r.parts) for r in relations])


def assert_protected(cells, relations, protection, threshold=T):
    """The independent attacker finds every small count (printed masked or hidden) still
    anywhere in [0, threshold − 1], and no other masked cell pinned."""
    ranges = attack(cells, relations, protection)
    small = {
        k for k, c in cells.items() if c.kind is CellKind.PATIENTS and (c.value or 0) < threshold
    }
    assert_no_disclosure(ranges, small, threshold)
    assert_not_pinned(ranges, protection.masked_keys())
    # Every small count is masked, zero included.
    for key in small:
        assert protection.masked(key), key
    return ranges


def test_a_small_cell_is_masked_with_complements_in_its_row_and_column():
    g = Grid("g", [[3, 40, 25], [30, 22, 18], [27, 31, 50]])
    p = protect(g.cells, g.relations, T)
    assert p.shown(("g", 0, 0)) == "s"
    # Its row and its column each hold another masked cell (else total − others gives it).
    assert sum(p.masked(("g", 0, c)) for c in range(3)) >= 2
    assert sum(p.masked(("g", r, 0)) for r in range(3)) >= 2
    # One mark for every masked figure: a small count and a complement look the same.
    assert {p.shown(k) for k in p.masked_keys()} == {"s"}
    assert any(g.cells[k].value >= T for k in p.masked_keys())
    assert p.shown(("g", "*", "*")) == 246
    assert_protected(g.cells, g.relations, p)


def test_a_row_total_minus_one_small_complement_is_not_enough():
    # Row 0 = 1 + 11 = 12: masking only the 11 would tell a reader the 1 is 12 − (≥ 11) ≤ 1.
    g = Grid("g", [[1, 11], [11, 40], [30, 25]])
    p = protect(g.cells, g.relations, T)
    ranges = assert_protected(g.cells, g.relations, p)
    low, high = ranges[("g", 0, 0)]
    assert low == 0 and high >= 10


def test_two_small_cells_adding_to_a_known_small_sum_are_not_left_alone():
    # 13 shown next to two masked 1s would give 1 + 1 = 2 patients: both exactly 1.
    g = Grid("g", [[13, 1, 1], [20, 30, 40]])
    p = protect(g.cells, g.relations, T)
    assert p.masked(("g", 0, 0))  # the 13 is masked too (rule A: masked parts ≥ threshold)
    assert_protected(g.cells, g.relations, p)


def test_zero_counts_are_masked_like_any_small_count():
    # A zero shown as such tells that nobody is in the group; shown "s" it tells nothing.
    g = Grid("g", [[0, 30], [4, 25], [0, 20]])
    p = protect(g.cells, g.relations, T)
    assert p.shown(("g", 0, 0)) == "s" and p.shown(("g", 2, 0)) == "s"
    assert_protected(g.cells, g.relations, p)


def test_a_small_group_computed_from_two_printed_counts_is_protected():
    # All patients 30, with ALD 28: the 2 without ALD are printed nowhere, yet 30 − 28.
    cells = {
        "all": Cell.patients(30),
        "ald": Cell.patients(28),
        "not_ald": Cell.hidden_patients(2),
    }
    relations = [Relation("all", ("ald", "not_ald"))]
    p = protect(cells, relations, T)
    assert p.masked("ald") or p.masked("all")
    assert p.status["not_ald"] is Status.HIDDEN and "not_ald" not in p.masked_keys()
    assert_protected(cells, relations, p)
    # A large unprinted group protects no one: nothing is masked for it.
    cells["ald"], cells["not_ald"] = Cell.patients(15), Cell.hidden_patients(15)
    p = protect(cells, relations, T)
    assert not p.masked_keys()


def test_tables_sharing_totals_are_protected_together():
    """The same patients by sex in one table and by commune in another, one grand total; and an
    overall table with per-pathway tables (differencing overall − other pathways)."""
    by_sex = Grid("sex", [[12, 30], [1, 22]])  # rows: pathways A, B; cols: F, M
    # The commune table holds the same patients: rebuild its members from the same ids.
    cells = dict(by_sex.cells)
    relations = list(by_sex.relations)
    sex_members = by_sex.members
    a_ids = sorted(sex_members[(0, "*")])
    b_ids = sorted(sex_members[(1, "*")])
    communes = {
        ("com", 0, 0): a_ids[:20],
        ("com", 0, 1): a_ids[20:],
        ("com", 1, 0): b_ids[:22],
        ("com", 1, 1): b_ids[22:],
    }
    for key, ids in communes.items():
        cells[key] = Cell.patients(ids)
    for r in (0, 1):
        cells[("com", r, "*")] = cells[("sex", r, "*")]  # same figure, shown twice
        relations.append(Relation(("sex", r, "*"), (("com", r, 0), ("com", r, 1))))
    for c in (0, 1):
        cells[("com", "*", c)] = Cell.patients(
            set(communes[("com", 0, c)]) | set(communes[("com", 1, c)])
        )
        relations.append(Relation(("com", "*", c), (("com", 0, c), ("com", 1, c))))
    relations.append(Relation(("sex", "*", "*"), (("com", "*", 0), ("com", "*", 1))))
    p = protect(cells, relations, T)
    assert p.masked(("sex", 1, 0))
    assert p.masked(("com", 1, 1))  # pathway B, commune 1: 23 − 22 = 1 patient
    assert_protected(cells, relations, p)


def test_elimination_finds_a_value_hidden_behind_two_tables():
    # x + y = 5 and x − y = 1 (as two relations) pin x = 3, y = 2.
    rows = [({0: 1, 1: 1}, 5), ({0: 1, 1: -1}, 1)]
    reduced = eliminate(rows)
    assert sorted((sorted(c.items()), k) for c, k in reduced) == [([(0, 1)], 3), ([(1, 1)], 2)]


def test_the_audit_bounds_match_the_milp_attacker():
    # t = a + b = 12 shown, a and b masked; b = c + d with c shown 9: b ≥ 9, so a ≤ 3.
    cells = {
        "t": Cell.patients(range(12)),
        "a": Cell.patients(range(1)),
        "b": Cell.patients(range(1, 12)),
        "c": Cell.patients(range(1, 10)),
        "d": Cell.patients(range(10, 12)),
    }
    relations = [Relation("t", ("a", "b")), Relation("b", ("c", "d"))]
    status = {
        "t": Status.PUBLISHED,
        "a": Status.PRIMARY,
        "b": Status.SECONDARY,
        "c": Status.PUBLISHED,
        "d": Status.PRIMARY,
    }
    bounds = feasible_bounds(cells, relations, status, T)
    shown = {"t": 12, "a": "s", "b": "s", "c": 9, "d": "s"}
    ranges = feasible_ranges(shown, [(r.total, r.parts) for r in relations])
    assert bounds["a"] == ranges["a"] == (0, 3)
    assert bounds["b"] == ranges["b"] == (9, 12)


def test_events_on_few_patients_are_masked_and_derived_figures_follow_their_base():
    cells = {
        "pres_total": Cell.events(60, range(40)),
        "pres_a": Cell.events(50, range(35)),
        "pres_b": Cell.events(10, range(35, 40)),  # ten events, five patients
        "mean_b": Cell.derived(4.2, range(35, 40)),
        "mean_a": Cell.derived(3.1, range(35), base="pres_a"),
    }
    relations = [Relation("pres_total", ("pres_a", "pres_b"))]
    p = protect(cells, relations, T)
    assert p.shown("pres_b") == "s" and p.shown("pres_a") == "s"
    assert p.shown("mean_b") == "s"  # population of five
    assert p.shown("mean_a") == "s"  # its base count is masked
    assert p.shown("pres_total") == 60


def test_threshold_below_two_is_refused_and_relations_must_be_consistent():
    with pytest.raises(ValueError):
        protect({}, [], 1)
    with pytest.raises(KeyError):
        protect({"a": Cell.patients([1])}, [Relation("a", ("missing",))], T)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 4).flatmap(
        lambda rows: st.integers(2, 4).flatmap(
            lambda cols: st.lists(
                st.lists(
                    st.one_of(st.integers(0, 3), st.integers(0, 14), st.integers(8, 40)),
                    min_size=cols,
                    max_size=cols,
                ),
                min_size=rows,
                max_size=rows,
            )
        )
    ),
    st.sampled_from([3, 5, 11]),
)
def test_random_tables_never_expose_a_masked_cell(counts, threshold):
    g = Grid("g", counts)
    p = protect(g.cells, g.relations, threshold)
    assert_protected(g.cells, g.relations, p, threshold)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.integers(0, 15), min_size=3, max_size=3), min_size=3, max_size=3),
    st.lists(st.lists(st.integers(0, 15), min_size=2, max_size=2), min_size=3, max_size=3),
)
def test_random_linked_tables_never_expose_a_masked_cell(left, right):
    """Two tables over the same rows (pathways): their row totals are the same figures."""
    a = Grid("a", left)
    # Table b must count the same patients per row: rescale its rows to a's row totals.
    rows = []
    for r, row in enumerate(right):
        total = sum(left[r])
        first = min(row[0], total)
        rows.append([first, total - first])
    cells = dict(a.cells)
    relations = list(a.relations)
    b_members: dict = {}
    for r in range(3):
        ids = sorted(a.members[(r, "*")])
        n0 = rows[r][0]
        cells[("b", r, 0)] = Cell.patients(ids[:n0])
        cells[("b", r, 1)] = Cell.patients(ids[n0:])
        b_members[(r, 0)], b_members[(r, 1)] = ids[:n0], ids[n0:]
        relations.append(Relation(("a", r, "*"), (("b", r, 0), ("b", r, 1))))
    for c in (0, 1):
        cells[("b", "*", c)] = Cell.patients(
            frozenset().union(*(b_members[(r, c)] for r in range(3)))
        )
        relations.append(Relation(("b", "*", c), tuple(("b", r, c) for r in range(3))))
    relations.append(Relation(("a", "*", "*"), (("b", "*", 0), ("b", "*", 1))))
    p = protect(cells, relations, T)
    assert_protected(cells, relations, p)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=3, max_size=3),
    st.lists(st.booleans(), min_size=16, max_size=16),
    st.sampled_from([3, 11]),
)
def test_the_pooled_linear_programs_give_the_verdicts_of_the_exact_bounds(counts, mask, t):
    """exposed_cells' shortcut (pooled solutions) agrees with the exact bounds of every
    unknown, whatever cells are masked."""
    from rcp_desktop.services.statistics.disclosure import exposed_cells, is_exposed

    g = Grid("g", counts)
    keys = sorted(g.cells, key=repr)
    status = {
        k: (Status.SECONDARY if masked else Status.PUBLISHED)
        for k, masked in zip(keys, mask, strict=True)
    }
    bounds = feasible_bounds(g.cells, g.relations, status, t, exact=True)
    expected = {k for k, b in bounds.items() if is_exposed(g.cells[k], status[k], b, t)}
    assert set(exposed_cells(g.cells, g.relations, status, t, exact=True)) == expected
