"""The annual activity report: the ACI indicators of a whole past calendar year against their
targets (with their level, socle or optionnel), the previous year beside them, the outcomes by
pathway, the self-evaluation and the coordinator's text.

Disclosure
    Every figure that counts patients is read from the year's statistics *edition* (the
    published, protected tables of :mod:`rcp_desktop.services.statistics`): the report prints
    nothing a statistics export of the same year does not, and the first export of either fixes
    the edition for both. Exporting the report goes through
    :meth:`StatisticsService.export <rcp_desktop.services.statistics.StatisticsService.export>`
    with the report's writer, so each file is recorded in the export register like the
    statistics. The previous year's patient counts are printed only from its own edition
    (else "non publiée"); activity counts (sessions, professionals, hours) are exact. A rate
    (progress, share) is computed only from numbers the edition shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import AciTarget, AnnualReportText, TargetLevel
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.documents import DocumentService, Letterhead
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.evaluation import EvaluationService, EvaluationSummary
from rcp_desktop.services.indemnities import IndemnityService
from rcp_desktop.services.statistics import (
    ALL,
    ExportRecord,
    ExportRequest,
    PublishedStatistics,
    StatisticsService,
)
from rcp_desktop.services.statistics.disclosure import EMPTY_MARK
from rcp_desktop.services.validation import Validator

Shown = int | float | str
NOT_PUBLISHED = _N("core", "non publiée")
MAX_TEXT = 20_000
MAX_TARGET = 1_000_000


@dataclass(frozen=True)
class Indicator:
    """An ACI indicator: where the report reads it (a row of a statistics table, in the total
    column; or the hours of RCP), and whether it counts patients."""

    code: str
    label: str
    table: str | None  # None: hours of RCP, from attendance
    row: int
    patients: bool
    default_level: TargetLevel = TargetLevel.CORE
    unit: str = ""


INDICATORS: tuple[Indicator, ...] = (
    Indicator("sessions_held", _N("core", "Séances tenues"), "sessions", 0, False),
    Indicator(
        "quorum_share",
        _N("core", "Séances avec quorum (%)"),
        "sessions",
        4,
        False,
        TargetLevel.OPTIONAL,
        "%",
    ),
    Indicator("situations", _N("core", "Situations présentées"), "situations", 0, True),
    Indicator("presentations", _N("core", "Présentations"), "situations", 1, True),
    Indicator("professionals", _N("core", "Professionnels mobilisés"), "professionals", 2, False),
    Indicator("rcp_hours", _N("core", "Heures de RCP des professionnels"), None, 0, False),
    Indicator("crisis_plans", _N("core", "Plans de crise créés"), "crisis_plans", 0, True),
    Indicator(
        "usipa_inclusions",
        _N("core", "Inclusions USIPA"),
        "usipa",
        0,
        True,
        TargetLevel.OPTIONAL,
    ),
    Indicator("patients", _N("core", "Patients concernés"), "fragility", 0, True),
)
BY_CODE = {i.code: i for i in INDICATORS}


def indicator_label(code: str) -> str:
    return translate(BY_CODE[code].label)


@dataclass(frozen=True)
class ReportLine:
    code: str
    label: str
    level: TargetLevel | None
    target: float | None
    value: Shown
    previous: Shown
    progress: float | None  # % of the target, when both are numbers


@dataclass(frozen=True)
class SelfEvaluationLine:
    label: str
    value: Shown
    unit: str = "%"


@dataclass(frozen=True)
class AnnualReport:
    year: int
    letterhead: Letterhead
    lines: tuple[ReportLine, ...]
    statistics: PublishedStatistics  # the year's edition (or what a first export would fix)
    edition_date: dt.datetime | None
    previous_published: bool
    self_evaluation: tuple[SelfEvaluationLine, ...]
    evaluations: EvaluationSummary
    highlights: str
    difficulties: str

    def line(self, code: str) -> ReportLine:
        return next(line for line in self.lines if line.code == code)


@dataclass
class TargetDraft:
    indicator: str
    level: TargetLevel = TargetLevel.CORE
    target: float | None = None  # None: no target this year


def _number(value: Shown) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _read(published: PublishedStatistics | None, indicator: Indicator) -> Shown:
    if published is None or indicator.table is None or not published.has_table(indicator.table):
        return EMPTY_MARK
    table = published.table(indicator.table)
    col = table.column_for(ALL)
    if col is None:
        col = len(table.columns) - 1
    return table.rows[indicator.row][1][col]


def _ratio(top: Shown, bottom: Shown) -> Shown:
    a, b = _number(top), _number(bottom)
    if a is None or b is None:
        return "s" if "s" in (top, bottom) else EMPTY_MARK
    return round(100 * a / b, 1) if b else EMPTY_MARK


def _row(published: PublishedStatistics, table_id: str, label: str) -> Shown:
    """The total column of the row *label* of *table_id* ("—" if the edition lacks it)."""
    if not published.has_table(table_id):
        return EMPTY_MARK
    table = published.table(table_id)
    col = table.column_for(ALL)
    labels = [row_label for row_label, _values in table.rows]
    if col is None or label not in labels:
        return EMPTY_MARK
    return table.value(label, col)


class AnnualReportService(ServiceBase):
    # --- targets ------------------------------------------------------------------------------

    def targets(self, year: int) -> dict[str, AciTarget]:
        with self._read() as s:
            return {
                t.indicator: t for t in s.scalars(select(AciTarget).where(AciTarget.year == year))
            }

    def set_targets(self, year: int, drafts: list[TargetDraft]) -> dict[str, AciTarget]:
        """Set the targets of *year* from *drafts* (a draft without target removes it); returns
        the year's targets."""
        v = Validator()
        if not 2000 <= year <= 2100:
            v.add("year", _N("core", "Une année entre 2000 et 2100."))
        for d in drafts:
            if d.indicator not in BY_CODE:
                v.add(d.indicator, _N("core", "Indicateur inconnu « {code} »."), code=d.indicator)
            elif d.target is not None and not 0 <= d.target <= MAX_TARGET:
                v.add(d.indicator, _N("core", "Un objectif entre 0 et {max}."), max=MAX_TARGET)
        v.raise_if_any()
        with self._write() as s:
            current = {
                t.indicator: t for t in s.scalars(select(AciTarget).where(AciTarget.year == year))
            }
            for d in drafts:
                row = current.get(d.indicator)
                if d.target is None:
                    if row is not None:
                        s.delete(row)
                    continue
                if row is None:
                    row = AciTarget(year=year, indicator=d.indicator, level=d.level, target=0)
                    s.add(row)
                if row.level is not d.level:
                    row.level = d.level
                if row.target != float(d.target):
                    row.target = float(d.target)
        return self.targets(year)

    def copy_targets(self, from_year: int, to_year: int) -> int:
        """The targets of *from_year* for *to_year* (where it has none yet); how many copied."""
        source = self.targets(from_year)
        existing = self.targets(to_year)
        drafts = [
            TargetDraft(code, t.level, t.target)
            for code, t in source.items()
            if code not in existing
        ]
        if drafts:
            self.set_targets(to_year, drafts)
        return len(drafts)

    # --- the coordinator's text -----------------------------------------------------------------

    def text(self, year: int) -> tuple[str, str]:
        with self._read() as s:
            row = s.scalar(select(AnnualReportText).where(AnnualReportText.year == year))
        return (row.highlights or "", row.difficulties or "") if row else ("", "")

    def set_text(self, year: int, highlights: str | None, difficulties: str | None) -> None:
        v = Validator()
        high = v.optional_text("highlights", highlights, max_length=MAX_TEXT)
        low = v.optional_text("difficulties", difficulties, max_length=MAX_TEXT)
        v.raise_if_any()
        with self._write() as s:
            row = s.scalar(select(AnnualReportText).where(AnnualReportText.year == year))
            if row is None:
                row = AnnualReportText(year=year)
                s.add(row)
            if row.highlights != high:
                row.highlights = high
            if row.difficulties != low:
                row.difficulties = low

    # --- the report -----------------------------------------------------------------------------

    def _statistics(self) -> StatisticsService:
        return StatisticsService(self.ctx)

    def assemble(
        self, year: int, published: PublishedStatistics, edition_date: dt.datetime | None
    ) -> AnnualReport:
        """The report of *year* over *published* (the year's edition, or what a first export
        would fix)."""
        stats = self._statistics()
        previous_edition: PublishedStatistics | None = None
        previous_fresh: PublishedStatistics | None = None
        try:
            previous = stats.publication(year - 1)
        except RefusedError:
            previous = None
        if previous is not None:
            if previous.edition is not None:
                previous_edition = previous.published
            else:
                previous_fresh = previous.published
        indemnities = IndemnityService(self.ctx)
        hours = round(indemnities.year(year).total_minutes / 60, 1)
        hours_before = round(indemnities.year(year - 1).total_minutes / 60, 1)
        targets = self.targets(year)
        lines = []
        for ind in INDICATORS:
            if ind.table is None:
                value: Shown = hours
                before: Shown = hours_before
            else:
                value = _read(published, ind)
                if previous_edition is not None:
                    before = _read(previous_edition, ind)
                elif ind.patients or previous_fresh is None:
                    before = translate(NOT_PUBLISHED)
                else:
                    before = _read(previous_fresh, ind)
            target = targets.get(ind.code)
            number = _number(value)
            progress = (
                round(100 * number / target.target, 1)
                if target is not None and number is not None and target.target > 0
                else None
            )
            lines.append(
                ReportLine(
                    ind.code,
                    translate(ind.label),
                    target.level if target else None,
                    target.target if target else None,
                    value,
                    before,
                    progress,
                )
            )
        highlights, difficulties = self.text(year)
        return AnnualReport(
            year,
            DocumentService(self.ctx).letterhead(),
            tuple(lines),
            published,
            edition_date,
            previous_edition is not None,
            self._self_evaluation(published),
            EvaluationService(self.ctx).summary(year),
            highlights,
            difficulties,
        )

    @staticmethod
    def _self_evaluation(p: PublishedStatistics) -> tuple[SelfEvaluationLine, ...]:
        t = translate
        decisions_taken = _row(p, "decisions", t(_N("core", "Décisions prises")))
        on_time = _row(p, "decisions", t(_N("core", "dont réalisées dans les délais")))
        return (
            SelfEvaluationLine(
                t(_N("core", "Séances tenues avec quorum")),
                _row(p, "sessions", t(_N("core", "Part des séances avec quorum (%)"))),
            ),
            SelfEvaluationLine(
                t(_N("core", "Présentations avec fiche RCP produite")),
                _row(p, "evaluation", t(_N("core", "Part des présentations avec fiche RCP (%)"))),
            ),
            SelfEvaluationLine(
                t(_N("core", "Décisions réalisées dans les délais")),
                _ratio(on_time, decisions_taken),
            ),
            SelfEvaluationLine(
                t(_N("core", "Délai médian de l'adressage à la présentation")),
                _row(
                    p,
                    "situations",
                    t(_N("core", "Délai médian adressage → 1re présentation (jours)")),
                ),
                t(_N("core", "jours")),
            ),
            SelfEvaluationLine(
                t(_N("core", "Revues tenues à la date prévue")),
                _row(p, "evaluation", t(_N("core", "Part des revues tenues à la date prévue (%)"))),
            ),
            SelfEvaluationLine(
                t(_N("core", "Patients informés de la proposition")),
                _row(
                    p,
                    "evaluation",
                    t(_N("core", "Part des présentations avec patient informé (%)")),
                ),
            ),
        )

    def report(self, year: int) -> AnnualReport:
        """The report as an export of *year* would print it today (refused for a year that is
        not over)."""
        publication = self._statistics().publication(year)
        edition = publication.edition
        return self.assemble(year, publication.published, edition.created_at if edition else None)

    def export(
        self,
        year: int,
        path: Path,
        render: Callable[[AnnualReport], bytes],
        progress: Callable[[int, int], None] | None = None,
    ) -> ExportRecord:
        """Write the report of *year* with *render* (the writer of its format) and record it in
        the export register, through the statistics' own export (same edition, same rules)."""
        stats = self._statistics()
        edition = stats.publication(year).edition

        def write(published: PublishedStatistics) -> bytes:
            created = edition.created_at if edition is not None else published.generated_at
            return render(self.assemble(year, published, created))

        return stats.export(ExportRequest(year), Path(path), write, progress)
