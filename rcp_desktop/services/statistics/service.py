"""The statistics service: a short pipeline — validate, read the period (:mod:`.reader`),
build every table (:mod:`.tables`), protect it (:mod:`.disclosure`), publish (:mod:`.publish`) —
and the exports, which all go through :meth:`StatisticsService.export` so that each one is
recorded.

Exports (:mod:`.periods`)
    One whole calendar year that is over, with a threshold of at least 11. The first export of
    a year fixes its *edition* (the published figures, kept in the base); every later export of
    that year, in any format and for any pathway, reprints it — so no two files of a year
    differ, and a correction entered after publication cannot be singled out by comparing
    them. A new edition is possible on explicit request only (the register keeps both).

Caching
    The figures of a period depend on the data, the day (decisions overdue, open episodes) and
    the settings; every write, settings included, appends to the audit chain. So the last audit
    entry's id and the day key a small cache: a page shown again with nothing changed gets its
    figures without recomputing them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Lock

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    AuditEntry,
    Meeting,
    Pathway,
    Setting,
    StatisticsEdition,
    StatisticsExport,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceBase, ServiceContext
from rcp_desktop.services.errors import FieldError, RefusedError, ValidationError
from rcp_desktop.services.statistics.definitions import ALL
from rcp_desktop.services.statistics.disclosure import SECRET_MARK, Key, protect
from rcp_desktop.services.statistics.model import Computation, PublishedStatistics
from rcp_desktop.services.statistics.periods import (
    EXPORT_MIN_THRESHOLD,
    MAX_THRESHOLD,
    SCREEN_MIN_THRESHOLD,
    calendar_year,
    export_period_problem,
    exportable_years,
    is_exportable,
)
from rcp_desktop.services.statistics.publish import publish
from rcp_desktop.services.statistics.reader import read_period
from rcp_desktop.services.statistics.register import (
    EditionInfo,
    ExportRecord,
    edition_info,
    export_records,
    latest_edition,
)
from rcp_desktop.services.statistics.tables import TableBuilder, build_tables

ProgressFn = Callable[[int, int], None]
Renderer = Callable[[PublishedStatistics], bytes]
CACHE_SIZE = 8


def _setting(session: Session, spec: settings_mod.SettingSpec) -> object:
    raw = session.scalar(select(Setting.value).where(Setting.key == spec.key))
    return spec.default if raw is None else spec.type(raw)


def _int_setting(session: Session, spec: settings_mod.SettingSpec) -> int:
    value = _setting(session, spec)
    assert isinstance(value, int)
    return value


@dataclass(frozen=True)
class ExportRequest:
    """What to export: a calendar year, a pathway ("*": all), a threshold (None: the setting),
    and whether to replace the year's edition by a new one."""

    year: int
    pathway: str = ALL
    threshold: int | None = None
    new_edition: bool = False


@dataclass(frozen=True)
class Publication:
    """What an export of a year prints: its edition if there is one, else the figures an export
    would fix now (``edition`` None)."""

    published: PublishedStatistics
    edition: EditionInfo | None


def masked_positions(builder: TableBuilder, before: PublishedStatistics) -> list[Key]:
    """The cells of *builder* at the places (table, row label, column) *before* masked."""
    keys: list[Key] = []
    for layout in builder.tables:
        if not before.has_table(layout.id):
            continue
        old = before.table(layout.id)
        old_rows = {label: values for label, values in old.rows}
        for label, row_keys in layout.rows:
            values = old_rows.get(label)
            if values is None:
                continue
            for column, key in zip(layout.columns, row_keys, strict=True):
                if key is not None and column in old.columns:
                    if values[old.columns.index(column)] == SECRET_MARK:
                        keys.append(key)
    return keys


class StatisticsService(ServiceBase):
    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        self._cache: OrderedDict[tuple[object, ...], PublishedStatistics] = OrderedDict()
        self._cache_lock = Lock()

    # --- settings and periods ------------------------------------------------------------------

    def default_threshold(self) -> int:
        with self._read() as s:
            return _int_setting(s, settings_mod.STATS_THRESHOLD)

    def export_threshold(self) -> int:
        """The threshold of a new edition: the setting, never under the export floor."""
        return max(self.default_threshold(), EXPORT_MIN_THRESHOLD)

    def exportable_years(self) -> list[int]:
        with self._read() as s:
            first = s.scalar(
                select(func.min(Meeting.held_on)).where(Meeting.status.in_(HELD_MEETING_STATUSES))
            )
        return exportable_years(self.ctx.today(), first.year if first is not None else None)

    def data_version(self) -> int:
        """Changes with every write to the base (the audit chain's last entry)."""
        with self._read() as s:
            return s.scalar(select(func.max(AuditEntry.id))) or 0

    # --- computing -----------------------------------------------------------------------------

    def report(
        self,
        start: dt.date,
        end: dt.date,
        threshold: int | None = None,
        progress: ProgressFn | None = None,
    ) -> PublishedStatistics:
        """Every indicator for [start, end], protected with *threshold* (default: the setting);
        marked internal unless an export could print it. Cached until the data changes."""
        cached = self.cached_report(start, end, threshold)
        if cached is not None:
            return cached
        key = self._cache_key(start, end, threshold)
        published = self.compute(start, end, threshold, progress).published
        with self._cache_lock:
            self._cache[key] = published
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return published

    def cached_report(
        self, start: dt.date, end: dt.date, threshold: int | None = None
    ) -> PublishedStatistics | None:
        """The figures of :meth:`report` if nothing changed since they were computed, else None
        (one small query: cheap enough for the GUI thread)."""
        key = self._cache_key(start, end, threshold)
        with self._cache_lock:
            published = self._cache.get(key)
            if published is not None:
                self._cache.move_to_end(key)
            return published

    def _cache_key(self, start: dt.date, end: dt.date, threshold: int | None) -> tuple[object, ...]:
        return (start, end, threshold, self.data_version(), self.ctx.today())

    def compute(
        self,
        start: dt.date,
        end: dt.date,
        threshold: int | None = None,
        progress: ProgressFn | None = None,
        *,
        masked_before: PublishedStatistics | None = None,
    ) -> Computation:
        """The raw cells, their relations, the protection and the published tables. Only
        ``published`` may leave the process; the rest is for tests and audits. Every figure
        *masked_before* (an earlier edition of the period) masked stays masked."""
        problems = []
        if end < start:
            problems.append(
                FieldError("end", _N("core", "La fin de la période précède son début."))
            )
        if threshold is not None and not SCREEN_MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
            problems.append(
                FieldError("threshold", _N("core", "Le seuil doit être compris entre 2 et 1000."))
            )
        if problems:
            raise ValidationError(problems)
        notify = progress or (lambda done, total: None)
        notify(0, 3)
        with self._read() as s:
            if threshold is None:
                threshold = _int_setting(s, settings_mod.STATS_THRESHOLD)
            quorum = _int_setting(s, settings_mod.QUORUM_PROFESSIONS)
            cpts = str(_setting(s, settings_mod.CPTS_NAME))
            data = read_period(s, start, end, self.ctx.today(), quorum)
        notify(1, 3)
        builder = build_tables(data, start, end, threshold, quorum)
        keep = masked_positions(builder, masked_before) if masked_before is not None else []
        protection = protect(builder.cells, builder.relations, threshold, keep_masked=keep)
        notify(2, 3)
        published = publish(
            builder, protection, start, end, self.ctx.now(), threshold, quorum, cpts
        )
        published = replace(
            published, internal=not is_exportable(start, end, threshold, self.ctx.today())
        )
        notify(3, 3)
        return Computation(
            builder.cells,
            tuple(builder.relations),
            protection,
            published,
            tuple((t.id, t.rows) for t in builder.tables),
        )

    # --- publishing ----------------------------------------------------------------------------

    def publication(self, year: int, progress: ProgressFn | None = None) -> Publication:
        """What an export of *year* prints today (its edition, or the figures a first export
        would fix)."""
        start, end = calendar_year(year)
        self._check_period(start, end)
        with self._read() as s:
            row = latest_edition(s, start, end)
            if row is not None:
                return Publication(PublishedStatistics.from_json(row.content), edition_info(row))
        return Publication(self.report(start, end, self.export_threshold(), progress), None)

    def _check_period(self, start: dt.date, end: dt.date) -> None:
        problem = export_period_problem(start, end, self.ctx.today())
        if problem is not None:
            raise RefusedError(problem, year=start.year, next=start.year + 1)

    def _check_request(self, request: ExportRequest, path: Path) -> tuple[dt.date, dt.date]:
        start, end = calendar_year(request.year)
        self._check_period(start, end)
        t = request.threshold
        if t is not None and not EXPORT_MIN_THRESHOLD <= t <= MAX_THRESHOLD:
            raise RefusedError(
                _N(
                    "core",
                    "Seuil {threshold} refusé : un export protège les effectifs avec un seuil "
                    "d'au moins {floor} (règle du SNDS et du CASD) et au plus {max}. Un seuil "
                    "plus bas ne sert qu'à l'écran, pour usage interne.",
                ),
                threshold=t,
                floor=EXPORT_MIN_THRESHOLD,
                max=MAX_THRESHOLD,
            )
        if request.pathway not in (ALL, *(p.value for p in Pathway)):
            raise RefusedError(_N("core", "Parcours inconnu « {code} »."), code=request.pathway)
        if not path.suffix:
            raise RefusedError(_N("core", "Le nom du fichier n'a pas d'extension."))
        return start, end

    def export(
        self,
        request: ExportRequest,
        path: Path,
        render: Renderer,
        progress: ProgressFn | None = None,
    ) -> ExportRecord:
        """Write the export of *request* to *path* with *render* (the writer of its format:
        PublishedStatistics → bytes) and record it in the register, in one transaction: no
        file without its record, no record without its file."""
        path = Path(path)
        start, end = self._check_request(request, path)
        notify = progress or (lambda done, total: None)
        with self._read() as s:
            current = latest_edition(s, start, end)
            current_info = edition_info(current) if current is not None else None
            current_content = current.content if current is not None else None
        if current_info is not None and not request.new_edition:
            if request.threshold is not None and request.threshold != current_info.threshold:
                raise RefusedError(
                    _N(
                        "core",
                        "{year} est déjà publiée au seuil {threshold} (édition du {date}) : "
                        "chaque export de l'année reprend cette édition. Un autre seuil "
                        "demande une nouvelle édition — que l'on pourrait comparer à la "
                        "première.",
                    ),
                    year=request.year,
                    threshold=current_info.threshold,
                    date=current_info.created_at.strftime("%d/%m/%Y"),
                )
            assert current_content is not None
            full = PublishedStatistics.from_json(current_content)
            notify(3, 4)
        else:
            threshold = request.threshold or self.export_threshold()
            step = lambda done, total: notify(done, total + 1)
            if current_content is None:  # a first edition: what the page showed, if cached
                full = self.report(start, end, threshold, step)
            else:  # a new edition masks at least what the previous one masked
                full = self.compute(
                    start,
                    end,
                    threshold,
                    step,
                    masked_before=PublishedStatistics.from_json(current_content),
                ).published
        data = render(full.for_pathway(request.pathway))
        wrote: list[bool] = []
        try:
            record = self._record(request, path, start, end, full, current_info, data, wrote)
        except BaseException:
            if wrote:
                path.unlink(missing_ok=True)  # written, but the record was not committed
            raise
        notify(4, 4)
        return record

    def _record(
        self,
        request: ExportRequest,
        path: Path,
        start: dt.date,
        end: dt.date,
        full: PublishedStatistics,
        current_info: EditionInfo | None,
        data: bytes,
        wrote: list[bool],
    ) -> ExportRecord:
        """The edition (if new) and the export row, and the file written before the commit
        (*wrote* tells the caller the file exists, should the commit fail)."""
        digest = hashlib.sha256(data).hexdigest()
        actor = self.ctx.actor
        with self._write() as s:
            if current_info is None or request.new_edition:
                content = full.to_json()
                edition = StatisticsEdition(
                    period_start=start,
                    period_end=end,
                    threshold=full.threshold,
                    created_at=full.generated_at,
                    created_by=actor.operator,
                    content=content,
                    content_sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
                )
                s.add(edition)
                s.flush()
                edition_id, edition_created = edition.id, edition.created_at
            else:
                edition_id, edition_created = current_info.id, current_info.created_at
            row = StatisticsExport(
                exported_at=self.ctx.now().replace(microsecond=0),
                os_user=actor.os_user,
                operator=actor.operator,
                edition_id=edition_id,
                period_start=start,
                period_end=end,
                pathway=request.pathway,
                threshold=full.threshold,
                format=path.suffix.lower().lstrip("."),
                file_name=path.name,
                file_sha256=digest,
                size=len(data),
            )
            s.add(row)
            s.flush()
            atomic_write_bytes(path, data)  # a failure here rolls the record back
            wrote.append(True)
            return ExportRecord(
                id=row.id,
                exported_at=row.exported_at,
                operator=row.operator,
                os_user=row.os_user,
                start=start,
                end=end,
                pathway=row.pathway,
                threshold=row.threshold,
                format=row.format,
                file_name=row.file_name,
                sha256=digest,
                size=len(data),
                edition_id=edition_id,
                edition_created_at=edition_created,
            )

    def exports(self) -> list[ExportRecord]:
        """Every export recorded, the latest first."""
        with self._read() as s:
            return export_records(s)
