"""Primary and secondary suppression: :func:`protect` masks every small count and enough other
cells that none can be recomputed, until the audit (:mod:`.audit`) finds nothing exposed.

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
    3. *Audit over the whole export* (:func:`.audit.feasible_bounds`): the masked cells are
       unknowns, every relation an equation; each unknown starts in the interval a reader knows
       from its mark ("< 11": 0 to 10; "s" on a patient count: 11 or more; "s" on an event
       count: 0 or more). Exact integer Gauss-Jordan elimination combines the equations
       (differencing across tables), then interval propagation over the original and
       eliminated equations narrows each unknown; once that finds nothing, linear programming
       (HiGHS) gives the tightest bounds any combination of the relations and marks allows.
       A masked cell is *exposed* when it has one possible value left, or when it is a small
       count that can no longer be higher than its true value (up to threshold − 1): a cell
       of 1 can then never be shown to hold exactly one patient, nor "at most one". (Knowing that a group is not empty singles nobody out, so a reader may
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

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rcp_desktop.services.statistics.disclosure.audit import exposed_cells
from rcp_desktop.services.statistics.disclosure.cells import (
    Cell,
    CellKind,
    Key,
    Protection,
    Relation,
    Status,
    order_key,
)


def _primary(cell: Cell, t: int) -> bool:
    if cell.kind is CellKind.PATIENTS:
        return 1 <= (cell.value or 0) < t
    if cell.kind is CellKind.EVENTS:
        return (cell.value or 0) >= 1 and 1 <= cell.population < t
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
            small = 0 < c.population < t
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
                while _together(cells, rel, masked_parts) < t:
                    shown_nonzero = sorted(
                        (p for p in rel.parts if status[p] is Status.PUBLISHED and cells[p].value),
                        key=lambda k: order_key(cells, k),
                    )
                    if not shown_nonzero:
                        status[rel.total] = Status.SECONDARY
                        changed = True
                        break
                    pick = shown_nonzero[0]
                    status[pick] = Status.SECONDARY
                    masked_parts.append(pick)
                    changed = True
            while len(masked_parts) < 2:  # (B) never a single masked part
                shown = sorted(
                    (p for p in rel.parts if status[p] is Status.PUBLISHED),
                    key=lambda k: order_key(cells, k),
                )
                if not shown:
                    break
                status[shown[0]] = Status.SECONDARY
                masked_parts.append(shown[0])
                changed = True


def _together(cells: Mapping[Key, Cell], rel: Relation, parts: Sequence[Key]) -> int:
    """How many patients the *parts* of *rel* concern together: their sum when the parts count
    different patients, else at least the largest (a lower bound, so never too few masks)."""
    sizes = [cells[p].population for p in parts]
    if not sizes:
        return 0
    return sum(sizes) if rel.disjoint else max(sizes)


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
    nonzero = sorted((p for p in parts if cells[p].value), key=lambda k: order_key(cells, k))
    if nonzero:
        return nonzero[0]
    if parts:
        return sorted(parts, key=lambda k: order_key(cells, k))[0]
    if totals:
        return sorted(totals, key=lambda k: order_key(cells, k))[0]
    return None
