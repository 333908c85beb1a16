"""Append-only, hash-chained audit log and the per-database settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcp_desktop.models.base import Base, utcnow


class AuditEntry(Base):
    """Who did what to which record, and when.

    ``fields`` lists the names of the changed columns (never their values);
    ``row_digest`` is the SHA-256 of the row as stored after the change (None after a delete),
    so that a row edited behind the application's back is detected; ``entry_hash`` chains each
    entry to the previous one.
    """

    __tablename__ = "audit_entry"
    # The narrowest index of the log: ``count(*)`` (the chain's head) walks it, not the
    # entry hashes' (migration 0011).
    __table_args__ = (Index("ix_audit_entry_count", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    os_user: Mapped[str] = mapped_column(String(200), nullable=False)
    operator: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    entity: Mapped[str] = mapped_column(String(60), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    fields: Mapped[str] = mapped_column(Text, nullable=False, default="")
    row_digest: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)


class Setting(Base):
    """A per-database setting (CPTS name, quorum size, statistics threshold…)."""

    __tablename__ = "setting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
