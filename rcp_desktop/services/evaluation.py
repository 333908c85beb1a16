"""The end-of-session evaluation: a short form the referent fills with the room once the
session is over (satisfaction and usefulness of the decisions from 1 to 5, whether the length
felt right, a free comment), one per session; and its yearly summary for the annual report.
Nothing in it is about patients."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import extract, select

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    DurationFeeling,
    Meeting,
    MeetingStatus,
    SessionEvaluation,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator

MAX_COMMENT = 2_000
SCORES = range(1, 6)


@dataclass
class EvaluationDraft:
    satisfaction: int | None = None
    usefulness: int | None = None
    duration: DurationFeeling | None = None
    comment: str | None = None

    @classmethod
    def of(cls, row: SessionEvaluation) -> EvaluationDraft:
        return cls(row.satisfaction, row.usefulness, row.duration, row.comment)


@dataclass(frozen=True)
class EvaluationSummary:
    """A year's evaluations: how many sessions were evaluated out of those held, the mean
        scores, how the length felt (the free comments stay in the base: they are not for a report
    that leaves it)."""

    year: int
    sessions_held: int
    evaluated: int
    satisfaction: float | None
    usefulness: float | None
    durations: dict[DurationFeeling, int]


class EvaluationService(ServiceBase):
    def of_meeting(self, meeting_id: int) -> SessionEvaluation | None:
        with self._read() as s:
            return s.scalar(
                select(SessionEvaluation).where(SessionEvaluation.meeting_id == meeting_id)
            )

    def record(self, meeting_id: int, draft: EvaluationDraft) -> SessionEvaluation:
        """Record (or correct) the evaluation of a session that has been held."""
        v = Validator()
        for name in ("satisfaction", "usefulness"):
            value = getattr(draft, name)
            if value is None:
                v.add(name, _N("core", "Ce champ est obligatoire."))
            elif value not in SCORES:
                v.add(name, _N("core", "Une note de 1 à 5."))
        v.required("duration", draft.duration)
        comment = v.optional_text("comment", draft.comment, max_length=MAX_COMMENT)
        v.raise_if_any()
        with self._write() as s:
            meeting = self._get(s, Meeting, meeting_id)
            if meeting.status not in (*HELD_MEETING_STATUSES, MeetingStatus.IN_PROGRESS):
                raise RefusedError(
                    _N("core", "Une séance s'évalue une fois commencée ou tenue, pas avant.")
                )
            row = s.scalar(
                select(SessionEvaluation).where(SessionEvaluation.meeting_id == meeting_id)
            )
            if row is None:
                row = SessionEvaluation(meeting_id=meeting_id, recorded_by="")
                s.add(row)
            row.satisfaction = int(draft.satisfaction or 0)
            row.usefulness = int(draft.usefulness or 0)
            assert draft.duration is not None
            row.duration = draft.duration
            row.comment = comment
            row.recorded_by = self.ctx.actor.operator
            s.flush()
            return row

    def summary(self, year: int) -> EvaluationSummary:
        in_year = extract("year", Meeting.held_on) == year
        with self._read() as s:
            held = list(
                s.scalars(
                    select(Meeting.id).where(Meeting.status.in_(HELD_MEETING_STATUSES), in_year)
                )
            )
            evaluations = list(
                s.scalars(
                    select(SessionEvaluation)
                    .join(Meeting, Meeting.id == SessionEvaluation.meeting_id)
                    .where(Meeting.status.in_(HELD_MEETING_STATUSES), in_year)
                )
            )
        n = len(evaluations)
        durations = Counter(e.duration for e in evaluations)
        return EvaluationSummary(
            year,
            len(held),
            n,
            sum(e.satisfaction for e in evaluations) / n if n else None,
            sum(e.usefulness for e in evaluations) / n if n else None,
            {d: durations.get(d, 0) for d in DurationFeeling},
        )
