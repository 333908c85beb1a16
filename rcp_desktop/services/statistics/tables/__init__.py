"""The table builders: from a period's rows (:class:`~..reader.PeriodData`) to the cells of
every table, their relations and each table's layout — before any protection.

One module per group of tables: ``sessions`` (sessions held, professionals mobilised),
``cases`` (presentations, decisions, crisis plans), ``patients`` (age, sex, commune,
fragility), ``usipa``, ``tnd``; ``builder`` holds what they share.
"""

from __future__ import annotations

import datetime as dt

from rcp_desktop.services.statistics.reader import PeriodData
from rcp_desktop.services.statistics.tables.builder import TableBuilder, TableLayout
from rcp_desktop.services.statistics.tables.cases import (
    build_crisis_plans,
    build_decisions,
    build_presentations,
)
from rcp_desktop.services.statistics.tables.patients import build_patients
from rcp_desktop.services.statistics.tables.sessions import build_professionals, build_sessions
from rcp_desktop.services.statistics.tables.tnd import build_tnd
from rcp_desktop.services.statistics.tables.usipa import build_usipa


def build_tables(
    data: PeriodData, start: dt.date, end: dt.date, threshold: int, quorum: int
) -> TableBuilder:
    """Every table of the export, in the order they are published."""
    b = TableBuilder()
    build_sessions(b, data, quorum)
    build_professionals(b, data)
    build_presentations(b, data)
    build_decisions(b, data)
    build_patients(b, data, end, threshold)
    build_crisis_plans(b, data)
    build_usipa(b, data, start, end)
    build_tnd(b, data, start, end)
    return b


__all__ = ["TableBuilder", "TableLayout", "build_tables"]
