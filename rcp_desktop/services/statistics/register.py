"""The register of published statistics, read and written inside the service's sessions:
editions (the figures of a year as first published) and exported files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcp_desktop.models import StatisticsEdition, StatisticsExport


@dataclass(frozen=True)
class EditionInfo:
    id: int
    start: dt.date
    end: dt.date
    threshold: int
    created_at: dt.datetime
    created_by: str


@dataclass(frozen=True)
class ExportRecord:
    """One row of the register, as the Exports view and ``rcp-desktop exports`` show it."""

    id: int
    exported_at: dt.datetime
    operator: str
    os_user: str
    start: dt.date
    end: dt.date
    pathway: str
    threshold: int
    format: str
    file_name: str
    sha256: str
    size: int
    edition_id: int
    edition_created_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "exported_at": self.exported_at.isoformat(timespec="seconds"),
            "operator": self.operator,
            "os_user": self.os_user,
            "period_start": self.start.isoformat(),
            "period_end": self.end.isoformat(),
            "pathway": self.pathway,
            "threshold": self.threshold,
            "format": self.format,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "size": self.size,
            "edition": self.edition_id,
            "edition_created_at": self.edition_created_at.isoformat(timespec="seconds"),
        }


def edition_info(row: StatisticsEdition) -> EditionInfo:
    return EditionInfo(
        row.id, row.period_start, row.period_end, row.threshold, row.created_at, row.created_by
    )


def latest_edition(session: Session, start: dt.date, end: dt.date) -> StatisticsEdition | None:
    """The edition every export of [start, end] reprints: the latest one."""
    return session.scalar(
        select(StatisticsEdition)
        .where(StatisticsEdition.period_start == start, StatisticsEdition.period_end == end)
        .order_by(StatisticsEdition.id.desc())
        .limit(1)
    )


def export_records(session: Session) -> list[ExportRecord]:
    rows = session.execute(
        select(StatisticsExport, StatisticsEdition.created_at)
        .join(StatisticsEdition, StatisticsEdition.id == StatisticsExport.edition_id)
        .order_by(StatisticsExport.id.desc())
    )
    return [
        ExportRecord(
            id=e.id,
            exported_at=e.exported_at,
            operator=e.operator,
            os_user=e.os_user,
            start=e.period_start,
            end=e.period_end,
            pathway=e.pathway,
            threshold=e.threshold,
            format=e.format,
            file_name=e.file_name,
            sha256=e.file_sha256,
            size=e.size,
            edition_id=e.edition_id,
            edition_created_at=created,
        )
        for e, created in rows
    ]
