"""Participants' time, for indemnisation: the minutes each professional gave to the sessions
held in a calendar year, the amount at the CPTS's rate per hour, and the annual cap.

Counting
    A professional counts at a session held (or validated) in the year where they were pointed
    present. Their time runs from their arrival (the arrival recorded at check-in; before the
    start, or none: the start) to the end of the session; the session runs from its real start
    to its real end (``Meeting.real_start`` / ``real_end``: recorded by live mode, corrected by
    the referent), else from its planned time for its planned length. A correction (:class:`~rcp_desktop.models.ParticipationTime`, always with a reason)
    may set the arrival, the departure, or the minutes to count outright; it never changes the
    session itself (locked once its minutes are validated). Every correction is audited like
    every write.

Money
    In euro cents. Each session's amount is its minutes at the rate, rounded to the cent (half
    up); the year's amount is their sum; the amount due is that sum capped by the annual cap
    per professional (0: no cap), and the cap is "reached" once the sum attains it.

Nothing about patients is read here: neither the statements nor the accountant's file can carry
any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import extract, select
from sqlalchemy.orm import selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    Attendance,
    Meeting,
    ParticipationTime,
    Presence,
    label,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.documents import DocumentService, Letterhead
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator

MAX_MINUTES = 720
MAX_RATE_CENTS = 100_000  # 1 000 € an hour
MAX_CAP_CENTS = 10_000_000  # 100 000 € a year


def amount_cents(minutes: int, rate_cents: int) -> int:
    """*minutes* at *rate_cents* an hour, rounded to the cent, half up."""
    return (minutes * rate_cents * 2 + 60) // 120


def _minutes_between(start: dt.time, end: dt.time) -> int:
    delta = dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)
    return max(0, int(delta.total_seconds() // 60))


def session_window(meeting: Meeting) -> tuple[dt.time, dt.time]:
    """When the session really ran: its real start and end (recorded by live mode, corrected by
    the referent), else its planned time and length (a session running past midnight ends at
    23:59)."""
    start = meeting.real_start
    end = meeting.real_end
    if start is not None and end is not None and end > start:
        return start, end
    planned = meeting.starts_at
    planned_end = planned + dt.timedelta(minutes=meeting.duration_minutes)
    if planned_end.date() != planned.date():
        return (start or planned.time()), dt.time(23, 59)
    return (start or planned.time()), planned_end.time()


@dataclass(frozen=True)
class SessionTime:
    """One professional at one session: when they came and left, the minutes counted."""

    attendance_id: int
    meeting_id: int
    held_on: dt.date
    session: str  # pathway and theme (never a patient)
    arrived_at: dt.time
    left_at: dt.time
    minutes: int
    amount_cents: int
    correction: str | None  # the reason of a correction, if the time was corrected
    corrected_minutes: int | None  # minutes set outright by the correction

    @property
    def id(self) -> int:
        return self.attendance_id


@dataclass(frozen=True)
class ProfessionalYear:
    """A professional's year: their sessions and what they amount to."""

    professional_id: int
    name: str
    last_name: str
    first_name: str
    profession: str
    rpps: str | None
    structure: str | None
    sessions: tuple[SessionTime, ...]
    computed_cents: int
    due_cents: int
    cap_reached: bool

    @property
    def id(self) -> int:
        return self.professional_id

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)


@dataclass(frozen=True)
class IndemnityYear:
    year: int
    rate_cents: int
    cap_cents: int
    rows: tuple[ProfessionalYear, ...]

    @property
    def total_minutes(self) -> int:
        return sum(r.minutes for r in self.rows)

    @property
    def total_due_cents(self) -> int:
        return sum(r.due_cents for r in self.rows)

    def of(self, professional_id: int) -> ProfessionalYear:
        return next(r for r in self.rows if r.professional_id == professional_id)


@dataclass
class TimeCorrectionDraft:
    arrived_at: dt.time | None = None
    left_at: dt.time | None = None
    minutes: int | None = None
    reason: str | None = None


def _session_label(meeting: Meeting) -> str:
    parts = [label(meeting.pathway)] if meeting.pathway else []
    if meeting.theme:
        parts.append(meeting.theme)
    return " — ".join(parts)


def _session_time(a: Attendance, fix: ParticipationTime | None, rate_cents: int) -> SessionTime:
    meeting = a.meeting
    start, end = session_window(meeting)
    arrived = (fix.arrived_at if fix and fix.arrived_at else None) or a.arrived_at or start
    arrived = min(max(arrived, start), end)
    left = fix.left_at if fix and fix.left_at else end
    left = min(max(left, arrived), end)
    minutes = fix.minutes if fix and fix.minutes is not None else _minutes_between(arrived, left)
    return SessionTime(
        a.id,
        meeting.id,
        meeting.held_on,
        _session_label(meeting),
        arrived,
        left,
        minutes,
        amount_cents(minutes, rate_cents),
        fix.reason if fix else None,
        fix.minutes if fix else None,
    )


class IndemnityService(ServiceBase):
    def letterhead(self) -> Letterhead:
        """The CPTS's name and logo for the statements."""
        return DocumentService(self.ctx).letterhead()

    # --- rate and cap --------------------------------------------------------------------------

    def rates(self) -> tuple[int, int]:
        """(rate per hour, annual cap per professional), in cents; 0 = not set / no cap."""
        get = settings_mod.SettingsService(self.ctx).get
        return get(settings_mod.INDEMNITY_RATE_CENTS), get(settings_mod.INDEMNITY_CAP_CENTS)

    def set_rates(self, rate_cents: int, cap_cents: int) -> None:
        v = Validator()
        if not 0 <= rate_cents <= MAX_RATE_CENTS:
            v.add(
                "rate", _N("core", "Taux horaire : entre 0 et {max} €."), max=MAX_RATE_CENTS // 100
            )
        if not 0 <= cap_cents <= MAX_CAP_CENTS:
            v.add(
                "cap", _N("core", "Plafond annuel : entre 0 et {max} €."), max=MAX_CAP_CENTS // 100
            )
        v.raise_if_any()
        with self._write() as s:
            settings_mod.put(s, settings_mod.INDEMNITY_RATE_CENTS, rate_cents)
            settings_mod.put(s, settings_mod.INDEMNITY_CAP_CENTS, cap_cents)

    # --- reading -------------------------------------------------------------------------------

    def year(self, year: int) -> IndemnityYear:
        """Every professional present at a session held in *year*, by name, with their
        sessions (by date) and amounts."""
        rate, cap = self.rates()
        with self._read() as s:
            attendances = list(
                s.scalars(
                    select(Attendance)
                    .join(Meeting, Attendance.meeting_id == Meeting.id)
                    .where(
                        Attendance.presence == Presence.PRESENT,
                        Meeting.status.in_(HELD_MEETING_STATUSES),
                        extract("year", Meeting.held_on) == year,
                    )
                    .options(
                        selectinload(Attendance.meeting), selectinload(Attendance.professional)
                    )
                )
            )
            fixes = {
                f.attendance_id: f
                for f in s.scalars(
                    select(ParticipationTime).where(
                        ParticipationTime.attendance_id.in_([a.id for a in attendances])
                    )
                )
            }
        by_pro: dict[int, list[Attendance]] = {}
        for a in attendances:
            by_pro.setdefault(a.professional_id, []).append(a)
        rows = []
        for rows_of_pro in by_pro.values():
            pro = rows_of_pro[0].professional
            sessions = tuple(
                sorted(
                    (_session_time(a, fixes.get(a.id), rate) for a in rows_of_pro),
                    key=lambda t: (t.held_on, t.meeting_id),
                )
            )
            computed = sum(t.amount_cents for t in sessions)
            rows.append(
                ProfessionalYear(
                    pro.id,
                    pro.display_name,
                    pro.last_name,
                    pro.first_name,
                    pro.profession_label,
                    pro.rpps,
                    pro.structure,
                    sessions,
                    computed,
                    min(computed, cap) if cap else computed,
                    bool(cap) and computed >= cap,
                )
            )
        rows.sort(key=lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.id))
        return IndemnityYear(year, rate, cap, tuple(rows))

    def correction(self, attendance_id: int) -> ParticipationTime | None:
        with self._read() as s:
            return s.scalar(
                select(ParticipationTime).where(ParticipationTime.attendance_id == attendance_id)
            )

    # --- corrections ---------------------------------------------------------------------------

    def correct(self, attendance_id: int, draft: TimeCorrectionDraft) -> ParticipationTime:
        """Record (or replace) the correction of a participant's time at a session."""
        v = Validator()
        reason = v.required_text("reason", draft.reason, max_length=2_000)
        if draft.arrived_at is None and draft.left_at is None and draft.minutes is None:
            v.add(
                "minutes",
                _N("core", "Indiquez une heure d'arrivée, de départ ou une durée à compter."),
            )
        if draft.minutes is not None and not 0 <= draft.minutes <= MAX_MINUTES:
            v.add("minutes", _N("core", "Durée : entre 0 et {max} minutes."), max=MAX_MINUTES)
        if (
            draft.arrived_at is not None
            and draft.left_at is not None
            and draft.left_at <= draft.arrived_at
        ):
            v.add("left_at", _N("core", "Le départ doit suivre l'arrivée."))
        v.raise_if_any()
        with self._write() as s:
            attendance = self._get(s, Attendance, attendance_id)
            meeting = self._get(s, Meeting, attendance.meeting_id)
            if (
                attendance.presence is not Presence.PRESENT
                or meeting.status not in HELD_MEETING_STATUSES
            ):
                raise RefusedError(
                    _N(
                        "core",
                        "Seul le temps d'un participant présent à une séance tenue se corrige.",
                    )
                )
            row = s.scalar(
                select(ParticipationTime).where(ParticipationTime.attendance_id == attendance_id)
            )
            if row is None:
                row = ParticipationTime(attendance_id=attendance_id, reason=reason, recorded_by="")
                s.add(row)
            row.arrived_at = draft.arrived_at
            row.left_at = draft.left_at
            row.minutes = draft.minutes
            row.reason = reason
            row.recorded_by = self.ctx.actor.operator
            s.flush()
            return row

    def clear_correction(self, attendance_id: int) -> None:
        """Go back to the time as attendance gives it."""
        with self._write() as s:
            row = s.scalar(
                select(ParticipationTime).where(ParticipationTime.attendance_id == attendance_id)
            )
            if row is not None:
                s.delete(row)
