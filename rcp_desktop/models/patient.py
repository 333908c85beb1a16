"""Patients (INS identity traits) and their consent to information sharing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcp_desktop.domain import ages
from rcp_desktop.models.base import Base, Timestamped, enum_column, utcnow
from rcp_desktop.models.directory import Professional
from rcp_desktop.models.enums import ConsentForm, ConsentKind, IdentityStatus, Sex


def patient_display_name(
    birth_name: str, first_names: str, used_name: str | None, used_first_name: str | None
) -> str:
    """A patient's name as the lists show it (:attr:`Patient.display_name`), from the columns
    (for the lists that read rows rather than patients)."""
    name = used_name or birth_name
    first = used_first_name or first_names.split(" ")[0]
    return f"{name.upper()} {first}"


class Patient(Timestamped, Base):
    __tablename__ = "patient"
    __table_args__ = (
        CheckConstraint("trim(birth_name) <> ''", name="birth_name_not_blank"),
        CheckConstraint("trim(first_names) <> ''", name="first_names_not_blank"),
        CheckConstraint("nir IS NULL OR length(nir) = 15", name="nir_15_chars"),
        CheckConstraint(
            "birth_place_code IS NULL OR length(birth_place_code) = 5",
            name="birth_place_code_5_chars",
        ),
        Index("ix_patient_identity", "birth_name", "first_names", "birth_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # INS identity traits
    birth_name: Mapped[str] = mapped_column(String(200), nullable=False)
    first_names: Mapped[str] = mapped_column(String(300), nullable=False)
    used_name: Mapped[str | None] = mapped_column(String(200))
    used_first_name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"), nullable=False)
    birth_place_code: Mapped[str | None] = mapped_column(String(5))
    identity_status: Mapped[IdentityStatus] = mapped_column(
        enum_column(IdentityStatus, "identity_status"),
        nullable=False,
        default=IdentityStatus.PROVISIONAL,
    )
    nir: Mapped[str | None] = mapped_column(String(15), unique=True)
    commune: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    gp_id: Mapped[int | None] = mapped_column(ForeignKey("professional.id", ondelete="SET NULL"))
    gp_free_text: Mapped[str | None] = mapped_column(String(300))
    ald: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    c2s: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    gp: Mapped[Professional | None] = relationship()
    consents: Mapped[list[Consent]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="Consent.given_on"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        """Used name if any, else birth name, then the first of the first names."""
        return patient_display_name(
            self.birth_name, self.first_names, self.used_name, self.used_first_name
        )

    def age_on(self, day: dt.date) -> int:
        return ages.age_on(self.birth_date, day)


class Consent(Base):
    """A consent to sharing within the conference, or an explicit, reasoned exception."""

    __tablename__ = "consent"
    __table_args__ = (
        CheckConstraint(
            "kind <> 'exception' OR (reason IS NOT NULL AND trim(reason) <> '')",
            name="exception_has_reason",
        ),
        CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= given_on", name="withdrawal_after_consent"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[ConsentKind] = mapped_column(
        enum_column(ConsentKind, "consent_kind"), nullable=False, default=ConsentKind.CONSENT
    )
    given_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    form: Mapped[ConsentForm | None] = mapped_column(enum_column(ConsentForm, "consent_form"))
    scope: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200), nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow, nullable=False)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawal_note: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship(back_populates="consents")

    def is_active_on(self, day: dt.date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)
