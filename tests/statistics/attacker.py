"""An independent attacker for the disclosure tests: exact integer programming (scipy's HiGHS
MILP) over everything a reader of an export knows — the shown values, the marks ("< t": 0 to
t−1; "s": t or more on a patient count, 0 or more on an event count) and the additive relations
between cells. It tells, for every masked cell, the smallest and largest value still possible.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

BIG = 10**6


def feasible_ranges(
    shown: Mapping[Hashable, int | str],
    relations: Iterable[tuple[Hashable, Sequence[Hashable]]],
    patient_cells: set,
    threshold: int,
) -> dict[Hashable, tuple[int, int]]:
    """*shown*: cell → number or mark; *relations*: (total, parts); returns masked cell →
    (min, max) over every integer solution."""
    unknowns = [k for k, v in shown.items() if isinstance(v, str) and v != "—"]
    index = {k: i for i, k in enumerate(unknowns)}
    lo = np.zeros(len(unknowns))
    hi = np.full(len(unknowns), float(BIG))
    small = f"< {threshold}"
    for k, i in index.items():
        if shown[k] == "n.d.":
            continue
        if shown[k] == small:
            hi[i] = threshold - 1
        elif k in patient_cells:
            lo[i] = threshold
    rows, rhs = [], []
    for total, parts in relations:
        row = np.zeros(len(unknowns))
        const = 0.0
        for key, coeff in ((total, 1), *((p, -1) for p in parts)):
            if key in index:
                row[index[key]] += coeff
            else:
                const -= coeff * float(shown[key])
        if row.any():
            rows.append(row)
            rhs.append(const)
        else:
            assert abs(const) < 1e-9, f"published values contradict the relation {total!r}"
    if not unknowns:
        return {}
    constraints = [LinearConstraint(np.array(rows), np.array(rhs), np.array(rhs))] if rows else []
    integrality = np.ones(len(unknowns))
    bounds = Bounds(lo, hi)
    out = {}
    for k, i in index.items():
        c = np.zeros(len(unknowns))
        c[i] = 1
        low = milp(c, constraints=constraints, integrality=integrality, bounds=bounds)
        high = milp(-c, constraints=constraints, integrality=integrality, bounds=bounds)
        assert low.success and high.success, (k, low.message, high.message)
        out[k] = (round(low.fun), round(-high.fun))
    return out
