"""Primary and secondary suppression: :func:`protect` masks every small count and enough other
cells that none can be recomputed nor narrowed, until the audit (:mod:`.audit`) finds nothing
exposed.

What is protected
    Every count of patients under the threshold *t* — zero included — is masked, and no
    combination of the export may narrow it below [0, t − 1]: a reader learns neither its value,
    nor that the group is empty or not, nor an upper bound under t − 1. The same holds for the
    *hidden* groups a reader can compute from the tables without them being printed (the
    patients of a pathway without ALD: all of them minus those with ALD). A count of events
    (presentations, decisions, contacts) resting on fewer than *t* patients is masked, as is a
    mean or a median over fewer than *t* patients; other masked cells (complements) must not be
    recomputed exactly. Every masked figure shows the same mark, "s": a mark telling a small
    count from a complement would itself bound cells.

Algorithm (:func:`protect`)
    1. *Primary suppression*: a PATIENTS cell under *t* (zero included), an EVENTS cell resting
       on fewer than *t* patients (no event included).
    2. *Secondary suppression, relation by relation*, to a fixed point. For every relation that
       holds a masked cell or a small hidden group:
       (A) if its total is shown, the masked parts together must concern at least *t* patients
           (else their sum, known from the total, would itself be a small count): mask the
           next-smallest shown part, or the total when no part is left;
       (B) at least two of its parts must be masked (one masked part equals the total minus the
           others).
    3. *Audit over the whole export* (:func:`.audit.feasible_bounds`): the masked cells and the
       hidden groups are unknowns, every relation an equation; each unknown starts at "0 or
       more", all a reader knows from the mark. Exact integer Gauss-Jordan
       elimination combines the equations (differencing across tables), interval propagation
       narrows each unknown, then linear programming (HiGHS) gives the tightest bounds any
       combination of the relations and marks allows. A small count or small hidden group is
       *exposed* unless its interval is still [0, t − 1] (or wider); any other masked count is
       exposed when a single value is left.
       Each exposed cell gets one more complement (the next-smallest shown cell of one of its
       relations), then steps 2 and 3 run again until nothing is exposed. Each round masks at
       least one more cell, so it ends. (When every cell of its relations is masked nothing can
       be pinned any more; if that ever failed, every count linked to the cell would be
       withheld.)
    4. A DERIVED cell is masked when its population has fewer than *t* patients (none
       included) or when the count it is computed over is masked.
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


def _initial(cell: Cell, t: int) -> Status:
    if cell.hidden:
        return Status.HIDDEN
    if cell.kind is CellKind.PATIENTS and (cell.value or 0) < t:
        return Status.PRIMARY
    if cell.kind is CellKind.EVENTS and cell.population < t:
        return Status.PRIMARY
    return Status.PUBLISHED


def protect(
    cells: Mapping[Key, Cell],
    relations: Sequence[Relation],
    threshold: int,
    *,
    keep_masked: Iterable[Key] = (),
) -> Protection:
    """Mask every small count and enough other cells that none can be recomputed. The cells of
    *keep_masked* (those an earlier release masked) are masked from the start: what one release
    hid, the next never shows."""
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
    status = {k: _initial(c, t) for k, c in cells.items()}
    for k in keep_masked:
        if k in status and status[k] is Status.PUBLISHED:
            status[k] = Status.SECONDARY
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
            # tables): withhold every count linked to them.
            for k in _component(exposed, by_cell):
                if cells[k].counted and status[k] is not Status.HIDDEN:
                    status[k] = Status.WITHHELD
            break

    for k, c in cells.items():
        if c.kind is CellKind.DERIVED:
            small = c.population < t
            base_masked = c.base is not None and status[c.base] is not Status.PUBLISHED
            if small or base_masked:
                status[k] = Status.PRIMARY if small else Status.SECONDARY
    return Protection(cells, relations, status, t)


def _component(start: Iterable[Key], by_cell: Mapping[Key, list[Relation]]) -> set[Key]:
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


def _needs_care(
    cells: Mapping[Key, Cell], rel: Relation, status: Mapping[Key, Status], t: int
) -> bool:
    """Whether *rel* holds a masked cell or a small hidden group (a large hidden group alone
    needs nothing: it is not protected, and it is unknown to the reader anyway)."""
    for k in rel.cells:
        s = status[k]
        if s is Status.HIDDEN:
            if (cells[k].value or 0) < t:
                return True
        elif s is not Status.PUBLISHED:
            return True
    return False


def _enforce_relations(
    cells: Mapping[Key, Cell], relations: Sequence[Relation], status: dict[Key, Status], t: int
) -> None:
    """Rules (A) and (B) of the module docstring, to a fixed point."""
    changed = True
    while changed:
        changed = False
        for rel in relations:
            if not _needs_care(cells, rel, status, t):
                continue
            masked_parts = [p for p in rel.parts if status[p] is not Status.PUBLISHED]
            total_masked = status[rel.total] is not Status.PUBLISHED
            if not total_masked:  # (A) the masked parts together are not a small group
                while _together(cells, rel, masked_parts) < t:
                    shown = sorted(
                        (p for p in rel.parts if status[p] is Status.PUBLISHED),
                        key=lambda k: order_key(cells, k),
                    )
                    if not shown:
                        status[rel.total] = Status.SECONDARY
                        changed = True
                        break
                    status[shown[0]] = Status.SECONDARY
                    masked_parts.append(shown[0])
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
    key: Key,
    cells: Mapping[Key, Cell],
    by_cell: Mapping[Key, list[Relation]],
    status: Mapping[Key, Status],
) -> Key | None:
    """The cell to mask next to protect *key*: the smallest shown part of one of its relations,
    else a shown total; when every cell of its relations is masked already (it is pinned through
    a chain of them), the same search one relation further, and so on."""
    seen = {key}
    frontier = [key]
    while frontier:
        parts: set[Key] = set()
        totals: set[Key] = set()
        reached: list[Key] = []
        for k in frontier:
            for rel in by_cell.get(k, ()):
                parts.update(p for p in rel.parts if status[p] is Status.PUBLISHED)
                if status[rel.total] is Status.PUBLISHED:
                    totals.add(rel.total)
                for other in rel.cells:
                    if other not in seen:
                        seen.add(other)
                        reached.append(other)
        if parts:
            return sorted(parts, key=lambda k: order_key(cells, k))[0]
        if totals:
            return sorted(totals, key=lambda k: order_key(cells, k))[0]
        frontier = reached
    return None
