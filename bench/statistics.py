"""Statistics figures for ``python -m bench``: :func:`measures` returns (label, function,
target in seconds) for the base bench built, to be timed like the others.

- a decade's statistics as the Statistiques page computes them (read, tables, protection with
  its exact audit), and the same figures when nothing changed (the page's cache);
- the first export of last year in each format (computes the figures, fixes the edition,
  writes the file and its record) and a later export, which reprints the edition.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.services import Services
from rcp_desktop.services.statistics import ExportRequest

Measure = tuple[str, Callable[[], object], float]


def measures(services: Services) -> list[Measure]:
    statistics = services.statistics
    year = services.ctx.today().year - 1
    decade = (dt.date(year - 9, 1, 1), dt.date(year, 12, 31))
    folder = Path(tempfile.mkdtemp(prefix="bench-stats-", dir=services.db.path.parent))

    def export(fmt: str, new_edition: bool) -> Callable[[], object]:
        path = folder / f"statistiques-{year}.{fmt}"
        request = ExportRequest(year, new_edition=new_edition)
        return lambda: statistics.export(request, path, writer_for(path))

    last_year = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    statistics.report(*decade)  # what the page showed: the cache holds it

    return [
        (
            "stats: a decade, computed (read, tables, protection)",
            lambda: statistics.compute(*decade),
            0.5,
        ),
        (
            "stats: a decade again, nothing changed (cache)",
            lambda: statistics.report(*decade),
            0.05,
        ),
        ("stats: last year, computed", lambda: statistics.compute(*last_year), 0.5),
        ("stats export: first of the year, CSV (fixes the edition)", export("csv", True), 1.0),
        ("stats export: first of the year, XLSX", export("xlsx", True), 1.0),
        ("stats export: first of the year, PDF", export("pdf", True), 1.0),
        ("stats export: the edition reprinted, PDF", export("pdf", False), 1.0),
    ]
