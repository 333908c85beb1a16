"""Attendance: invitations from the directory, check-in at the meeting, and the quorum it
makes (:mod:`rcp_desktop.services.quorum`) recorded on the session and the case discussed."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    Meeting,
    MeetingStatus,
    Presence,
    Professional,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.meetings import INACTIVE_MESSAGE, ensure_unlocked
from rcp_desktop.services.quorum import QuorumStatus, quorum_in_session
from rcp_desktop.services.validation import Validator


class AttendanceService(ServiceBase):
    def list(self, meeting_id: int) -> builtins.list[Attendance]:
        """Invited and checked-in people of a session, by name, with their professional."""
        with self._read() as s:
            rows = s.scalars(
                select(Attendance)
                .join(Professional, Attendance.professional_id == Professional.id)
                .where(Attendance.meeting_id == meeting_id)
                .options(selectinload(Attendance.professional))
                .order_by(Professional.last_name, Professional.first_name)
            )
            return list(rows)

    def quorum(self, meeting_id: int) -> QuorumStatus:
        with self._read() as s:
            return quorum_in_session(s, meeting_id)

    def invite(self, meeting_id: int, professional_ids: Iterable[int]) -> builtins.list[Attendance]:
        """Add expected participants from the directory (already invited ones are skipped)."""
        ids = list(dict.fromkeys(professional_ids))
        with self._write() as s:
            meeting = self._get(
                s, Meeting, meeting_id, options=(selectinload(Meeting.attendances),)
            )
            ensure_unlocked(meeting)
            pros = {
                p.id: p for p in s.scalars(select(Professional).where(Professional.id.in_(ids)))
            }
            inactive = sorted(p.display_name for p in pros.values() if not p.active)
            if inactive:
                v = Validator()
                v.add(
                    "participants",
                    _N("core", "Professionnels inactifs dans l'annuaire : {names}."),
                    names=", ".join(inactive),
                )
                v.raise_if_any()
            existing = {a.professional_id for a in meeting.attendances}
            added = []
            for pro_id in ids:
                if pro_id in existing or pro_id not in pros:
                    continue
                row = Attendance(professional_id=pro_id, invited=True, presence=Presence.EXPECTED)
                meeting.attendances.append(row)
                added.append(row)
        return added

    def walk_in(
        self,
        meeting_id: int,
        professional_id: int,
        *,
        mode: AttendanceMode = AttendanceMode.ON_SITE,
    ) -> Attendance:
        """Someone not invited arrives: add them as present now."""
        with self._write() as s:
            meeting = self._get(
                s, Meeting, meeting_id, options=(selectinload(Meeting.attendances),)
            )
            ensure_unlocked(meeting)
            pro = self._get(s, Professional, professional_id)
            if not pro.active:
                v = Validator()
                v.add("professional_id", INACTIVE_MESSAGE)
                v.raise_if_any()
            row = next(
                (a for a in meeting.attendances if a.professional_id == professional_id), None
            )
            if row is None:
                row = Attendance(professional_id=professional_id, invited=False)
                meeting.attendances.append(row)
            row.presence = Presence.PRESENT
            row.mode = mode
            row.arrived_at = self._now_time()
            self._record_quorum(s, meeting)
        return row

    def remove(self, attendance_id: int) -> None:
        with self._write() as s:
            row = self._get(s, Attendance, attendance_id)
            meeting = self._get(s, Meeting, row.meeting_id)
            ensure_unlocked(meeting)
            if row.presence is Presence.PRESENT:
                raise RefusedError(
                    _N("core", "Ce participant est pointé présent : changez d'abord sa présence.")
                )
            s.delete(row)

    def check_in(
        self,
        attendance_id: int,
        presence: Presence,
        *,
        mode: AttendanceMode | None = None,
        arrived_at: dt.time | None = None,
    ) -> QuorumStatus:
        """Set presence (present / excused / absent / expected), mode and arrival time; a
        present person without a time arrives now. Returns the quorum after the change."""
        with self._write() as s:
            row = self._get(s, Attendance, attendance_id)
            meeting = self._get(s, Meeting, row.meeting_id)
            ensure_unlocked(meeting)
            row.presence = presence
            if mode is not None:
                row.mode = mode
            if presence is Presence.PRESENT:
                row.arrived_at = arrived_at or row.arrived_at or self._now_time()
            else:
                row.arrived_at = None
                row.signed = False
            return self._record_quorum(s, meeting)

    def set_mode(self, attendance_id: int, mode: AttendanceMode) -> Attendance:
        with self._write() as s:
            row = self._get(s, Attendance, attendance_id)
            ensure_unlocked(self._get(s, Meeting, row.meeting_id))
            row.mode = mode
        return row

    def set_arrival(self, attendance_id: int, arrived_at: dt.time | None) -> Attendance:
        with self._write() as s:
            row = self._get(s, Attendance, attendance_id)
            ensure_unlocked(self._get(s, Meeting, row.meeting_id))
            if arrived_at is not None and row.presence is not Presence.PRESENT:
                v = Validator()
                v.add("arrived_at", _N("core", "Une heure d'arrivée suppose une présence."))
                v.raise_if_any()
            row.arrived_at = arrived_at
        return row

    def set_signed(self, attendance_id: int, signed: bool) -> Attendance:
        with self._write() as s:
            row = self._get(s, Attendance, attendance_id)
            ensure_unlocked(self._get(s, Meeting, row.meeting_id))
            if signed and row.presence is not Presence.PRESENT:
                raise RefusedError(_N("core", "Seul un participant présent peut émarger."))
            row.signed = signed
        return row

    # --- helpers ---------------------------------------------------------------------------

    def _now_time(self) -> dt.time:
        return self.ctx.now().time().replace(second=0, microsecond=0)

    @staticmethod
    def _record_quorum(s: Session, meeting: Meeting) -> QuorumStatus:
        """While the session runs, the meeting and the item being discussed carry the quorum."""
        status = quorum_in_session(s, meeting.id)
        if meeting.status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD):
            if meeting.quorum_met != status.met:
                meeting.quorum_met = status.met
            if meeting.status is MeetingStatus.IN_PROGRESS:
                current = s.scalars(
                    select(AgendaItem).where(
                        AgendaItem.meeting_id == meeting.id,
                        AgendaItem.started_at.is_not(None),
                        AgendaItem.ended_at.is_(None),
                    )
                )
                for item in current:
                    # An item just begun without quorum is regularised when the quorum arrives
                    # before anything is written; otherwise the flag stays (it was discussed so).
                    if (
                        status.met
                        and item.quorum_met is False
                        and not (item.discussion_notes or item.decisions)
                    ):
                        item.quorum_met = True
                    elif not status.met and item.quorum_met:
                        item.quorum_met = False
        return status
