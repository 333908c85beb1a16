"""Conference sessions (séances): plan (one or a recurring series), edit, the status flow
planned → in progress → held → minutes validated (then locked), dated addenda, and the list
with its counts.

A little over 500 lines: the status flow and the edits it allows are one set of rules, kept
together so that each transition is checked against the same states.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from rcp_desktop.domain.dates import next_working_day, short_time
from rcp_desktop.domain.recurrence import (
    ORDINALS,
    Recurrence,
    RecurrenceKind,
    next_in_series,
    occurrences,
)
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    Addendum,
    AgendaItem,
    Attendance,
    CaseFile,
    Decision,
    Meeting,
    MeetingStatus,
    Pathway,
    Presence,
    Professional,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.quorum import quorum_in_session
from rcp_desktop.services.validation import Validator

LOCKED_MESSAGE = _N(
    "core",
    "Le compte rendu de cette séance est validé : la séance est verrouillée et ne peut plus "
    "être modifiée. Pour corriger, ajoutez un addendum daté ; l'original reste lisible.",
)
INACTIVE_MESSAGE = _N("core", "Ce professionnel n'est plus actif dans l'annuaire.")
MAX_SERIES = 100
DEFAULT_START = dt.time(20, 0)  # the usual evening slot of a first session
ANIMATOR_ROLE = _N("core", "Animateur")


def minute_of(moment: dt.datetime | dt.time) -> dt.time:
    """The time of *moment* to the minute (what the documents print)."""
    time = moment.time() if isinstance(moment, dt.datetime) else moment
    return time.replace(second=0, microsecond=0)


def ensure_unlocked(meeting: Meeting) -> None:
    """Refuse any change to a session whose minutes are validated."""
    if meeting.status is MeetingStatus.VALIDATED:
        raise RefusedError(LOCKED_MESSAGE)


def active_professional(session: Session, v: Validator, field: str, pro_id: int | None) -> None:
    """Add a field error if *pro_id* is not an active professional of the directory."""
    if pro_id is None:
        return
    pro = session.get(Professional, pro_id)
    if pro is None:
        v.add(field, _N("core", "Ce professionnel n'existe plus dans l'annuaire."))
    elif not pro.active:
        v.add(field, INACTIVE_MESSAGE)


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
    planned_minutes: int = 0
    decisions: int = 0
    quorum_met: bool | None = None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "date": self.held_on.isoformat(),
            "time": short_time(self.start_time),
            "duration_minutes": self.duration_minutes,
            "pathway": self.pathway.value if self.pathway else None,
            "theme": self.theme,
            "status": self.status.value,
            "cases": self.cases,
            "present": self.present,
            "planned_minutes": self.planned_minutes,
            "decisions": self.decisions,
            "quorum_met": self.quorum_met,
        }

    @property
    def overrun_minutes(self) -> int:
        return max(0, self.planned_minutes - self.duration_minutes)


def clean_meeting(draft: MeetingDraft, now: dt.datetime, *, new: bool) -> dict:
    v = Validator()
    values = {
        "held_on": v.required("held_on", draft.held_on),
        "start_time": v.required("start_time", draft.start_time),
        "duration_minutes": draft.duration_minutes,
        "place": v.optional_text("place", draft.place, max_length=300),
        "video_link": v.optional_text("video_link", draft.video_link, max_length=500),
        "pathway": Pathway(draft.pathway) if draft.pathway else None,
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


# --- recurrence ------------------------------------------------------------------------------


def clean_series(
    rule: Recurrence, start: dt.date | None, end: dt.date | None, v: Validator
) -> list[dt.date]:
    v.required("series_start", start)
    v.required("series_end", end)
    if rule.kind is RecurrenceKind.MONTHLY and rule.week_of_month not in ORDINALS:
        v.add("week_of_month", _N("core", "Choisissez la semaine du mois."))
    if rule.kind is RecurrenceKind.WEEKLY:
        v.int_range("interval_weeks", rule.interval_weeks, 1, 12)
    if start is None or end is None or v.errors:
        return []
    if end < start:
        v.add("series_end", _N("core", "La fin de la période ne peut pas précéder son début."))
        return []
    dates = occurrences(rule, start, end, limit=MAX_SERIES + 1)
    if not dates:
        v.add("series_end", _N("core", "Aucune date de séance dans cette période."))
    elif len(dates) > MAX_SERIES:
        v.add(
            "series_end",
            _N("core", "Plus de {n} séances : raccourcissez la période."),
            n=MAX_SERIES,
        )
    return dates


# --- the service -----------------------------------------------------------------------------


class MeetingService(ServiceBase):
    def summaries(
        self, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[MeetingSummary]:
        cases = (
            select(
                AgendaItem.meeting_id,
                func.count(AgendaItem.id).label("n"),
                func.sum(AgendaItem.planned_minutes).label("minutes"),
            )
            .group_by(AgendaItem.meeting_id)
            .subquery()
        )
        present = (
            select(Attendance.meeting_id, func.count(Attendance.id).label("n"))
            .where(Attendance.presence == Presence.PRESENT)
            .group_by(Attendance.meeting_id)
            .subquery()
        )
        decisions = (
            select(AgendaItem.meeting_id, func.count(Decision.id).label("n"))
            .join(Decision, Decision.item_id == AgendaItem.id)
            .group_by(AgendaItem.meeting_id)
            .subquery()
        )
        # The shown columns only, not whole sessions (their notes): the rows become summaries
        # without an ORM object each.
        stmt = (
            select(
                Meeting.id,
                Meeting.held_on,
                Meeting.start_time,
                Meeting.duration_minutes,
                Meeting.pathway,
                Meeting.theme,
                Meeting.place,
                Meeting.status,
                Meeting.quorum_met,
                func.coalesce(cases.c.n, 0),
                func.coalesce(present.c.n, 0),
                func.coalesce(cases.c.minutes, 0),
                func.coalesce(decisions.c.n, 0),
            )
            .outerjoin(cases, cases.c.meeting_id == Meeting.id)
            .outerjoin(present, present.c.meeting_id == Meeting.id)
            .outerjoin(decisions, decisions.c.meeting_id == Meeting.id)
            .order_by(Meeting.held_on.desc(), Meeting.start_time.desc())
        )
        if start is not None:
            stmt = stmt.where(Meeting.held_on >= start)
        if end is not None:
            stmt = stmt.where(Meeting.held_on <= end)
        with self._read() as s:
            return [
                MeetingSummary(
                    id=row[0],
                    held_on=row[1],
                    start_time=row[2],
                    duration_minutes=row[3],
                    pathway=row[4],
                    theme=row[5],
                    place=row[6],
                    status=row[7],
                    quorum_met=row[8],
                    cases=row[9],
                    present=row[10],
                    planned_minutes=int(row[11]),
                    decisions=row[12],
                )
                for row in s.execute(stmt)
            ]

    def suggested_draft(self) -> MeetingDraft:
        """What a new session starts from: the next date of the series the last sessions
        form (else the next working day), at the hour, for the length and in the place of
        the last session."""
        today = self.ctx.today()
        with self._read() as s:
            recent = list(
                s.scalars(
                    select(Meeting)
                    .order_by(Meeting.held_on.desc(), Meeting.start_time.desc())
                    .limit(2)
                )
            )
        recent.reverse()
        day = next_in_series([m.held_on for m in recent], today) or next_working_day(today)
        if not recent:
            return MeetingDraft(held_on=day, start_time=DEFAULT_START)
        last = recent[-1]
        return MeetingDraft(
            held_on=day,
            start_time=last.start_time,
            duration_minutes=last.duration_minutes,
            place=last.place,
            video_link=last.video_link,
        )

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

    # --- planning ----------------------------------------------------------------------------

    def _check_people(
        self, s: Session, v: Validator, values: dict, participant_ids: Iterable[int]
    ) -> list[int]:
        active_professional(s, v, "animator_id", values["animator_id"])
        ids = list(dict.fromkeys(participant_ids))
        inactive = [
            p.display_name
            for p in s.scalars(select(Professional).where(Professional.id.in_(ids)))
            if not p.active
        ]
        if inactive:
            v.add(
                "participants",
                _N("core", "Professionnels inactifs dans l'annuaire : {names}."),
                names=", ".join(sorted(inactive)),
            )
        v.raise_if_any()
        return ids

    @staticmethod
    def _invite(s: Session, meeting: Meeting, ids: Sequence[int], animator_id: int | None) -> None:
        existing = {a.professional_id for a in meeting.attendances}
        wanted = list(ids)
        if animator_id is not None and animator_id not in wanted:
            wanted.insert(0, animator_id)
        for pro_id in wanted:
            if pro_id in existing:
                continue
            meeting.attendances.append(
                Attendance(
                    professional_id=pro_id,
                    invited=True,
                    presence=Presence.EXPECTED,
                    role=translate(ANIMATOR_ROLE) if pro_id == animator_id else None,
                )
            )
            existing.add(pro_id)

    def plan(self, draft: MeetingDraft, participant_ids: Iterable[int] = ()) -> Meeting:
        """Plan one session and invite its expected participants (the animator included)."""
        values = clean_meeting(draft, self.ctx.now(), new=True)
        with self._write() as s:
            ids = self._check_people(s, Validator(), values, participant_ids)
            meeting = Meeting(status=MeetingStatus.PLANNED, **values)
            s.add(meeting)
            self._invite(s, meeting, ids, values["animator_id"])
        return meeting

    def preview_series(
        self, rule: Recurrence, start: dt.date | None, end: dt.date | None
    ) -> list[dt.date]:
        """The dates a series would have; raises ValidationError like :meth:`plan_series`."""
        v = Validator()
        dates = clean_series(rule, start, end, v)
        v.raise_if_any()
        return dates

    def plan_series(
        self,
        draft: MeetingDraft,
        rule: Recurrence,
        start: dt.date | None,
        end: dt.date | None,
        participant_ids: Iterable[int] = (),
    ) -> list[Meeting]:
        """Plan every session of *rule* between *start* and *end*, all at once (or none)."""
        v = Validator()
        dates = clean_series(rule, start, end, v)
        if dates and draft.start_time is not None:
            first = dt.datetime.combine(dates[0], draft.start_time)
            if first < self.ctx.now() - dt.timedelta(minutes=5):
                v.add("series_start", _N("core", "Une série ne peut pas commencer dans le passé."))
        probe = MeetingDraft(**{f.name: getattr(draft, f.name) for f in fields(MeetingDraft)})
        probe.held_on = dates[0] if dates else self.ctx.today()
        try:
            values = clean_meeting(probe, self.ctx.now(), new=False)
        except ValidationError as exc:  # merge the draft's own field errors with the series'
            v.errors.extend(e for e in exc.field_errors if e.field != "held_on")
            values = None
        v.raise_if_any()
        assert values is not None
        created: list[Meeting] = []
        with self._write() as s:
            ids = self._check_people(s, Validator(), values, participant_ids)
            for day in dates:
                meeting = Meeting(status=MeetingStatus.PLANNED, **{**values, "held_on": day})
                s.add(meeting)
                self._invite(s, meeting, ids, values["animator_id"])
                created.append(meeting)
        return created

    def update(
        self, meeting_id: int, draft: MeetingDraft, *, expected_version: int | None = None
    ) -> Meeting:
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id, expected_version)
            ensure_unlocked(meeting)
            planned = meeting.status is MeetingStatus.PLANNED
            moved = (draft.held_on, draft.start_time) != (meeting.held_on, meeting.start_time)
            values = clean_meeting(draft, self.ctx.now(), new=planned and moved)
            v = Validator()
            if values["animator_id"] != meeting.animator_id:
                active_professional(s, v, "animator_id", values["animator_id"])
            v.raise_if_any()
            for key, value in values.items():
                setattr(meeting, key, value)
            if values["animator_id"] is not None:
                self._invite(s, meeting, [], values["animator_id"])
        return meeting

    def delete(self, meeting_id: int, *, expected_version: int | None = None) -> None:
        """Remove a planned session (its agenda and invitations go with it)."""
        with self._write() as s:
            meeting = self._get(
                s,
                Meeting,
                meeting_id,
                expected_version,
                options=(selectinload(Meeting.items).selectinload(AgendaItem.decisions),),
            )
            if meeting.status is not MeetingStatus.PLANNED:
                raise RefusedError(
                    _N("core", "Seule une séance encore planifiée peut être supprimée.")
                )
            if any(item.decisions for item in meeting.items):
                raise RefusedError(
                    _N(
                        "core",
                        "Cette séance porte des décisions : elle ne peut pas être supprimée.",
                    )
                )
            s.delete(meeting)

    # --- status flow -------------------------------------------------------------------------

    def start(self, meeting_id: int) -> Meeting:
        """Planned → in progress (the live meeting begins)."""
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id)
            ensure_unlocked(meeting)
            if meeting.status is not MeetingStatus.PLANNED:
                raise RefusedError(_N("core", "Cette séance a déjà commencé."))
            meeting.status = MeetingStatus.IN_PROGRESS
            meeting.started_at = self.ctx.now()
            meeting.actual_start = minute_of(meeting.started_at)
            meeting.quorum_met = quorum_in_session(s, meeting_id).met
        return meeting

    def close(self, meeting_id: int) -> Meeting:
        """In progress → held: the end time and the quorum are recorded, open items closed."""
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id, options=(selectinload(Meeting.items),))
            ensure_unlocked(meeting)
            if meeting.status is not MeetingStatus.IN_PROGRESS:
                raise RefusedError(_N("core", "Seule une séance en cours peut être clôturée."))
            now = self.ctx.now()
            quorum = quorum_in_session(s, meeting_id).met
            meeting.status = MeetingStatus.HELD
            meeting.ended_at = now
            if meeting.actual_end is None:
                meeting.actual_end = minute_of(now)
            if meeting.actual_start is None:  # started before the times were recorded
                meeting.actual_start = meeting.real_start
            meeting.quorum_met = quorum
            for item in meeting.items:
                if item.started_at is not None and item.ended_at is None:
                    item.ended_at = now
                    item.quorum_met = bool(item.quorum_met) and quorum
        return meeting

    def reopen(self, meeting_id: int) -> Meeting:
        """Held → in progress again (before the minutes are validated)."""
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id)
            ensure_unlocked(meeting)
            if meeting.status is not MeetingStatus.HELD:
                raise RefusedError(_N("core", "Seule une séance tenue peut être rouverte."))
            meeting.status = MeetingStatus.IN_PROGRESS
            meeting.ended_at = None
            meeting.actual_end = None  # it goes on: the next closing records the end
        return meeting

    def set_times(
        self,
        meeting_id: int,
        start: dt.time | None,
        end: dt.time | None,
        *,
        expected_version: int | None = None,
    ) -> Meeting:
        """Correct the real start and end of a session (they print on every document): from
        its start until its minutes are validated. The end, if any, follows the start."""
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id, expected_version)
            ensure_unlocked(meeting)
            if meeting.status is MeetingStatus.PLANNED:
                raise RefusedError(
                    _N("core", "La séance n'a pas commencé : elle n'a pas encore d'horaires réels.")
                )
            v = Validator()
            v.required("actual_start", start)
            if start is not None and end is not None and end <= start:
                v.add(
                    "actual_end",
                    _N("core", "La fin ({end}) doit suivre le début ({start})."),
                    end=short_time(end),
                    start=short_time(start),
                )
            v.raise_if_any()
            assert start is not None  # required above
            start = minute_of(start)
            end = minute_of(end) if end is not None else None
            if meeting.actual_start != start:
                meeting.actual_start = start
            if meeting.actual_end != end:
                meeting.actual_end = end
        return meeting

    def validate(self, meeting_id: int) -> Meeting:
        """Held → minutes validated: from now on the session is locked."""
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id)
            ensure_unlocked(meeting)
            if meeting.status is not MeetingStatus.HELD:
                raise RefusedError(
                    _N("core", "Le compte rendu se valide une fois la séance tenue et clôturée.")
                )
            meeting.status = MeetingStatus.VALIDATED
            meeting.validated_at = self.ctx.now()
            meeting.validated_by = self.ctx.actor.operator
        return meeting

    def add_addendum(self, meeting_id: int, text: str | None) -> Addendum:
        """A dated correction to validated minutes; the original stays as it was."""
        v = Validator()
        clean = v.required_text("text", text, max_length=20_000)
        v.raise_if_any()
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id)
            if meeting.status is not MeetingStatus.VALIDATED:
                raise RefusedError(
                    _N(
                        "core",
                        "Un addendum complète un compte rendu validé ; avant la validation, "
                        "modifiez directement la séance.",
                    )
                )
            addendum = Addendum(
                meeting_id=meeting_id,
                created_at=self.ctx.now(),
                author=self.ctx.actor.operator,
                text=clean,
            )
            s.add(addendum)
        return addendum
