"""What disclosure control works on: cells, the relations between them, and the outcome
(:class:`Protection`: each cell's status and how it is shown). No Qt, no I/O.

Cells
    ``PATIENTS``  a number of patients (or of case files, USIPA episodes: one patient each);
                  ``members`` holds who is counted (ids, kept in memory only).
    ``EVENTS``    a number of events (presentations, decisions, contacts); ``members`` holds the
                  patients (case files) behind them.
    ``PLAIN``     sessions and professionals: no patient in them, shown as they are.
    ``DERIVED``   a mean, median or rate over a population of patients (``members``), possibly
                  computed over a shown count (``base``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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


def order_key(cells: Mapping[Key, Cell], key: Key) -> tuple:
    """Smallest value first, then a stable order: which cell to pick next, or to list first."""
    return (cells[key].value or 0, repr(key))
