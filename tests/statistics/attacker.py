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


def feasible_ranges(
    shown: Mapping[Hashable, int | float | str],
    relations: Iterable[tuple[Hashable, Sequence[Hashable]]],
) -> dict[Hashable, tuple[int, int]]:
    """*shown*: cell → number or mark; *relations*: (total, parts). A key used by a relation but
    absent from *shown* is a group the reader computes (0 or more). Returns every masked or
    unprinted key → (min, max) over every integer solution (max = BIG: unbounded)."""
    relations = [(total, tuple(parts)) for total, parts in relations]
    unknowns = [k for k, v in shown.items() if v == MASK]
    for total, parts in relations:
        for key in (total, *parts):
            if key not in shown and key not in unknowns:
                unknowns.append(key)
    if not unknowns:
        return {}
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
    integrality = np.ones(len(unknowns))
    bounds = Bounds(np.zeros(len(unknowns)), np.full(len(unknowns), float(BIG)))
    out = {}
    for k, i in index.items():
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
