"""Publishing: the tables as a reader sees them, each cell replaced by what the protection shows
(a number, "s", "—"), with the method note filled in. What comes out is the only
object that leaves the process."""

from __future__ import annotations

import datetime as dt

from rcp_desktop.i18n import translate
from rcp_desktop.services.statistics.definitions import DEFINITIONS
from rcp_desktop.services.statistics.disclosure import Protection
from rcp_desktop.services.statistics.model import PublishedStatistics, PublishedTable
from rcp_desktop.services.statistics.tables import TableBuilder
from rcp_desktop.services.statistics.tables.patients import COMMUNE_MIN


def publish(
    b: TableBuilder,
    protection: Protection,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    t: int,
    quorum: int,
    cpts: str,
) -> PublishedStatistics:
    tables = []
    for table_id, title, row_header, columns, rows, pathways, note, decimals in b.tables:
        shown_rows = tuple(
            (row_label, tuple(protection.shown(k) if k is not None else "" for k in keys))
            for row_label, keys in rows
        )
        tables.append(
            PublishedTable(
                id=table_id,
                title=title,
                row_header=row_header,
                columns=tuple(columns),
                rows=shown_rows,
                column_pathways=pathways,
                note=note,
                decimals=decimals,
            )
        )
    definitions = tuple(
        (
            translate(term),
            translate(text).format(
                quorum=quorum, threshold=t, small=t - 1, communes=min(t, COMMUNE_MIN)
            ),
        )
        for term, text in DEFINITIONS
    )
    return PublishedStatistics(
        start=start,
        end=end,
        generated_at=now.replace(microsecond=0),
        threshold=t,
        cpts_name=cpts,
        tables=tuple(tables),
        definitions=definitions,
        masked_cells=len(protection.masked_keys()),
    )
