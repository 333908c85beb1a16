"""What disclosure control works on: cells, the relations between them, and the outcome
(:class:`Protection`: each cell's status and how it is shown). No Qt, no I/O.

Cells
    ``PATIENTS``  a number of patients (or of case files, USIPA episodes: one patient each).
    ``EVENTS``    a number of events (presentations, decisions, contacts); ``population`` is
                  the number of patients (case files) behind them.
    ``PLAIN``     sessions and professionals: no patient in them, shown as they are.
    ``DERIVED``   a mean, median or rate over a population of patients, possibly computed over
                  a shown count (``base``).

A *hidden* cell is a group of patients no table prints but every reader can compute from the
tables (the patients of a pathway without ALD: all of them minus those with ALD): it takes part
in the relations and is protected like a printed count, and is never shown.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

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
    HIDDEN = "hidden"  # never printed (a group the reader can compute, not a table cell)


# One mark for every masked figure, whatever the reason: a mark that told a small count ("< 11")
# from a complement ("s", then 11 or more) would itself bound the cells (an "s" total split
# into two "< 11" parts makes each part at least 1).
SECRET_MARK = "s"
EMPTY_MARK = "—"


def _size(members: Iterable[object] | int) -> int:
    return members if isinstance(members, int) else len(frozenset(members))


@dataclass(frozen=True)
class Cell:
    """One figure of the export: its value and how many patients stand behind it
    (``population``; for a count of patients, the count itself)."""

    kind: CellKind
    value: int | float | None
    population: int = 0
    base: Key | None = None
    hidden: bool = False

    @classmethod
    def patients(cls, members: Iterable[object] | int) -> Cell:
        """A count of patients: their number, or the ids counted (kept in memory only)."""
        n = _size(members)
        return cls(CellKind.PATIENTS, n, n)

    @classmethod
    def hidden_patients(cls, members: Iterable[object] | int) -> Cell:
        """A group of patients no table prints but a reader can compute (see the module)."""
        n = _size(members)
        return cls(CellKind.PATIENTS, n, n, hidden=True)

    @classmethod
    def events(cls, value: int, population: Iterable[object] | int) -> Cell:
        return cls(CellKind.EVENTS, int(value), _size(population))

    @classmethod
    def plain(cls, value: int | float | None) -> Cell:
        return cls(CellKind.PLAIN, value)

    @classmethod
    def derived(
        cls, value: float | None, population: Iterable[object] | int, base: Key | None = None
    ) -> Cell:
        return cls(CellKind.DERIVED, value, _size(population), base)

    @property
    def counted(self) -> bool:
        return self.kind in (CellKind.PATIENTS, CellKind.EVENTS)


@dataclass(frozen=True)
class Relation:
    """``total = sum(parts)``, known to every reader of the export. ``disjoint``: the parts
    count different patients (a partition); else a patient may stand behind several parts
    (presentations new / follow-up of the same case file)."""

    total: Key
    parts: tuple[Key, ...]
    disjoint: bool = True

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

    def masked(self, key: Key) -> bool:
        return self.status[key] is not Status.PUBLISHED

    def masked_keys(self) -> list[Key]:
        """The printed cells that are masked (hidden groups are never printed)."""
        return [k for k, s in self.status.items() if s not in (Status.PUBLISHED, Status.HIDDEN)]

    def shown(self, key: Key) -> int | float | str:
        """What the export prints for *key*: a number, "s" (masked) or "—" (not applicable)."""
        cell = self._cells[key]
        if self.masked(key):
            return SECRET_MARK
        if cell.value is None:
            return EMPTY_MARK
        if isinstance(cell.value, float):
            return round(cell.value, 1)
        return int(cell.value)


def order_key(cells: Mapping[Key, Cell], key: Key) -> tuple:
    """Smallest value first, then a stable order: which cell to pick next, or to list first."""
    return (cells[key].value or 0, repr(key))
