"""Case files, attachments, crisis-anticipation plans and USIPA enrolments."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from rcp_desktop.models.base import Base, Timestamped, enum_column, utcnow
from rcp_desktop.models.directory import Professional
from rcp_desktop.models.enums import (
    CaseStatus,
    CrisisContactKind,
    Pathway,
    UsipaContactKind,
    UsipaOutcome,
)
from rcp_desktop.models.patient import Patient

if TYPE_CHECKING:
    from rcp_desktop.models.meeting import Meeting


class CaseFile(Timestamped, Base):
    __tablename__ = "case_file"
    __table_args__ = (
        CheckConstraint("trim(referral_reason) <> ''", name="referral_reason_not_blank"),
        CheckConstraint("trim(question) <> ''", name="question_not_blank"),
        CheckConstraint(
            "(status = 'closed') = (closed_on IS NOT NULL)", name="closed_iff_closed_on"
        ),
        CheckConstraint(
            "status <> 'closed' OR (closure_reason IS NOT NULL AND trim(closure_reason) <> '')",
            name="closed_has_reason",
        ),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),
        # The statistics count a period's new cases from this index alone (migration 0011).
        Index("ix_case_file_opened", "opened_on", "pathway"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    referrer_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL")
    )
    pathway: Mapped[Pathway] = mapped_column(enum_column(Pathway, "pathway"), nullable=False)
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus, "case_status"), nullable=False, default=CaseStatus.OPEN
    )
    opened_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closure_reason: Mapped[str | None] = mapped_column(Text)
    referral_reason: Mapped[str] = mapped_column(Text, nullable=False)
    question: Mapped[str] = mapped_column(Text, nullable=False)
    synthesis_organic: Mapped[str | None] = mapped_column(Text)
    synthesis_psychic: Mapped[str | None] = mapped_column(Text)
    synthesis_social: Mapped[str | None] = mapped_column(Text)
    next_review_on: Mapped[dt.date | None] = mapped_column(Date, index=True)

    patient: Mapped[Patient] = relationship()
    referrer: Mapped[Professional | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Attachment.added_at"
    )
    crisis_plans: Mapped[list[CrisisPlanVersion]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CrisisPlanVersion.version"
    )
    usipa_enrolments: Mapped[list[UsipaEnrolment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="UsipaEnrolment.inclusion_on"
    )
    status_changes: Mapped[list[CaseStatusChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseStatusChange.id"
    )

    __mapper_args__ = {"version_id_col": version}


class CaseStatusChange(Base):
    """One change of a case's status (open → in follow-up → closed, or reopened), dated, for
    the timeline."""

    __tablename__ = "case_status_change"
    __table_args__ = (
        CheckConstraint(
            "status <> 'closed' OR (reason IS NOT NULL AND trim(reason) <> '')",
            name="closure_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus, "new_status"), nullable=False
    )
    previous_status: Mapped[CaseStatus | None] = mapped_column(
        enum_column(CaseStatus, "previous_status")
    )
    changed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    case: Mapped[CaseFile] = relationship(back_populates="status_changes")


class Attachment(Base):
    """A document kept encrypted inside the database, never as a loose file."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint("size = length(content)", name="size_matches_content"),
        CheckConstraint("trim(filename) <> ''", name="filename_not_blank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    mime_type: Mapped[str] = mapped_column(String(100), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    added_by: Mapped[str] = mapped_column(String(200), nullable=False)

    case: Mapped[CaseFile] = relationship(back_populates="attachments")


class CrisisPlanVersion(Base):
    """One dated version of a case's crisis-anticipation plan (plan de crise conjoint)."""

    __tablename__ = "crisis_plan_version"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    drawn_up_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    reviewed_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    early_warning_signs: Mapped[str | None] = mapped_column(Text)
    triggers: Mapped[str | None] = mapped_column(Text)
    protective_factors: Mapped[str | None] = mapped_column(Text)
    what_helps: Mapped[str | None] = mapped_column(Text)
    what_to_avoid: Mapped[str | None] = mapped_column(Text)
    treatment_preferences: Mapped[str | None] = mapped_column(Text)
    treatments_to_avoid: Mapped[str | None] = mapped_column(Text)
    practical_arrangements: Mapped[str | None] = mapped_column(Text)
    next_review_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    case: Mapped[CaseFile] = relationship(back_populates="crisis_plans")
    reviewed_meeting: Mapped[Meeting | None] = relationship("Meeting")
    contacts: Mapped[list[CrisisPlanContact]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="CrisisPlanContact.position"
    )


class CrisisPlanContact(Base):
    """A trusted person or a professional to call, in order."""

    __tablename__ = "crisis_plan_contact"
    __table_args__ = (
        CheckConstraint(
            "professional_id IS NOT NULL OR (name IS NOT NULL AND trim(name) <> '')",
            name="contact_has_name",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("crisis_plan_version.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[CrisisContactKind] = mapped_column(
        enum_column(CrisisContactKind, "crisis_contact_kind"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL")
    )
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    when_to_call: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[CrisisPlanVersion] = relationship(back_populates="contacts")
    professional: Mapped[Professional | None] = relationship()


class UsipaEnrolment(Base):
    """An inclusion in the USIPA intensive ambulatory programme, until its exit."""

    __tablename__ = "usipa_enrolment"
    __table_args__ = (
        CheckConstraint("exit_on IS NULL OR exit_on >= inclusion_on", name="exit_after_inclusion"),
        CheckConstraint("(exit_on IS NULL) = (exit_outcome IS NULL)", name="exit_has_outcome"),
        CheckConstraint(
            "planned_contacts_per_week BETWEEN 1 AND 50", name="planned_intensity_range"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True
    )
    inclusion_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    inclusion_criteria: Mapped[str | None] = mapped_column(Text)
    planned_contacts_per_week: Mapped[int] = mapped_column(Integer, nullable=False)
    exit_on: Mapped[dt.date | None] = mapped_column(Date)
    exit_outcome: Mapped[UsipaOutcome | None] = mapped_column(
        enum_column(UsipaOutcome, "usipa_outcome")
    )
    exit_note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[CaseFile] = relationship(back_populates="usipa_enrolments")
    team: Mapped[list[UsipaTeamMember]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[UsipaContact]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan", order_by="UsipaContact.contact_on"
    )


class UsipaTeamMember(Base):
    __tablename__ = "usipa_team_member"
    __table_args__ = (UniqueConstraint("enrolment_id", "professional_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("usipa_enrolment.id", ondelete="CASCADE"), nullable=False
    )
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("professional.id", ondelete="RESTRICT"), nullable=False
    )

    enrolment: Mapped[UsipaEnrolment] = relationship(back_populates="team")
    professional: Mapped[Professional] = relationship()


class UsipaContact(Base):
    __tablename__ = "usipa_contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("usipa_enrolment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    contact_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL")
    )
    kind: Mapped[UsipaContactKind] = mapped_column(
        enum_column(UsipaContactKind, "usipa_contact_kind"), nullable=False
    )
    note: Mapped[str | None] = mapped_column(Text)

    enrolment: Mapped[UsipaEnrolment] = relationship(back_populates="contacts")
    professional: Mapped[Professional | None] = relationship()
