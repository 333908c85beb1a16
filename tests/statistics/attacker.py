"""An independent attacker for the disclosure tests: exact integer programming (scipy's HiGHS
MILP) over everything a reader of one or several exports knows — the shown values, the marks
("s": masked, so 0 or more) and the additive relations between cells (margins, totals, the
same figure in several tables, the groups a reader can compute without them being printed). It
tells, for every masked cell and every such unprinted group, the smallest and largest value
still possible.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

BIG = 10**6
MASK = "s"


def _program(
    shown: Mapping[Hashable, int | float | str],
    relations: Iterable[tuple[Hashable, Sequence[Hashable]]],
) -> tuple[list[Hashable], list[LinearConstraint]]:
    """The unknowns (masked cells, then the groups the relations name but no table prints) and
    the relations as equality constraints over them."""
    relations = [(total, tuple(parts)) for total, parts in relations]
    unknowns = [k for k, v in shown.items() if v == MASK]
    for total, parts in relations:
        for key in (total, *parts):
            if key not in shown and key not in unknowns:
                unknowns.append(key)
    index = {k: i for i, k in enumerate(unknowns)}
    rows, rhs = [], []
    for total, parts in relations:
        row = np.zeros(len(unknowns))
        const = 0.0
        for key, coeff in ((total, 1), *((p, -1) for p in parts)):
            if key in index:
                row[index[key]] += coeff
            else:
                value = shown[key]
                assert isinstance(value, int), f"relation over a non-count {key!r}: {value!r}"
                const -= coeff * value
        if row.any():
            rows.append(row)
            rhs.append(const)
        else:
            assert abs(const) < 1e-9, f"published values contradict the relation {total!r}"
    constraints = [LinearConstraint(np.array(rows), np.array(rhs), np.array(rhs))] if rows else []
    return unknowns, constraints


def feasible_ranges(
    shown: Mapping[Hashable, int | float | str],
    relations: Iterable[tuple[Hashable, Sequence[Hashable]]],
) -> dict[Hashable, tuple[int, int]]:
    """*shown*: cell → number or mark; *relations*: (total, parts). A key used by a relation but
    absent from *shown* is a group the reader computes (0 or more). Returns every masked or
    unprinted key → (min, max) over every integer solution (max = BIG: unbounded)."""
    unknowns, constraints = _program(shown, relations)
    if not unknowns:
        return {}
    integrality = np.ones(len(unknowns))
    bounds = Bounds(np.zeros(len(unknowns)), np.full(len(unknowns), float(BIG)))
    out = {}
    for i, k in enumerate(unknowns):
        c = np.zeros(len(unknowns))
        c[i] = 1
        low = milp(c, constraints=constraints, integrality=integrality, bounds=bounds)
        high = milp(-c, constraints=constraints, integrality=integrality, bounds=bounds)
        assert low.success and high.success, (k, low.message, high.message)
        out[k] = (round(low.fun), round(-high.fun))
    return out


def assert_no_disclosure(
    ranges: Mapping[Hashable, tuple[int, int]],
    small: Iterable[Hashable],
    threshold: int,
) -> None:
    """Every *small* key (a count of patients under the threshold, printed masked or computed
    from the tables) keeps at least [0, threshold − 1]; no other masked cell is pinned (an
    unprinted group of *threshold* or more patients may be: it protects no one)."""
    small = set(small)
    for key, (low, high) in ranges.items():
        if key in small:
            assert low == 0 and high >= threshold - 1, (
                f"{key}: narrowed to [{low}, {high}], narrower than [0, {threshold - 1}]"
            )


def assert_not_pinned(
    ranges: Mapping[Hashable, tuple[int, int]], masked: Iterable[Hashable]
) -> None:
    """No printed masked cell can be recomputed exactly."""
    for key in masked:
        low, high = ranges[key]
        assert low < high, f"{key} recomputed exactly: {low}"


def assert_protected_by_witnesses(
    shown: Mapping[Hashable, int | float | str],
    relations: Iterable[tuple[Hashable, Sequence[Hashable]]],
    small: Iterable[Hashable],
    masked: Iterable[Hashable],
    threshold: int,
) -> int:
    """The claims of :func:`assert_no_disclosure` and :func:`assert_not_pinned`, proved with
    integer solutions a reader could not rule out: for each small key one solution where it is
    0 and one where it is at least threshold − 1; for each other masked key two solutions where
    it differs. Solutions are pooled (one witnesses many keys); an integer program is solved
    only for the keys no pooled solution covers yet. Returns the number of programs solved."""
    small = list(dict.fromkeys(small))
    masked = [k for k in dict.fromkeys(masked) if k not in set(small)]
    unknowns, constraints = _program(shown, relations)
    index = {k: i for i, k in enumerate(unknowns)}
    n = len(unknowns)
    integrality = np.ones(n)
    pool: list[np.ndarray] = []
    solved = 0

    def solve(cost: np.ndarray, upper: np.ndarray | None = None) -> None:
        nonlocal solved
        top = np.full(n, float(BIG)) if upper is None else upper
        result = milp(
            cost, constraints=constraints, integrality=integrality, bounds=Bounds(np.zeros(n), top)
        )
        solved += 1
        assert result.success, result.message
        pool.append(np.round(result.x))

    # Two broad solutions first: everything as low as possible; the small keys as high as
    # their mark allows.
    solve(np.ones(n))
    capped = np.full(n, float(BIG))
    cost = np.zeros(n)
    for k in small:
        capped[index[k]] = threshold - 1
        cost[index[k]] = -1
    solve(cost, capped)
    for k in small:
        i = index[k]
        unit = np.zeros(n)
        unit[i] = 1
        if not any(sol[i] == 0 for sol in pool):
            solve(unit)
            assert pool[-1][i] == 0, f"{k}: never 0, at least {pool[-1][i]:.0f}"
        if not any(sol[i] >= threshold - 1 for sol in pool):
            solve(-unit)
            assert pool[-1][i] >= threshold - 1, f"{k}: at most {pool[-1][i]:.0f}"
    for k in masked:
        i = index[k]
        if len({sol[i] for sol in pool}) < 2:
            unit = np.zeros(n)
            unit[i] = 1
            solve(unit)
            solve(-unit)
            assert pool[-1][i] != pool[-2][i], f"{k} recomputed exactly: {pool[-1][i]:.0f}"
    return solved
