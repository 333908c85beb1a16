"""Conference sessions (séances): plan, list with their counts, load for display."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    CaseFile,
    Decision,
    Meeting,
    MeetingStatus,
    Pathway,
    Presence,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.validation import Validator


@dataclass
class MeetingDraft:
    held_on: dt.date | None = None
    start_time: dt.time | None = None
    duration_minutes: int = 120
    place: str | None = None
    video_link: str | None = None
    pathway: Pathway | None = None
    theme: str | None = None
    animator_id: int | None = None
    notes: str | None = None

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingDraft:
        return cls(**{f.name: getattr(meeting, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the sessions list (no patient data)."""

    id: int
    held_on: dt.date
    start_time: dt.time
    duration_minutes: int
    pathway: Pathway | None
    theme: str | None
    place: str | None
    status: MeetingStatus
    cases: int
    present: int

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "date": self.held_on.isoformat(),
            "time": self.start_time.strftime("%H:%M"),
            "duration_minutes": self.duration_minutes,
            "pathway": self.pathway.value if self.pathway else None,
            "theme": self.theme,
            "status": self.status.value,
            "cases": self.cases,
            "present": self.present,
        }


def clean_meeting(draft: MeetingDraft, now: dt.datetime, *, new: bool) -> dict:
    v = Validator()
    values = {
        "held_on": v.required("held_on", draft.held_on),
        "start_time": v.required("start_time", draft.start_time),
        "duration_minutes": draft.duration_minutes,
        "place": v.optional_text("place", draft.place, max_length=300),
        "video_link": v.optional_text("video_link", draft.video_link, max_length=500),
        "pathway": draft.pathway,
        "theme": v.optional_text("theme", draft.theme, max_length=300),
        "animator_id": draft.animator_id,
        "notes": v.optional_text("notes", draft.notes),
    }
    v.int_range("duration_minutes", draft.duration_minutes, 5, 720)
    if new and draft.held_on is not None and draft.start_time is not None:
        if dt.datetime.combine(draft.held_on, draft.start_time) < now - dt.timedelta(minutes=5):
            v.add(
                "held_on",
                _N("core", "Une séance planifiée ne peut pas être dans le passé."),
            )
    v.raise_if_any()
    return values


class MeetingService(ServiceBase):
    def summaries(
        self, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[MeetingSummary]:
        cases = (
            select(AgendaItem.meeting_id, func.count(AgendaItem.id).label("n"))
            .group_by(AgendaItem.meeting_id)
            .subquery()
        )
        present = (
            select(Attendance.meeting_id, func.count(Attendance.id).label("n"))
            .where(Attendance.presence == Presence.PRESENT)
            .group_by(Attendance.meeting_id)
            .subquery()
        )
        stmt = (
            select(Meeting, func.coalesce(cases.c.n, 0), func.coalesce(present.c.n, 0))
            .outerjoin(cases, cases.c.meeting_id == Meeting.id)
            .outerjoin(present, present.c.meeting_id == Meeting.id)
            .order_by(Meeting.held_on.desc(), Meeting.start_time.desc())
        )
        if start is not None:
            stmt = stmt.where(Meeting.held_on >= start)
        if end is not None:
            stmt = stmt.where(Meeting.held_on <= end)
        with self._read() as s:
            return [
                MeetingSummary(
                    id=m.id,
                    held_on=m.held_on,
                    start_time=m.start_time,
                    duration_minutes=m.duration_minutes,
                    pathway=m.pathway,
                    theme=m.theme,
                    place=m.place,
                    status=m.status,
                    cases=n_cases,
                    present=n_present,
                )
                for m, n_cases, n_present in s.execute(stmt)
            ]

    def get(self, meeting_id: int) -> Meeting:
        """A meeting with its agenda (cases, patients, decisions) and attendance loaded."""
        with self._read() as s:
            return self._get(
                s,
                Meeting,
                meeting_id,
                options=(
                    selectinload(Meeting.animator),
                    selectinload(Meeting.items)
                    .selectinload(AgendaItem.case)
                    .selectinload(CaseFile.patient),
                    selectinload(Meeting.items).selectinload(AgendaItem.presenter),
                    selectinload(Meeting.items)
                    .selectinload(AgendaItem.decisions)
                    .selectinload(Decision.owner),
                    selectinload(Meeting.attendances).selectinload(Attendance.professional),
                    selectinload(Meeting.addenda),
                ),
            )

    def plan(self, draft: MeetingDraft) -> Meeting:
        values = clean_meeting(draft, self.ctx.now(), new=True)
        with self._write() as s:
            meeting = Meeting(status=MeetingStatus.PLANNED, **values)
            s.add(meeting)
        return meeting
