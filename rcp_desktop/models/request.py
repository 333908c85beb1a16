"""Referral requests (demandes d'inscription) from referring professionals, and their steps.

A request carries what the referrer wrote — their identity, the patient's identity traits, the
pathway, the question, the bio-psycho-social summary, consent, urgency — as received (from a
filled PDF form or typed in), until it is accepted (linked to a patient and a case), refused with
a reason, or completed after a request for more information. Every step is dated.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from rcp_desktop.models.base import Base, Timestamped, enum_column, utcnow
from rcp_desktop.models.case import CaseFile
from rcp_desktop.models.directory import Professional
from rcp_desktop.models.enums import (
    ConsentForm,
    Pathway,
    RequestSource,
    RequestStatus,
    RequestStep,
    RequestUrgency,
    Sex,
)
from rcp_desktop.models.patient import Patient


class ReferralRequest(Timestamped, Base):
    __tablename__ = "referral_request"
    __table_args__ = (
        CheckConstraint("trim(referrer_name) <> ''", name="referrer_name_not_blank"),
        CheckConstraint("trim(birth_name) <> ''", name="birth_name_not_blank"),
        CheckConstraint("trim(first_names) <> ''", name="first_names_not_blank"),
        CheckConstraint("trim(question) <> ''", name="question_not_blank"),
        CheckConstraint(
            "status <> 'accepted' OR (patient_id IS NOT NULL AND case_id IS NOT NULL)",
            name="accepted_has_case",
        ),
        CheckConstraint(
            "status NOT IN ('refused', 'info_requested') OR "
            "(answer IS NOT NULL AND trim(answer) <> '')",
            name="answer_has_text",
        ),
        CheckConstraint(
            "status NOT IN ('accepted', 'refused') OR answered_on IS NOT NULL",
            name="answered_has_date",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    source: Mapped[RequestSource] = mapped_column(
        enum_column(RequestSource, "request_source"), nullable=False
    )
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus, "request_status"),
        nullable=False,
        default=RequestStatus.NEW,
        index=True,
    )
    urgency: Mapped[RequestUrgency] = mapped_column(
        enum_column(RequestUrgency, "request_urgency"),
        nullable=False,
        default=RequestUrgency.ROUTINE,
    )
    # The referrer, as written; linked to the directory when found there.
    referrer_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL")
    )
    referrer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    referrer_profession: Mapped[str | None] = mapped_column(String(200))
    referrer_rpps: Mapped[str | None] = mapped_column(String(11))
    referrer_phone: Mapped[str | None] = mapped_column(String(40))
    referrer_email: Mapped[str | None] = mapped_column(String(320))
    # The patient's identity traits, as written.
    birth_name: Mapped[str] = mapped_column(String(200), nullable=False)
    first_names: Mapped[str] = mapped_column(String(300), nullable=False)
    used_name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "request_sex"), nullable=False)
    birth_place_code: Mapped[str | None] = mapped_column(String(5))
    nir: Mapped[str | None] = mapped_column(String(15))
    commune: Mapped[str | None] = mapped_column(String(200))
    # What is asked.
    pathway: Mapped[Pathway] = mapped_column(
        enum_column(Pathway, "request_pathway"), nullable=False
    )
    reason: Mapped[str | None] = mapped_column(Text)
    question: Mapped[str] = mapped_column(Text, nullable=False)
    synthesis_organic: Mapped[str | None] = mapped_column(Text)
    synthesis_psychic: Mapped[str | None] = mapped_column(Text)
    synthesis_social: Mapped[str | None] = mapped_column(Text)
    consent_obtained: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    consent_form: Mapped[ConsentForm | None] = mapped_column(
        enum_column(ConsentForm, "request_consent_form")
    )
    # The form as received (a filled PDF), kept encrypted in the base.
    form_filename: Mapped[str | None] = mapped_column(String(255))
    form_content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    # The answer.
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    patient_id: Mapped[int | None] = mapped_column(
        ForeignKey("patient.id", ondelete="SET NULL"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_file.id", ondelete="SET NULL"), index=True
    )
    proposed_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)

    referrer: Mapped[Professional | None] = relationship()
    patient: Mapped[Patient | None] = relationship()
    case: Mapped[CaseFile | None] = relationship()
    steps: Mapped[list[ReferralRequestStep]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ReferralRequestStep.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def patient_label(self) -> str:
        name = self.used_name or self.birth_name
        first = self.first_names.split(" ")[0] if self.first_names else ""
        return f"{name.upper()} {first}".strip()


class ReferralRequestStep(Base):
    """One dated step of a request: received, more information asked, completed, accepted,
    refused — with its text (what was asked, the reason of a refusal)."""

    __tablename__ = "referral_request_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("referral_request.id", ondelete="CASCADE"), nullable=False, index=True
    )
    step: Mapped[RequestStep] = mapped_column(
        enum_column(RequestStep, "request_step"), nullable=False
    )
    happened_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    text: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    request: Mapped[ReferralRequest] = relationship(back_populates="steps")
