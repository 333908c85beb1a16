"""What every table builder shares: the :class:`TableBuilder` that collects the cells, their
relations and the layout of each table (keys, not values), and the per-pathway cell helpers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from rcp_desktop.i18n import translate
from rcp_desktop.models import Pathway
from rcp_desktop.services.statistics.definitions import ALL, CASE_COLUMNS, PATHWAYS, pathway_label
from rcp_desktop.services.statistics.disclosure import Cell, Key, Relation


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

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        self.relations.append(Relation(total, tuple(parts)))

    def table(
        self, table_id, title, row_header, columns, rows, column_pathways=None, note="", decimals=0
    ) -> None:
        self.tables.append(
            TableLayout(table_id, title, row_header, columns, rows, column_pathways, note, decimals)
        )


def tr(text: str) -> str:
    return translate(text)


def column_labels(codes: Iterable[str]) -> list[str]:
    return [pathway_label(code) for code in codes]


def members_by_pathway(pairs: Iterable[tuple[Pathway, object]]) -> dict[str, set]:
    out: dict[str, set] = {p.value: set() for p in PATHWAYS}
    out[ALL] = set()
    for pathway, member in pairs:
        out[pathway.value].add(member)
        out[ALL].add(member)
    return out


def case_counts(b: TableBuilder, measure: str, members: dict[str, set]) -> list[Key]:
    """A PATIENTS cell per pathway and in total, with the pathway relation."""
    keys = [
        b.add((measure, code), Cell.patients(members.get(code, set()))) for code in CASE_COLUMNS
    ]
    b.relate(keys[-1], keys[:-1])
    return keys


def event_counts(
    b: TableBuilder, measure: str, events: Iterable[tuple[Pathway, object]]
) -> list[Key]:
    """An EVENTS cell per pathway and in total (members: the case files behind the events)."""
    count: Counter = Counter()
    members: dict[str, set] = defaultdict(set)
    for pathway, case_id in events:
        for code in (pathway.value, ALL):
            count[code] += 1
            members[code].add(case_id)
    keys = [
        b.add((measure, code), Cell.events(count[code], members[code])) for code in CASE_COLUMNS
    ]
    b.relate(keys[-1], keys[:-1])
    return keys
