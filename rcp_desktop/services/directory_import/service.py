"""The directory import service: a short pipeline over the other modules of the package."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from rcp_desktop.models import Professional
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.directory import DirectoryService
from rcp_desktop.services.directory_import.matching import DirectoryIndex, decide
from rcp_desktop.services.directory_import.parse import read_file
from rcp_desktop.services.directory_import.progress import CancelFn, ImportCancelled, ProgressFn
from rcp_desktop.services.directory_import.report import ImportReport, ReportLine, SkipLog
from rcp_desktop.services.directory_import.rows import Candidate
from rcp_desktop.services.directory_import.source import file_format
from rcp_desktop.services.directory_import.territory import Territory
from rcp_desktop.services.directory_import.vocabulary import ImportFormat


@dataclass
class ImportPlan:
    """The analysed file: candidates to write, rows left out, and the preview report."""

    path: Path
    format: ImportFormat
    territory: Territory
    candidates: list[Candidate]
    parse_skip_counts: Counter
    parse_skip_lines: list[ReportLine]
    preview: ImportReport


class DirectoryImportService(ServiceBase):
    """Import professionals from a file; see the package docstring."""

    def default_territory(self) -> Territory:
        """The communes already in the directory (empty directory: no restriction)."""
        return Territory.of_communes(DirectoryService(self.ctx).communes())

    @staticmethod
    def detect_file_format(path: Path | str) -> ImportFormat | None:
        """The format of a file from its header line alone; None if it cannot be read."""
        return file_format(Path(path))

    def analyse(
        self,
        path: Path | str,
        fmt: ImportFormat | str = ImportFormat.AUTO,
        territory: Territory | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportPlan:
        """Read and check the file, compare it with the directory; write nothing."""
        started = time.perf_counter()
        fmt = ImportFormat(fmt)
        territory = territory or Territory()
        progress = progress or (lambda done, total: None)
        cancel = cancel or (lambda: False)
        path = Path(path)
        report, candidates, skips = read_file(path, fmt, territory, progress, cancel)
        parse_counts, parse_lines = Counter(skips.counts), list(skips.lines)
        with self._read() as s:
            existing = DirectoryIndex(list(s.scalars(select(Professional))), territory)
        decide(candidates, existing, report, skips, dry_run=True, cancel=cancel)
        report.seconds = time.perf_counter() - started
        return ImportPlan(
            path, report.format, territory, candidates, parse_counts, parse_lines, report
        )

    def apply(
        self,
        plan: ImportPlan,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Write *plan* in one audited transaction; all or nothing."""
        started = time.perf_counter()
        cancel = cancel or (lambda: False)
        report = _applied_report(plan.preview)
        skips = SkipLog()
        skips.counts = Counter(plan.parse_skip_counts)
        skips.lines = list(plan.parse_skip_lines)
        with self._write() as s:
            existing = DirectoryIndex(list(s.scalars(select(Professional))), plan.territory)
            decide(
                [c.copy() for c in plan.candidates],
                existing,
                report,
                skips,
                dry_run=False,
                cancel=cancel,
                session=s,
                progress=progress,
            )
            if cancel():
                raise ImportCancelled
        report.seconds = time.perf_counter() - started
        return report

    def import_file(
        self,
        path: Path | str,
        fmt: ImportFormat | str = ImportFormat.AUTO,
        territory: Territory | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Analyse then apply (the headless command)."""
        plan = self.analyse(path, fmt, territory, cancel=cancel)
        return self.apply(plan, progress=progress, cancel=cancel)


def _applied_report(preview: ImportReport) -> ImportReport:
    """A report for applying a plan: the file facts of its preview, no decision counted yet."""
    return ImportReport(
        file_name=preview.file_name,
        format=preview.format,
        encoding=preview.encoding,
        delimiter=preview.delimiter,
        rows_read=preview.rows_read,
        professionals_in_file=preview.professionals_in_file,
        territory=preview.territory,
        committed=True,
        outside_people=preview.outside_people,
        outside_communes=list(preview.outside_communes),
        ignored_columns=list(preview.ignored_columns),
    )
