"""Conference sessions (séances), their agenda, attendance, decisions and addenda.

The entity DESIGN.md calls "Session" is named ``Meeting`` in code, to keep it apart from the
ORM session.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcp_desktop.models.base import ADDED_LATER, Base, Timestamped, enum_column, utcnow
from rcp_desktop.models.case import CaseFile
from rcp_desktop.models.directory import Professional
from rcp_desktop.models.enums import (
    OPEN_DECISION_STATUSES,
    AttendanceMode,
    DecisionStatus,
    ItemKind,
    MeetingStatus,
    Pathway,
    Presence,
    Triage,
)


class Meeting(Timestamped, Base):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 720", name="duration_range"),
        CheckConstraint(
            "(status = 'validated') = (validated_at IS NOT NULL)", name="validated_iff_timestamp"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    start_time: Mapped[dt.time] = mapped_column(Time, nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=120)
    place: Mapped[str | None] = mapped_column(String(300))
    video_link: Mapped[str | None] = mapped_column(String(500))
    pathway: Mapped[Pathway | None] = mapped_column(enum_column(Pathway, "meeting_pathway"))
    theme: Mapped[str | None] = mapped_column(String(300))
    animator_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL")
    )
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), nullable=False, default=MeetingStatus.PLANNED
    )
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    quorum_met: Mapped[bool | None] = mapped_column(Boolean)
    # The real start and end, as the minutes print them: recorded when live mode starts the
    # session and when it is closed, corrected by the referent if need be. (started_at /
    # ended_at are the moments of those status changes.)
    actual_start: Mapped[dt.time | None] = mapped_column(Time, info=ADDED_LATER)
    actual_end: Mapped[dt.time | None] = mapped_column(Time, info=ADDED_LATER)
    validated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    validated_by: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)

    animator: Mapped[Professional | None] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    addenda: Mapped[list[Addendum]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Addendum.created_at"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.held_on, self.start_time)

    @property
    def real_start(self) -> dt.time | None:
        """When the session really began: as recorded (or corrected), else when it was
        started (databases from before the recorded times)."""
        if self.actual_start is not None:
            return self.actual_start
        return self.started_at.time().replace(second=0, microsecond=0) if self.started_at else None

    @property
    def real_end(self) -> dt.time | None:
        if self.actual_end is not None:
            return self.actual_end
        return self.ended_at.time().replace(second=0, microsecond=0) if self.ended_at else None


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "professional_id"),
        # The sessions list counts the people present from this index alone (migration 0011).
        Index("ix_attendance_meeting_presence", "meeting_id", "presence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("professional.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    role: Mapped[str | None] = mapped_column(String(100))
    invited: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    presence: Mapped[Presence] = mapped_column(
        enum_column(Presence, "presence"), nullable=False, default=Presence.EXPECTED
    )
    mode: Mapped[AttendanceMode] = mapped_column(
        enum_column(AttendanceMode, "attendance_mode"),
        nullable=False,
        default=AttendanceMode.ON_SITE,
    )
    arrived_at: Mapped[dt.time | None] = mapped_column(Time)
    signed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    professional: Mapped[Professional] = relationship()


class AgendaItem(Timestamped, Base):
    """One case presented at one session."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("meeting_id", "case_id"),
        CheckConstraint("planned_minutes BETWEEN 1 AND 240", name="planned_minutes_range"),
        # The sessions list counts cases and sums their minutes from this index alone, without
        # reading the items' long texts (migration 0011).
        Index("ix_agenda_item_meeting_minutes", "meeting_id", "planned_minutes"),
        # The statistics read a period's planned reviews from this index alone (0011).
        Index("ix_agenda_item_review", "next_review_on", "meeting_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind, "item_kind"), nullable=False)
    presenter_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL")
    )
    planned_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=15)
    question: Mapped[str | None] = mapped_column(Text)
    triage: Mapped[Triage] = mapped_column(
        enum_column(Triage, "triage"), nullable=False, default=Triage.FULL_DISCUSSION
    )
    standard_answer: Mapped[str | None] = mapped_column(Text)
    discussion_notes: Mapped[str | None] = mapped_column(Text)
    proposal: Mapped[str | None] = mapped_column(Text)
    next_review_on: Mapped[dt.date | None] = mapped_column(Date)
    quorum_met: Mapped[bool | None] = mapped_column(Boolean)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    case: Mapped[CaseFile] = relationship()
    presenter: Mapped[Professional | None] = relationship()
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Decision.id"
    )

    __mapper_args__ = {"version_id_col": version}


class Decision(Timestamped, Base):
    """A decision / action of the PPS, taken at an agenda item and followed until done."""

    __tablename__ = "decision"
    __table_args__ = (
        CheckConstraint("trim(description) <> ''", name="description_not_blank"),
        CheckConstraint(
            "status <> 'done' OR completed_on IS NOT NULL", name="done_has_completion_date"
        ),
        CheckConstraint(
            "differs_from_proposal IS NOT 1 OR "
            "(difference_reason IS NOT NULL AND trim(difference_reason) <> '')",
            name="difference_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), nullable=False, index=True
    )
    description: Mapped[str] = mapped_column(Text, nullable=False)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[DecisionStatus] = mapped_column(
        enum_column(DecisionStatus, "decision_status"),
        nullable=False,
        default=DecisionStatus.TODO,
        index=True,
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    completion_note: Mapped[str | None] = mapped_column(Text)
    differs_from_proposal: Mapped[bool | None] = mapped_column(Boolean)
    difference_reason: Mapped[str | None] = mapped_column(Text)

    item: Mapped[AgendaItem] = relationship(back_populates="decisions")
    owner: Mapped[Professional | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DECISION_STATUSES


class Addendum(Base):
    """A dated correction added after the minutes were validated; the original stays intact."""

    __tablename__ = "addendum"
    __table_args__ = (CheckConstraint("trim(text) <> ''", name="text_not_blank"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    author: Mapped[str] = mapped_column(String(200), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    meeting: Mapped[Meeting] = relationship(back_populates="addenda")
