"""The register of documents: every document produced, printed or saved, and which case each
label of a pseudonymised document stood for."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcp_desktop.models.base import Base, enum_column, utcnow
from rcp_desktop.models.enums import DocumentAction, DocumentKind


class DocumentRecord(Base):
    """One document produced (built for a preview or a file), printed or saved: which
    document, which session (and case), named or pseudonymised, by whom, when; the SHA-256 of
    the bytes; a print or a save points to the production it is of."""

    __tablename__ = "document_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    operator: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[DocumentKind] = mapped_column(
        enum_column(DocumentKind, "document_kind"), nullable=False
    )
    action: Mapped[DocumentAction] = mapped_column(
        enum_column(DocumentAction, "document_action"), nullable=False
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"))
    pseudonymised: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    sha256: Mapped[str | None] = mapped_column(String(64))
    produced_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_record.id", ondelete="SET NULL")
    )

    labels: Mapped[list[DocumentLabel]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="DocumentLabel.id"
    )


class DocumentLabel(Base):
    """In a pseudonymised document, the case a label ("Situation B") stood for."""

    __tablename__ = "document_label"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("document_record.id", ondelete="CASCADE"), nullable=False, index=True
    )
    label: Mapped[str] = mapped_column(String(60), nullable=False)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"))

    record: Mapped[DocumentRecord] = relationship(back_populates="labels")
