"""What a statistics computation returns. :class:`PublishedStatistics` is the only thing that
leaves the process — tables of *shown* values (numbers, "s", "—"), nothing
identifying; the reports (CSV, XLSX, PDF) and the statistics page only ever see it.
:class:`Computation` adds the raw cells, their relations and the protection, for tests and
audits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

    def table(self, table_id: str) -> PublishedTable:
        return next(t for t in self.tables if t.id == table_id)

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
