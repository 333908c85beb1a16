"""statistics exports: the register of published statistics (editions and exported files)

Revision ID: 0005_statistics_exports
Revises: 0004_document_register
Create Date: 2026-03-10 12:00:00

Two new tables, nothing else touched: ``statistics_edition`` (the figures of a calendar year as
first published, reprinted by every later export of that year) and ``statistics_export`` (one
row per file written: who, when, period, pathway, threshold, format, SHA-256).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_statistics_exports"
down_revision: str | None = "0004_document_register"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statistics_edition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_statistics_edition_period_in_order")
        ),
        sa.CheckConstraint(
            "threshold >= 11", name=op.f("ck_statistics_edition_export_threshold_floor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_edition")),
    )
    with op.batch_alter_table("statistics_edition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statistics_edition_period_start"), ["period_start"], unique=False
        )
    op.create_table(
        "statistics_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("os_user", sa.String(length=200), nullable=False),
        sa.Column("operator", sa.String(length=200), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("pathway", sa.String(length=40), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "threshold >= 11", name=op.f("ck_statistics_export_export_threshold_floor")
        ),
        sa.CheckConstraint(
            "length(file_sha256) = 64", name=op.f("ck_statistics_export_sha256_hex")
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["statistics_edition.id"],
            name=op.f("fk_statistics_export_edition_id_statistics_edition"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_export")),
    )
    with op.batch_alter_table("statistics_export", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statistics_export_edition_id"), ["edition_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("statistics_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statistics_export_edition_id"))
    op.drop_table("statistics_export")
    with op.batch_alter_table("statistics_edition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statistics_edition_period_start"))
    op.drop_table("statistics_edition")
