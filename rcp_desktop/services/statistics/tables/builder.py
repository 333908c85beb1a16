"""What every table builder shares: the :class:`TableBuilder` that collects the cells, their
relations and the layout of each table (keys, not values), and the per-pathway cell helpers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from rcp_desktop.i18n import translate
from rcp_desktop.models import Pathway
from rcp_desktop.services.statistics.definitions import ALL, PATHWAYS, pathway_label
from rcp_desktop.services.statistics.disclosure import Cell, Key, Relation
from rcp_desktop.services.statistics.reader import Tally


class TableLayout(NamedTuple):
    """A table before protection: each row's cells are keys into :attr:`TableBuilder.cells`."""

    id: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[Key | None]]]
    column_pathways: tuple[str, ...] | None
    note: str
    decimals: int


@dataclass
class TableBuilder:
    """Cells, relations and tables of one export, before protection."""

    cells: dict[Key, Cell] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    tables: list[TableLayout] = field(default_factory=list)

    def add(self, key: Key, cell: Cell) -> Key:
        self.cells[key] = cell
        return key

    def relate(self, total: Key, parts: Iterable[Key], *, disjoint: bool = True) -> None:
        self.relations.append(Relation(total, tuple(parts), disjoint))

    def table(
        self,
        table_id: str,
        title: str,
        row_header: str,
        columns: list[str],
        rows: list[tuple[str, list[Key | None]]],
        column_pathways: tuple[str, ...] | None = None,
        note: str = "",
        decimals: int = 0,
    ) -> None:
        self.tables.append(
            TableLayout(table_id, title, row_header, columns, rows, column_pathways, note, decimals)
        )


def tr(text: str) -> str:
    return translate(text)


def column_labels(codes: Iterable[str]) -> list[str]:
    return [pathway_label(code) for code in codes]


def case_counts(b: TableBuilder, measure: str, counts: Mapping[Pathway, int]) -> list[Key]:
    """A PATIENTS cell per pathway and in total, with the pathway relation."""
    keys = [b.add((measure, p.value), Cell.patients(counts.get(p, 0))) for p in PATHWAYS]
    keys.append(b.add((measure, ALL), Cell.patients(sum(counts.get(p, 0) for p in PATHWAYS))))
    b.relate(keys[-1], keys[:-1])
    return keys


def hidden_counts(b: TableBuilder, measure: str, counts: Mapping[Pathway, int]) -> list[Key]:
    """A hidden group per pathway and in total (see :mod:`..disclosure.cells`): printed nowhere,
    computable by a reader, protected like a printed count."""
    keys = [b.add((measure, p.value), Cell.hidden_patients(counts.get(p, 0))) for p in PATHWAYS]
    total = sum(counts.get(p, 0) for p in PATHWAYS)
    keys.append(b.add((measure, ALL), Cell.hidden_patients(total)))
    b.relate(keys[-1], keys[:-1])
    return keys


def event_counts(b: TableBuilder, measure: str, tallies: Mapping[Pathway, Tally]) -> list[Key]:
    """An EVENTS cell per pathway and in total (population: the case files behind the events,
    different in each pathway)."""
    keys = []
    for p in PATHWAYS:
        tally = tallies.get(p, Tally())
        keys.append(b.add((measure, p.value), Cell.events(tally.events, tally.cases)))
    total = Tally(*(sum(t) for t in zip(*(tallies.get(p, Tally()) for p in PATHWAYS), strict=True)))
    keys.append(b.add((measure, ALL), Cell.events(total.events, total.cases)))
    b.relate(keys[-1], keys[:-1])
    return keys
