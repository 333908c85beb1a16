"""The statistics service: a short pipeline — validate, read the period (:mod:`.reader`),
build every table (:mod:`.tables`), protect it (:mod:`.disclosure`), publish (:mod:`.publish`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Setting
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import FieldError, ValidationError
from rcp_desktop.services.statistics.disclosure import protect
from rcp_desktop.services.statistics.model import Computation, PublishedStatistics
from rcp_desktop.services.statistics.publish import publish
from rcp_desktop.services.statistics.reader import read_period
from rcp_desktop.services.statistics.tables import build_tables

ProgressFn = Callable[[int, int], None]


def _setting(session, spec: settings_mod.SettingSpec):
    raw = session.scalar(select(Setting.value).where(Setting.key == spec.key))
    return spec.default if raw is None else spec.type(raw)


class StatisticsService(ServiceBase):
    def default_threshold(self) -> int:
        with self._read() as s:
            return _setting(s, settings_mod.STATS_THRESHOLD)

    def report(
        self,
        start: dt.date,
        end: dt.date,
        threshold: int | None = None,
        progress: ProgressFn | None = None,
    ) -> PublishedStatistics:
        """Every indicator for [start, end], protected with *threshold* (default: the setting)."""
        return self.compute(start, end, threshold, progress).published

    def compute(
        self,
        start: dt.date,
        end: dt.date,
        threshold: int | None = None,
        progress: ProgressFn | None = None,
    ) -> Computation:
        """The raw cells, their relations, the protection and the published tables. Only
        ``published`` may leave the process; the rest is for tests and audits."""
        problems = []
        if end < start:
            problems.append(
                FieldError("end", _N("core", "La fin de la période précède son début."))
            )
        if threshold is not None and not 2 <= threshold <= 1000:
            problems.append(
                FieldError("threshold", _N("core", "Le seuil doit être compris entre 2 et 1000."))
            )
        if problems:
            raise ValidationError(problems)
        notify = progress or (lambda done, total: None)
        notify(0, 3)
        with self._read() as s:
            if threshold is None:
                threshold = _setting(s, settings_mod.STATS_THRESHOLD)
            quorum = _setting(s, settings_mod.QUORUM_PROFESSIONS)
            cpts = _setting(s, settings_mod.CPTS_NAME)
            data = read_period(s, start, end, self.ctx.today(), quorum)
        notify(1, 3)
        builder = build_tables(data, start, end, threshold, quorum)
        protection = protect(builder.cells, builder.relations, threshold)
        notify(2, 3)
        published = publish(
            builder, protection, start, end, self.ctx.now(), threshold, quorum, cpts
        )
        notify(3, 3)
        return Computation(
            builder.cells,
            tuple(builder.relations),
            protection,
            published,
            tuple((t.id, t.rows) for t in builder.tables),
        )
