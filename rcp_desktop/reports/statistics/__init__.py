"""Writers of the anonymised ACI statistics: CSV (French Excel), XLSX, PDF with charts.

Each writer takes a :class:`~rcp_desktop.services.statistics.PublishedStatistics` — shown
values only, already protected by the disclosure control — and returns bytes;
:func:`writer_for` picks the writer from the file extension. Files are written by
:meth:`StatisticsService.export`, which records each one in the register.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.reports.statistics.csv_writer import statistics_csv
from rcp_desktop.reports.statistics.pdf_writer import statistics_pdf
from rcp_desktop.reports.statistics.xlsx_writer import statistics_xlsx
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.statistics import PublishedStatistics

WRITERS: dict[str, Callable[[PublishedStatistics], bytes]] = {
    ".csv": statistics_csv,
    ".xlsx": statistics_xlsx,
    ".pdf": statistics_pdf,
}
FORMATS = tuple(WRITERS)


def writer_for(path: Path) -> Callable[[PublishedStatistics], bytes]:
    suffix = Path(path).suffix.lower()
    if suffix not in WRITERS:
        raise RefusedError(
            _N("core", "Format inconnu « {suffix} » : choisissez un fichier .csv, .xlsx ou .pdf."),
            suffix=suffix or "—",
        )
    return WRITERS[suffix]


__all__ = [
    "FORMATS",
    "statistics_csv",
    "statistics_pdf",
    "statistics_xlsx",
    "writer_for",
]
