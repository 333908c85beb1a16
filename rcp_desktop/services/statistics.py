"""Activity figures for a period (the first ACI indicators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from rcp_desktop.models import AgendaItem, Attendance, Meeting, MeetingStatus, Presence
from rcp_desktop.services.base import ServiceBase

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.VALIDATED)


@dataclass(frozen=True)
class Overview:
    start: dt.date
    end: dt.date
    sessions_held: int
    presentations: int
    situations: int
    professionals: int


class StatisticsService(ServiceBase):
    def overview(self, start: dt.date, end: dt.date) -> Overview:
        held = select(Meeting.id).where(
            Meeting.status.in_(HELD_STATUSES), Meeting.held_on >= start, Meeting.held_on <= end
        )
        with self._read() as s:
            sessions = s.scalar(select(func.count()).select_from(held.subquery()))
            presentations, situations = s.execute(
                select(func.count(AgendaItem.id), func.count(func.distinct(AgendaItem.case_id))).where(
                    AgendaItem.meeting_id.in_(held)
                )
            ).one()
            professionals = s.scalar(
                select(func.count(func.distinct(Attendance.professional_id))).where(
                    Attendance.meeting_id.in_(held), Attendance.presence == Presence.PRESENT
                )
            )
        return Overview(start, end, sessions or 0, presentations, situations, professionals or 0)
