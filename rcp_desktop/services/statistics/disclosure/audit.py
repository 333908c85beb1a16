"""The audit of a protection over the whole export (step 3 of :mod:`.suppression`): for each
masked count, the values a reader can still hold possible by combining every relation of the
export with what is shown (a masked count is only known not to be negative). Exact integer Gauss-Jordan elimination and interval
propagation first; linear programming (HiGHS) then gives the tightest bounds."""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence

from rcp_desktop.services.statistics.disclosure.cells import (
    Bound,
    Cell,
    CellKind,
    Key,
    Relation,
    Status,
    order_key,
)


def reader_domain(cell: Cell, status: Status, t: int) -> tuple[int, Bound]:
    """What a reader knows of a masked cell from its mark alone: nothing but that a count is not
    negative (one mark, "s", for every masked figure; a hidden group has no mark at all)."""
    return 0, None


def is_small(cell: Cell, t: int) -> bool:
    """A count of patients under the threshold: what the protection is for."""
    return cell.kind is CellKind.PATIENTS and (cell.value or 0) < t


def is_exposed(cell: Cell, status: Status, bounds: tuple[int, Bound], t: int) -> bool:
    """Whether a reader holding *bounds* for a masked cell learns too much: a small count (or
    small hidden group) whose interval is narrower than [0, t − 1], or any other masked count
    left with a single value. A large hidden group is not protected."""
    lo, hi = bounds
    if is_small(cell, t):
        return lo > 0 or (hi is not None and hi < t - 1)
    if status is Status.HIDDEN:
        return False
    return hi is not None and lo >= hi


def equations(
    cells: Mapping[Key, Cell], relations: Sequence[Relation], status: Mapping[Key, Status]
) -> tuple[list[Key], list[tuple[dict[int, int], int]]]:
    """The relations as linear equations over the masked cells: ``Σ a·x = c``."""
    unknowns = [k for k, s in status.items() if s is not Status.PUBLISHED and cells[k].counted]
    index = {k: i for i, k in enumerate(unknowns)}
    rows: list[tuple[dict[int, int], int]] = []
    for rel in relations:
        coeffs: dict[int, int] = defaultdict(int)
        const = 0
        for k, a in ((rel.total, 1), *((p, -1) for p in rel.parts)):
            if k in index:
                coeffs[index[k]] += a
            else:
                const -= a * int(cells[k].value or 0)
        coeffs = {i: a for i, a in coeffs.items() if a}
        if coeffs:
            rows.append((coeffs, const))
    return unknowns, rows


def _normalise(coeffs: dict[int, int], const: int) -> tuple[dict[int, int], int]:
    g = 0
    for a in coeffs.values():
        g = math.gcd(g, a)
    g = math.gcd(g, const) if g else g
    if coeffs and coeffs[min(coeffs)] < 0:
        g = -(g or 1)
    if g not in (0, 1):
        coeffs = {i: a // g for i, a in coeffs.items()}
        const //= g
    return coeffs, const


def eliminate(rows: list[tuple[dict[int, int], int]]) -> list[tuple[dict[int, int], int]]:
    """Reduced row echelon form with exact integer arithmetic (fraction-free Gauss-Jordan):
    every pivot unknown appears in its own row only."""

    def combine(target, tk, source, sk, col):
        a, b = source[col], target[col]
        merged = {i: a * target.get(i, 0) - b * source.get(i, 0) for i in set(target) | set(source)}
        return _normalise({i: v for i, v in merged.items() if v}, a * tk - b * sk)

    done: list[tuple[int, dict[int, int], int]] = []  # (pivot, coefficients, constant)
    for coeffs, const in rows:
        coeffs = dict(coeffs)
        for pivot, pc, pk in done:
            if pivot in coeffs:
                coeffs, const = combine(coeffs, const, pc, pk, pivot)
        if not coeffs:
            continue
        coeffs, const = _normalise(coeffs, const)
        pivot = min(coeffs)
        reduced = []
        for old_pivot, pc, pk in done:
            if pivot in pc:
                pc, pk = combine(pc, pk, coeffs, const, pivot)
            reduced.append((old_pivot, pc, pk))
        reduced.append((pivot, coeffs, const))
        done = reduced
    return [(c, k) for _p, c, k in done]


def _ceil_div(p: int, q: int) -> int:
    """⌈p / q⌉ in integers (Python's // floors whatever the signs)."""
    return -((-p) // q)


def _propagate(
    rows: Sequence[tuple[dict[int, int], int]],
    lo: list[int],
    hi: list[Bound],
    max_rounds: int = 200,
) -> None:
    """Narrow the integer intervals [lo, hi] of the unknowns with every equation, in place."""
    for _ in range(max_rounds):
        changed = False
        for coeffs, const in rows:
            # Bounds of Σ a·x over all terms, counting unbounded contributions apart.
            min_sum, max_sum = 0, 0
            min_inf, max_inf = 0, 0
            for i, a in coeffs.items():
                top = hi[i]
                if a > 0:
                    min_sum += a * lo[i]
                    if top is None:
                        max_inf += 1
                    else:
                        max_sum += a * top
                else:
                    if top is None:
                        min_inf += 1
                    else:
                        min_sum += a * top
                    max_sum += a * lo[i]
            for i, a in coeffs.items():
                # Σ_{others} bounds
                top = hi[i]
                if a > 0:
                    own_min, own_min_inf = a * lo[i], 0
                    own_max, own_max_inf = (0, 1) if top is None else (a * top, 0)
                else:
                    own_min, own_min_inf = (0, 1) if top is None else (a * top, 0)
                    own_max, own_max_inf = a * lo[i], 0
                others_min_unbounded = (min_inf - own_min_inf) > 0
                others_max_unbounded = (max_inf - own_max_inf) > 0
                others_min = min_sum - own_min
                others_max = max_sum - own_max
                # a·x = const − others  ⇒  a·x ∈ [const − others_max, const − others_min]
                low_ax = None if others_max_unbounded else const - others_max
                high_ax = None if others_min_unbounded else const - others_min
                if a > 0:
                    new_lo = None if low_ax is None else _ceil_div(low_ax, a)
                    new_hi = None if high_ax is None else high_ax // a
                else:
                    new_lo = None if high_ax is None else _ceil_div(high_ax, a)
                    new_hi = None if low_ax is None else low_ax // a
                if new_lo is not None and new_lo > lo[i]:
                    lo[i] = new_lo
                    changed = True
                current = hi[i]
                if new_hi is not None and (current is None or new_hi < current):
                    hi[i] = new_hi
                    changed = True
        if not changed:
            return


_HIGHS = None
_HIGHS_LOCK = threading.Lock()


def _highs():
    """One HiGHS solver per process, created with the C library's banner kept off stdout."""
    global _HIGHS
    if _HIGHS is None:
        import highspy

        saved = None
        with contextlib.suppress(OSError, ValueError):
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)
        try:
            solver = highspy.Highs()
        finally:
            if saved is not None:
                os.dup2(saved, 1)
                os.close(saved)
        solver.setOptionValue("output_flag", False)
        _HIGHS = solver
    return _HIGHS


def _lp_tighten(rows, lo: list[int], hi: list[Bound]) -> None:
    """Exact bounds of each unknown over the linear relaxation (HiGHS simplex, warm-started
    from one objective to the next), rounded inwards to integers; in place."""
    import highspy
    import numpy as np

    n = len(lo)
    if not n or not rows:
        return
    inf = highspy.kHighsInf
    with _HIGHS_LOCK:
        h = _highs()
        h.clearModel()
        h.addVars(
            n, np.array(lo, dtype=float), np.array([inf if b is None else float(b) for b in hi])
        )
        for coeffs, const in rows:
            index = np.array(list(coeffs), dtype=np.int32)
            values = np.array([float(coeffs[i]) for i in coeffs])
            h.addRow(float(const), float(const), len(index), index, values)
        every = np.arange(n, dtype=np.int32)
        for i in range(n):
            top = hi[i]
            if top is not None and lo[i] >= top:
                continue
            cost = np.zeros(n)
            cost[i] = 1.0
            h.changeColsCost(n, every, cost)
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                h.changeObjectiveSense(sense)
                h.run()
                if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                    continue  # unbounded (no upper bound) or numerically unsure: keep
                value = h.getInfo().objective_function_value
                if sense == highspy.ObjSense.kMinimize:
                    lo[i] = max(lo[i], math.ceil(value - 1e-7))
                else:
                    bound = math.floor(value + 1e-7)
                    hi[i] = bound if hi[i] is None else min(hi[i], bound)
        h.clearModel()


def feasible_bounds(
    cells: Mapping[Key, Cell],
    relations: Sequence[Relation],
    status: Mapping[Key, Status],
    threshold: int,
    *,
    exact: bool = True,
) -> dict[Key, tuple[int, Bound]]:
    """For each masked count, the interval of values a reader can still hold possible after
    combining every relation of the export with what is shown. Fast pass: exact
    elimination then interval propagation; *exact* adds linear programming (the tightest
    bounds any combination of the relations gives)."""
    unknowns, rows = equations(cells, relations, status)
    lo: list[int] = []
    hi: list[Bound] = []
    for k in unknowns:
        a, b = reader_domain(cells[k], status[k], threshold)
        lo.append(a)
        hi.append(b)
    reduced = eliminate(rows)
    _propagate([*rows, *reduced], lo, hi)
    if exact:
        _lp_tighten(rows, lo, hi)
    return {k: (lo[i], hi[i]) for i, k in enumerate(unknowns)}


def _lp_exposed(
    rows: Sequence[tuple[dict[int, int], int]], small: list[bool], checked: list[bool], t: int
) -> set[int]:
    """The unknowns a reader could narrow, by linear programming (HiGHS) over the relation
    rows, every unknown 0 or more: a *small* one whose least value is above 0 or whose greatest
    is under t − 1, a *checked* one left with one integer value. Solutions are pooled: one
    solution shows many unknowns able to be 0, or t − 1, or two values apart, so a program is
    solved only for the unknowns no pooled solution covers yet (the same verdicts as the
    bounds of :func:`_lp_tighten`, with a fraction of its programs)."""
    import highspy
    import numpy as np

    n = len(small)
    if not n:
        return set()
    inf = highspy.kHighsInf
    eps = 1e-7
    exposed: set[int] = set()
    pool: list[np.ndarray] = []
    with _HIGHS_LOCK:
        h = _highs()
        h.clearModel()
        h.addVars(n, np.zeros(n), np.full(n, inf))
        for coeffs, const in rows:
            index = np.array(list(coeffs), dtype=np.int32)
            values = np.array([float(coeffs[i]) for i in coeffs])
            h.addRow(float(const), float(const), len(index), index, values)
        every = np.arange(n, dtype=np.int32)

        def solve(cost: np.ndarray, sense: object) -> float | None:
            """The optimum (None: unbounded or unsure), its solution pooled."""
            h.changeColsCost(n, every, cost)
            h.changeObjectiveSense(sense)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            pool.append(np.array(h.getSolution().col_value))
            return float(h.getInfo().objective_function_value)

        minimise, maximise = highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize
        solve(np.ones(n), minimise)  # as many unknowns at 0 as the relations allow
        small_index = np.array([i for i in range(n) if small[i]], dtype=np.int32)
        if len(small_index):  # the small ones as high as they may be, capped at t − 1
            h.changeColsBounds(
                len(small_index),
                small_index,
                np.zeros(len(small_index)),
                np.full(len(small_index), float(t - 1)),
            )
            solve(np.array([1.0 if s else 0.0 for s in small]), maximise)
            h.changeColsBounds(
                len(small_index),
                small_index,
                np.zeros(len(small_index)),
                np.full(len(small_index), inf),
            )
        for i in range(n):
            unit = np.zeros(n)
            unit[i] = 1.0
            if small[i]:
                if not any(x[i] <= eps for x in pool):
                    low = solve(unit, minimise)
                    if low is not None and math.ceil(low - eps) > 0:
                        exposed.add(i)
                        continue
                if not any(x[i] >= t - 1 - eps for x in pool):
                    high = solve(unit, maximise)
                    if high is not None and math.floor(high + eps) < t - 1:
                        exposed.add(i)
            elif checked[i]:
                seen = [float(x[i]) for x in pool]
                if seen and math.floor(max(seen) + eps) > math.ceil(min(seen) - eps):
                    continue
                low = solve(unit, minimise)
                high = solve(unit, maximise)
                if low is not None and high is not None:
                    if math.ceil(low - eps) >= math.floor(high + eps):
                        exposed.add(i)
        h.clearModel()
    return exposed


def exposed_cells(
    cells: Mapping[Key, Cell],
    relations: Sequence[Relation],
    status: Mapping[Key, Status],
    threshold: int,
    *,
    exact: bool = True,
) -> list[Key]:
    """Masked counts a reader could pin down or narrow (step 3 of :mod:`.suppression`), in a
    stable order. Fast pass: elimination and propagation; *exact*: linear programming."""
    if exact:
        unknowns, rows = equations(cells, relations, status)
        small = [is_small(cells[k], threshold) for k in unknowns]
        checked = [status[k] is not Status.HIDDEN for k in unknowns]
        found = _lp_exposed(rows, small, checked, threshold) if rows else set()
        exposed = [unknowns[i] for i in found]
    else:
        bounds = feasible_bounds(cells, relations, status, threshold, exact=False)
        exposed = [k for k, b in bounds.items() if is_exposed(cells[k], status[k], b, threshold)]
    return sorted(exposed, key=lambda k: order_key(cells, k))
