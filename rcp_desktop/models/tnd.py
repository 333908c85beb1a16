"""The TND (neurodevelopmental disorders) pathway of a child's case file: the follow-up (PCO
referral and its dates, school, MDPH file), the legal representatives and their consent, the
early assessments and interventions with their dates and providers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcp_desktop.models.base import Base, Timestamped, enum_column
from rcp_desktop.models.case import CaseFile
from rcp_desktop.models.directory import Professional
from rcp_desktop.models.enums import (
    MdphStatus,
    SchoolStatus,
    TndConsent,
    TndDiscipline,
    TndRelationship,
    TndStepKind,
)


class TndFollowUp(Timestamped, Base):
    """One per TND case file: the steps of the pathway that happen once."""

    __tablename__ = "tnd_follow_up"
    __table_args__ = (
        CheckConstraint(
            "pco_accepted_on IS NULL OR pco_referred_on IS NULL "
            "OR pco_accepted_on >= pco_referred_on",
            name="pco_accepted_after_referral",
        ),
        CheckConstraint(
            "mdph_decision_on IS NULL OR mdph_filed_on IS NULL "
            "OR mdph_decision_on >= mdph_filed_on",
            name="mdph_decision_after_filing",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    first_concern_on: Mapped[dt.date | None] = mapped_column(Date)
    pco_name: Mapped[str | None] = mapped_column(String(200))
    pco_referred_on: Mapped[dt.date | None] = mapped_column(Date)
    pco_accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    pco_ended_on: Mapped[dt.date | None] = mapped_column(Date)
    school_status: Mapped[SchoolStatus | None] = mapped_column(
        enum_column(SchoolStatus, "school_status")
    )
    school_note: Mapped[str | None] = mapped_column(Text)
    mdph_status: Mapped[MdphStatus | None] = mapped_column(enum_column(MdphStatus, "mdph_status"))
    mdph_filed_on: Mapped[dt.date | None] = mapped_column(Date)
    mdph_decision_on: Mapped[dt.date | None] = mapped_column(Date)
    mdph_note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[CaseFile] = relationship()


class TndRepresentative(Base):
    """A legal representative of the child, and their consent."""

    __tablename__ = "tnd_representative"
    __table_args__ = (
        CheckConstraint("trim(name) <> ''", name="name_not_blank"),
        CheckConstraint(
            "consent = 'pending' OR consent_on IS NOT NULL", name="consent_answer_dated"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    relationship_to_child: Mapped[TndRelationship] = mapped_column(
        enum_column(TndRelationship, "tnd_relationship"), nullable=False
    )
    phone: Mapped[str | None] = mapped_column(String(40))
    consent: Mapped[TndConsent] = mapped_column(
        enum_column(TndConsent, "tnd_consent"), nullable=False
    )
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[CaseFile] = relationship()


class TndStep(Base):
    """An early assessment or intervention: prescribed (asked for), started, ended."""

    __tablename__ = "tnd_step"
    __table_args__ = (
        CheckConstraint(
            "started_on IS NULL OR prescribed_on IS NULL OR started_on >= prescribed_on",
            name="started_after_prescribed",
        ),
        CheckConstraint(
            "ended_on IS NULL OR (started_on IS NOT NULL AND ended_on >= started_on)",
            name="ended_after_started",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[TndStepKind] = mapped_column(
        enum_column(TndStepKind, "tnd_step_kind"), nullable=False
    )
    discipline: Mapped[TndDiscipline] = mapped_column(
        enum_column(TndDiscipline, "tnd_discipline"), nullable=False
    )
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL"), index=True
    )
    provider_name: Mapped[str | None] = mapped_column(String(200))
    prescribed_on: Mapped[dt.date | None] = mapped_column(Date)
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[CaseFile] = relationship()
    professional: Mapped[Professional | None] = relationship()

    @property
    def provider(self) -> str:
        """Who does it: the directory's professional, else the name typed."""
        if self.professional is not None:
            return self.professional.display_name
        return self.provider_name or ""
