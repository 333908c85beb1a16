"""What a statistics computation returns. :class:`PublishedStatistics` is the only thing that
leaves the process — tables of *shown* values (numbers, "s", "—"), nothing
identifying; the reports (CSV, XLSX, PDF) and the statistics page only ever see it.
:class:`Computation` adds the raw cells, their relations and the protection, for tests and
audits."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.services.statistics.disclosure import Protection, Relation

Shown = int | float | str


@dataclass(frozen=True)
class PublishedTable:
    """A table of shown values. ``column_pathways`` tells, for the pathway picker, which
    pathway each column stands for (a :class:`Pathway` value, ``"none"`` or ``"*"``), or is
    None for a table that is not broken down by pathway."""

    id: str
    title: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Shown, ...]], ...]
    column_pathways: tuple[str, ...] | None = None
    note: str = ""
    decimals: int = 0

    def value(self, row: int | str, column: int | str) -> Shown:
        r = row if isinstance(row, int) else [label for label, _ in self.rows].index(row)
        c = column if isinstance(column, int) else self.columns.index(column)
        return self.rows[r][1][c]

    def column_for(self, pathway: str) -> int | None:
        if self.column_pathways is None:
            return None
        try:
            return self.column_pathways.index(pathway)
        except ValueError:
            return None


@dataclass(frozen=True)
class PublishedStatistics:
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    threshold: int
    cpts_name: str
    tables: tuple[PublishedTable, ...]
    definitions: tuple[tuple[str, str], ...]
    masked_cells: int = 0
    # The pathway this view shows ("*": all of them, as an edition holds them).
    pathway: str = "*"
    # Figures for the coordinator's own work (a free period, a threshold under the export
    # floor): shown on screen, marked so, never exported.
    internal: bool = False

    def table(self, table_id: str) -> PublishedTable:
        return next(t for t in self.tables if t.id == table_id)

    def has_table(self, table_id: str) -> bool:
        return any(t.id == table_id for t in self.tables)

    def for_pathway(self, pathway: str) -> PublishedStatistics:
        """The same figures restricted to one pathway: each table broken down by pathway keeps
        that pathway's column and the total; the others are left out. Nothing is computed, so
        such a view tells nothing its edition does not."""
        if pathway == "*":
            return self
        tables = []
        for table in self.tables:
            col = table.column_for(pathway)
            if col is None:
                continue
            cols = [col]
            total = table.column_for("*")
            if total is not None and total != col:
                cols.append(total)
            assert table.column_pathways is not None
            tables.append(
                replace(
                    table,
                    columns=tuple(table.columns[c] for c in cols),
                    rows=tuple((label, tuple(v[c] for c in cols)) for label, v in table.rows),
                    column_pathways=tuple(table.column_pathways[c] for c in cols),
                )
            )
        return replace(self, tables=tuple(tables), pathway=pathway)

    def to_json(self) -> str:
        """The figures as printed, to keep as an edition (numbers, marks and labels only)."""
        data = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "threshold": self.threshold,
            "cpts_name": self.cpts_name,
            "definitions": [list(d) for d in self.definitions],
            "masked_cells": self.masked_cells,
            "tables": [
                {
                    "id": t.id,
                    "title": t.title,
                    "row_header": t.row_header,
                    "columns": list(t.columns),
                    "rows": [[label, list(values)] for label, values in t.rows],
                    "column_pathways": list(t.column_pathways)
                    if t.column_pathways is not None
                    else None,
                    "note": t.note,
                    "decimals": t.decimals,
                }
                for t in self.tables
            ],
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> PublishedStatistics:
        data = json.loads(text)
        tables = tuple(
            PublishedTable(
                id=t["id"],
                title=t["title"],
                row_header=t["row_header"],
                columns=tuple(t["columns"]),
                rows=tuple((label, tuple(values)) for label, values in t["rows"]),
                column_pathways=tuple(t["column_pathways"])
                if t["column_pathways"] is not None
                else None,
                note=t["note"],
                decimals=t["decimals"],
            )
            for t in data["tables"]
        )
        return cls(
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            generated_at=dt.datetime.fromisoformat(data["generated_at"]),
            threshold=data["threshold"],
            cpts_name=data["cpts_name"],
            tables=tables,
            definitions=tuple((term, text) for term, text in data["definitions"]),
            masked_cells=data["masked_cells"],
        )

    def table_by_title(self, title: str) -> PublishedTable:
        return next(t for t in self.tables if t.title == title)

    @property
    def period_label(self) -> str:
        return translate(_N("core", "du {start} au {end}")).format(
            start=fr_date(self.start), end=fr_date(self.end)
        )

    @property
    def legend(self) -> str:
        return translate(
            _N(
                "core",
                "« s » : secret statistique — effectif de moins de {threshold} patients (zéro "
                "compris), ou valeur masquée pour qu'aucun petit effectif ne puisse être "
                "recalculé ni encadré ; « — » : sans objet.",
            )
        ).format(threshold=self.threshold)


@dataclass(frozen=True)
class Computation:
    cells: dict
    relations: tuple[Relation, ...]
    protection: Protection
    published: PublishedStatistics
    table_keys: tuple  # (table id, [(row label, [keys])])
