"""The register of what the anonymised statistics published: one *edition* per calendar year
(the figures, fixed at the year's first export) and one row per exported file. Both are written
through the audited session, so the audit chain vouches for them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcp_desktop.models.base import Base


class StatisticsEdition(Base):
    """The published figures of one period, as printed (JSON of the shown tables: numbers, "s",
    labels — nothing identifying). Every export of the period reprints the latest edition."""

    __tablename__ = "statistics_edition"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        CheckConstraint("threshold >= 11", name="export_threshold_floor"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_start: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    period_end: Mapped[dt.date] = mapped_column(Date, nullable=False)
    threshold: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    content_sha256: Mapped[str] = mapped_column(String(64), nullable=False)


class StatisticsExport(Base):
    """One file written from an edition: who, when, which period, pathway, threshold and format,
    and the SHA-256 of the bytes written."""

    __tablename__ = "statistics_export"
    __table_args__ = (
        CheckConstraint("threshold >= 11", name="export_threshold_floor"),
        CheckConstraint("length(file_sha256) = 64", name="sha256_hex"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exported_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    os_user: Mapped[str] = mapped_column(String(200), nullable=False)
    operator: Mapped[str] = mapped_column(String(200), nullable=False)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("statistics_edition.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    period_start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    period_end: Mapped[dt.date] = mapped_column(Date, nullable=False)
    pathway: Mapped[str] = mapped_column(String(40), nullable=False)
    threshold: Mapped[int] = mapped_column(Integer, nullable=False)
    format: Mapped[str] = mapped_column(String(10), nullable=False)
    file_name: Mapped[str] = mapped_column(String(300), nullable=False)
    file_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)

    edition: Mapped[StatisticsEdition] = relationship()
