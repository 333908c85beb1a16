"""ACI indicators for any period, overall and by pathway, protected before they leave.

:meth:`StatisticsService.report` reads the period's activity, builds every figure as a cell of
:mod:`.disclosure`, masks the small counts (with secondary suppression) and returns a
:class:`PublishedStatistics`: tables of *shown* values only (numbers, "s", "—").
Nothing identifying is in it: no name, birth date, NIR, address, free text or record id; ages
are in bands, communes with few patients are grouped. The reports (CSV, XLSX, PDF) and the
statistics page only ever see that object.

Modules, in pipeline order (each job in one place)
    ``definitions``  what is counted: pathway columns, age bands, labels, the method note
    ``reader``       :func:`read_period`: the period's figures counted by SQL (:class:`PeriodData`)
    ``tables``       one builder per group of tables: rows → cells, relations, table layouts
    ``disclosure``   :func:`protect`: primary and secondary suppression, the exact audit
    ``publish``      cells → shown values: the :class:`PublishedStatistics`
    ``model``        the published classes and the :class:`Computation` (for tests, audits)
    ``periods``      what an export may cover: a calendar year that is over, threshold ≥ 11
    ``register``     editions (a year's published figures) and exported files, read back
    ``service``      :class:`StatisticsService`, the pipeline, the cache, the recorded exports
"""

from __future__ import annotations

from rcp_desktop.services.statistics.definitions import (
    ALL,
    DEFINITIONS,
    NO_PATHWAY,
    pathway_label,
)
from rcp_desktop.services.statistics.model import (
    Computation,
    PublishedStatistics,
    PublishedTable,
    Shown,
)
from rcp_desktop.services.statistics.periods import EXPORT_MIN_THRESHOLD
from rcp_desktop.services.statistics.register import EditionInfo, ExportRecord
from rcp_desktop.services.statistics.service import (
    ExportRequest,
    ProgressFn,
    Publication,
    Renderer,
    StatisticsService,
)

__all__ = [
    "ALL",
    "DEFINITIONS",
    "EXPORT_MIN_THRESHOLD",
    "NO_PATHWAY",
    "Computation",
    "EditionInfo",
    "ExportRecord",
    "ExportRequest",
    "ProgressFn",
    "Publication",
    "PublishedStatistics",
    "PublishedTable",
    "Renderer",
    "Shown",
    "StatisticsService",
    "pathway_label",
]
