"""The register of documents prepared for the patient, the GP and the record: what was
prepared, for whom, from which case (and session), by whom and when; the SHA-256 of the bytes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcp_desktop.models.base import Base, enum_column, utcnow
from rcp_desktop.models.enums import PreparedKind


class PreparedDocument(Base):
    """One document prepared for someone: the patient's crisis plan (and who holds a copy), the
    letter to the patient, the fiche RCP for the record (CDA R2), the message file for
    the GP's secure messaging (its recipient and attachments)."""

    __tablename__ = "prepared_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    # The day, by the application's clock (the case timeline's date).
    prepared_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    operator: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[PreparedKind] = mapped_column(
        enum_column(PreparedKind, "prepared_kind"), nullable=False
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_file.id", ondelete="SET NULL"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("professional.id", ondelete="SET NULL")
    )
    recipient: Mapped[str] = mapped_column(String(500), nullable=False)
    # One a line: who holds a copy (crisis plan), the files attached (message).
    details: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
