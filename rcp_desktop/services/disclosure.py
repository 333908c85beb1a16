"""Statistical disclosure control for the anonymised ACI statistics (no Qt, no I/O).

An export is a set of *cells* (one figure each, identified by a key shared by every table that
shows it) and of *relations* between them: ``total = part₁ + part₂ + …`` (the margins of a table,
the overall column of a per-pathway table, the breakdown of a count into its kinds). Whoever reads
the export knows these relations, so hiding a small count is not enough: it must not be
recomputable from what is shown, in the same table or in another one.

Cells
    ``PATIENTS``  a number of patients (or of case files, USIPA episodes: one patient each);
                  ``members`` holds who is counted (ids, kept in memory only).
    ``EVENTS``    a number of events (presentations, decisions, contacts); ``members`` holds the
                  patients (case files) behind them.
    ``PLAIN``     sessions and professionals: no patient in them, shown as they are.
    ``DERIVED``   a mean, median or rate over a population of patients (``members``), possibly
                  computed over a shown count (``base``).

Algorithm (:func:`protect`)
    1. *Primary suppression*: a PATIENTS cell between 1 and threshold − 1, an EVENTS cell resting
       on 1 to threshold − 1 patients.
    2. *Secondary suppression, relation by relation*, to a fixed point. For every relation that
       contains a masked cell:
       (A) if its total is shown, the masked parts together must concern at least *threshold*
           patients (else their sum, known from the total, would itself be a small count): mask
           the next-smallest non-zero part, or the total when no part is left;
       (B) at least two of its parts must be masked (one masked part equals the total minus the
           others; a masked total with one masked part tells that every patient of the group
           falls in that part): mask the next-smallest part — a zero part may be masked, it is
           then shown "< threshold" too, which stays true.
    3. *Audit over the whole export* (:func:`feasible_bounds`): the masked cells are unknowns,
       every relation an equation; each unknown starts in the interval a reader knows from its
       mark ("< 11": 0 to 10; "s" on a patient count: 11 or more; "s" on an event count: 0 or
       more). Exact integer Gauss-Jordan elimination combines the equations (differencing
       across tables), then interval propagation over the original and eliminated equations
       narrows each unknown; once that finds nothing, linear programming (HiGHS) gives the
       tightest bounds any combination of the relations and marks allows. A masked cell is *exposed* when it has one possible value left, or
       when it is a small count that can no longer be higher than its true value (up to
       threshold − 1): a cell of 1 can then never be shown to hold exactly one patient, nor
       "at most one". (Knowing that a group is not empty singles nobody out, so a reader may
       sometimes learn that a masked count is at least 1.)
       Each exposed cell gets one more complement (the next-smallest shown cell of one of its
       relations), then steps 2 and 3 run again until nothing is exposed. Each round masks at
       least one more cell, so it ends. If no complement is left and the marks alone still pin
       a cell (a tiny table: "s" says 11 or more, "< 11" says 10 or less), every count linked
       to it is withheld: shown "n.d.", which bounds nothing.
    4. A DERIVED cell is masked when its population has fewer than *threshold* patients or
       when the count it is computed over is masked.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

Key = Hashable
Bound = int | None  # None: unbounded


class CellKind(StrEnum):
    PATIENTS = "patients"
    EVENTS = "events"
    PLAIN = "plain"
    DERIVED = "derived"


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    WITHHELD = "withheld"


SECRET_MARK = "s"
WITHHELD_MARK = "n.d."
EMPTY_MARK = "—"


@dataclass(frozen=True)
class Cell:
    """One figure of the export. ``members`` never leaves this process."""

    kind: CellKind
    value: int | float | None
    members: frozenset = field(default_factory=frozenset)
    base: Key | None = None

    @classmethod
    def patients(cls, members: Iterable) -> Cell:
        m = frozenset(members)
        return cls(CellKind.PATIENTS, len(m), m)

    @classmethod
    def events(cls, value: int, members: Iterable) -> Cell:
        return cls(CellKind.EVENTS, int(value), frozenset(members))

    @classmethod
    def plain(cls, value: int | float | None) -> Cell:
        return cls(CellKind.PLAIN, value)

    @classmethod
    def derived(cls, value: float | None, members: Iterable, base: Key | None = None) -> Cell:
        return cls(CellKind.DERIVED, value, frozenset(members), base)

    @property
    def counted(self) -> bool:
        return self.kind in (CellKind.PATIENTS, CellKind.EVENTS)


@dataclass(frozen=True)
class Relation:
    """``total = sum(parts)``, known to every reader of the export."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


class Protection:
    """The outcome of :func:`protect`: which cells are masked and how each one is shown."""

    def __init__(
        self,
        cells: Mapping[Key, Cell],
        relations: Sequence[Relation],
        status: Mapping[Key, Status],
        threshold: int,
    ) -> None:
        self._cells = dict(cells)
        self.relations = tuple(relations)
        self.status = dict(status)
        self.threshold = threshold

    @property
    def small_mark(self) -> str:
        return f"< {self.threshold}"

    def masked(self, key: Key) -> bool:
        return self.status[key] is not Status.PUBLISHED

    def masked_keys(self) -> list[Key]:
        return [k for k, s in self.status.items() if s is not Status.PUBLISHED]

    def shown(self, key: Key) -> int | float | str:
        """What the export prints for *key*: a number, "< N", "s" or "—"."""
        cell = self._cells[key]
        if self.status[key] is Status.WITHHELD:
            return WITHHELD_MARK
        if self.masked(key):
            if cell.kind is CellKind.PATIENTS and (cell.value or 0) < self.threshold:
                return self.small_mark
            return SECRET_MARK
        if cell.value is None:
            return EMPTY_MARK
        if isinstance(cell.value, float):
            return round(cell.value, 1)
        return int(cell.value)


# --- primary and secondary suppression ----------------------------------------------------


def _primary(cell: Cell, t: int) -> bool:
    if cell.kind is CellKind.PATIENTS:
        return 1 <= (cell.value or 0) < t
    if cell.kind is CellKind.EVENTS:
        return (cell.value or 0) >= 1 and 1 <= len(cell.members) < t
    return False


def protect(cells: Mapping[Key, Cell], relations: Sequence[Relation], threshold: int) -> Protection:
    """Mask every small count and enough other cells that none can be recomputed."""
    if threshold < 2:
        raise ValueError("threshold must be at least 2")
    t = threshold
    for rel in relations:
        missing = [k for k in rel.cells if k not in cells]
        if missing:
            raise KeyError(f"relation refers to unknown cells: {missing!r}")
        kinds = {cells[k].kind for k in rel.cells}
        if len(kinds) != 1 or not cells[rel.total].counted:
            raise ValueError(f"relation mixes kinds or is not over counts: {rel!r}")
    status = {k: (Status.PRIMARY if _primary(c, t) else Status.PUBLISHED) for k, c in cells.items()}
    by_cell: dict[Key, list[Relation]] = defaultdict(list)
    for rel in relations:
        for k in rel.cells:
            by_cell[k].append(rel)

    for _round in range(len(cells) + 1):
        _enforce_relations(cells, relations, status, t)
        exposed = exposed_cells(cells, relations, status, t, exact=False)
        if not exposed:
            exposed = exposed_cells(cells, relations, status, t, exact=True)
        if not exposed:
            break
        added = False
        for key in exposed:
            candidate = _complement_for(key, cells, by_cell, status)
            if candidate is not None:
                status[candidate] = Status.SECONDARY
                added = True
        if not added:
            # Everything around them is masked and the marks themselves still pin them (tiny
            # tables): withhold every count linked to them, shown "n.d." without a bound.
            for k in _component(exposed, by_cell):
                if cells[k].counted:
                    status[k] = Status.WITHHELD
            break

    for k, c in cells.items():
        if c.kind is CellKind.DERIVED:
            small = 0 < len(c.members) < t
            base_masked = c.base is not None and status[c.base] is not Status.PUBLISHED
            if c.value is not None and (small or base_masked):
                status[k] = Status.PRIMARY if small else Status.SECONDARY
    return Protection(cells, relations, status, t)


def _component(start: Iterable[Key], by_cell: Mapping[Key, list[Relation]]) -> set:
    seen = set(start)
    todo = list(seen)
    while todo:
        key = todo.pop()
        for rel in by_cell.get(key, ()):
            for other in rel.cells:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
    return seen


def _order(cells: Mapping[Key, Cell], key: Key) -> tuple:
    return (cells[key].value or 0, repr(key))


def _enforce_relations(
    cells: Mapping[Key, Cell], relations: Sequence[Relation], status: dict[Key, Status], t: int
) -> None:
    """Rules (A) and (B) of the module docstring, to a fixed point."""
    changed = True
    while changed:
        changed = False
        for rel in relations:
            masked_parts = [p for p in rel.parts if status[p] is not Status.PUBLISHED]
            total_masked = status[rel.total] is not Status.PUBLISHED
            if not masked_parts and not total_masked:
                continue
            if not total_masked:  # (A) the masked parts together are not a small group
                union: set = set()
                for p in masked_parts:
                    union |= cells[p].members
                while len(union) < t:
                    shown_nonzero = sorted(
                        (p for p in rel.parts if status[p] is Status.PUBLISHED and cells[p].value),
                        key=lambda k: _order(cells, k),
                    )
                    if not shown_nonzero:
                        status[rel.total] = Status.SECONDARY
                        changed = True
                        break
                    pick = shown_nonzero[0]
                    status[pick] = Status.SECONDARY
                    masked_parts.append(pick)
                    union |= cells[pick].members
                    changed = True
            while len(masked_parts) < 2:  # (B) never a single masked part
                shown = sorted(
                    (p for p in rel.parts if status[p] is Status.PUBLISHED),
                    key=lambda k: _order(cells, k),
                )
                if not shown:
                    break
                status[shown[0]] = Status.SECONDARY
                masked_parts.append(shown[0])
                changed = True


def _complement_for(
    key: Key, cells: Mapping[Key, Cell], by_cell: Mapping[Key, list[Relation]], status: dict
) -> Key | None:
    """The cell to mask next to protect *key*: the smallest shown non-zero part of one of its
    relations, else the smallest shown zero part, else a shown total."""
    parts: set = set()
    totals: set = set()
    for rel in by_cell.get(key, ()):
        parts.update(p for p in rel.parts if status[p] is Status.PUBLISHED)
        if status[rel.total] is Status.PUBLISHED:
            totals.add(rel.total)
    nonzero = sorted((p for p in parts if cells[p].value), key=lambda k: _order(cells, k))
    if nonzero:
        return nonzero[0]
    if parts:
        return sorted(parts, key=lambda k: _order(cells, k))[0]
    if totals:
        return sorted(totals, key=lambda k: _order(cells, k))[0]
    return None


# --- audit -------------------------------------------------------------------------------


def reader_domain(cell: Cell, status: Status, t: int) -> tuple[int, Bound]:
    """What a reader knows of a masked cell from its mark alone."""
    if status is Status.WITHHELD:
        return 0, None  # "n.d."
    if cell.kind is CellKind.PATIENTS:
        if (cell.value or 0) < t:
            return 0, t - 1  # "< t"
        return t, None  # "s" on a patient count
    return 0, None  # "s" on an event count


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


def _ceil(x: Fraction) -> int:
    return math.ceil(x)


def _floor(x: Fraction) -> int:
    return math.floor(x)


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
                if a > 0:
                    min_sum += a * lo[i]
                    if hi[i] is None:
                        max_inf += 1
                    else:
                        max_sum += a * hi[i]
                else:
                    if hi[i] is None:
                        min_inf += 1
                    else:
                        min_sum += a * hi[i]
                    max_sum += a * lo[i]
            for i, a in coeffs.items():
                # Σ_{others} bounds
                if a > 0:
                    own_min, own_min_inf = a * lo[i], 0
                    own_max, own_max_inf = (0, 1) if hi[i] is None else (a * hi[i], 0)
                else:
                    own_min, own_min_inf = (0, 1) if hi[i] is None else (a * hi[i], 0)
                    own_max, own_max_inf = a * lo[i], 0
                others_min_unbounded = (min_inf - own_min_inf) > 0
                others_max_unbounded = (max_inf - own_max_inf) > 0
                others_min = min_sum - own_min
                others_max = max_sum - own_max
                # a·x = const − others  ⇒  a·x ∈ [const − others_max, const − others_min]
                low_ax = None if others_max_unbounded else const - others_max
                high_ax = None if others_min_unbounded else const - others_min
                if a > 0:
                    new_lo = None if low_ax is None else _ceil(Fraction(low_ax, a))
                    new_hi = None if high_ax is None else _floor(Fraction(high_ax, a))
                else:
                    new_lo = None if high_ax is None else _ceil(Fraction(high_ax, a))
                    new_hi = None if low_ax is None else _floor(Fraction(low_ax, a))
                if new_lo is not None and new_lo > lo[i]:
                    lo[i] = new_lo
                    changed = True
                if new_hi is not None and (hi[i] is None or new_hi < hi[i]):
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
            if hi[i] is not None and lo[i] >= hi[i]:
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
    combining every relation of the export with the marks ("< N", "s"). Fast pass: exact
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


def exposed_cells(
    cells: Mapping[Key, Cell],
    relations: Sequence[Relation],
    status: Mapping[Key, Status],
    threshold: int,
    *,
    exact: bool = True,
) -> list[Key]:
    """Masked counts a reader could pin down (see the module docstring), in a stable order."""
    bounds = feasible_bounds(cells, relations, status, threshold, exact=exact)
    exposed = []
    for k, (lo, hi) in bounds.items():
        if hi is not None and lo >= hi:
            exposed.append(k)
            continue
        if status[k] is Status.PRIMARY:
            cell = cells[k]
            v = int(cell.value or 0)
            need_hi = min(v + 1, threshold - 1) if cell.kind is CellKind.PATIENTS else v + 1
            if hi is not None and hi < need_hi:
                exposed.append(k)
    return sorted(exposed, key=lambda k: _order(cells, k))
