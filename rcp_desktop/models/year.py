"""The CPTS's year (issue 15): outcomes recorded on a case (crisis events, emergency visits,
hospitalisations), corrections of the time counted for a participant's indemnisation, the
end-of-session evaluation, the ACI targets of a year and the coordinator's text of the annual
report."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcp_desktop.models.base import Base, Timestamped, enum_column
from rcp_desktop.models.case import CaseFile
from rcp_desktop.models.enums import DurationFeeling, OutcomeKind, TargetLevel
from rcp_desktop.models.meeting import Attendance, Meeting


class OutcomeEvent(Timestamped, Base):
    """A crisis, an emergency visit or a hospitalisation of a case's patient: when, planned or
    not (hospitalisations only), and whether the crisis plan was used (None: no plan, or not
    known). Readmissions after a USIPA exit are the hospitalisations that follow it."""

    __tablename__ = "outcome_event"
    __table_args__ = (
        CheckConstraint(
            "kind = 'hospitalisation' OR planned = 0", name="only_hospitalisations_planned"
        ),
        CheckConstraint("note IS NULL OR trim(note) <> ''", name="note_not_blank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True
    )
    occurred_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    kind: Mapped[OutcomeKind] = mapped_column(
        enum_column(OutcomeKind, "outcome_kind"), nullable=False
    )
    planned: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    crisis_plan_used: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)

    case: Mapped[CaseFile] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ParticipationTime(Timestamped, Base):
    """A correction of the time counted for one participant at one session, for indemnisation:
    the arrival and departure as they really were, or the minutes to count outright, always with
    a reason. The session itself (locked once its minutes are validated) is not touched."""

    __tablename__ = "participation_time"
    __table_args__ = (
        CheckConstraint("minutes IS NULL OR minutes BETWEEN 0 AND 720", name="minutes_range"),
        CheckConstraint("trim(reason) <> ''", name="reason_not_blank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    attendance_id: Mapped[int] = mapped_column(
        ForeignKey("attendance.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    arrived_at: Mapped[dt.time | None] = mapped_column(Time)
    left_at: Mapped[dt.time | None] = mapped_column(Time)
    minutes: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)

    attendance: Mapped[Attendance] = relationship()

    __mapper_args__ = {"version_id_col": version}


class AciTarget(Timestamped, Base):
    """The target of one ACI indicator for one year, with its level in the contract."""

    __tablename__ = "aci_target"
    __table_args__ = (
        UniqueConstraint("year", "indicator"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    indicator: Mapped[str] = mapped_column(String(60), nullable=False)
    level: Mapped[TargetLevel] = mapped_column(
        enum_column(TargetLevel, "target_level"), nullable=False, default=TargetLevel.CORE
    )
    target: Mapped[float] = mapped_column(Float, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class AnnualReportText(Timestamped, Base):
    """What the coordinator writes in a year's activity report."""

    __tablename__ = "annual_report_text"
    __table_args__ = (CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    highlights: Mapped[str | None] = mapped_column(Text)
    difficulties: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"version_id_col": version}


class SessionEvaluation(Timestamped, Base):
    """The end-of-session evaluation the referent fills with the room: satisfaction and
    usefulness of the decisions (1 to 5), how the length felt, a free comment."""

    __tablename__ = "session_evaluation"
    __table_args__ = (
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
        CheckConstraint("usefulness BETWEEN 1 AND 5", name="usefulness_range"),
        CheckConstraint("comment IS NULL OR trim(comment) <> ''", name="comment_not_blank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    satisfaction: Mapped[int] = mapped_column(Integer, nullable=False)
    usefulness: Mapped[int] = mapped_column(Integer, nullable=False)
    duration: Mapped[DurationFeeling] = mapped_column(
        enum_column(DurationFeeling, "duration_feeling"), nullable=False
    )
    comment: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)

    meeting: Mapped[Meeting] = relationship()

    __mapper_args__ = {"version_id_col": version}
