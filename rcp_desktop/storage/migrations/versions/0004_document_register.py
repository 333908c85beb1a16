"""document register: every document produced, printed or saved, and the cases behind the
labels of a pseudonymised document

Revision ID: 0004_document_register
Revises: 0003_case_status_history
Create Date: 2026-03-12 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_document_register"
down_revision: str | None = "0003_case_status_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("minutes", "case_sheet", "agenda", "attendance_sheet", "invitation")
ACTIONS = ("produced", "printed", "saved")


def upgrade() -> None:
    op.create_table(
        "document_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("operator", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *KINDS, name="document_kind", native_enum=False, create_constraint=True, length=40
            ),
            nullable=False,
        ),
        sa.Column(
            "action",
            sa.Enum(
                *ACTIONS,
                name="document_action",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("pseudonymised", sa.Boolean(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("produced_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_document_record_case_id_case_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_document_record_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["produced_id"],
            ["document_record.id"],
            name=op.f("fk_document_record_produced_id_document_record"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_record")),
    )
    op.create_index(
        op.f("ix_document_record_meeting_id"), "document_record", ["meeting_id"], unique=False
    )
    op.create_table(
        "document_label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_document_label_case_id_case_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["document_record.id"],
            name=op.f("fk_document_label_record_id_document_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_label")),
    )
    op.create_index(
        op.f("ix_document_label_record_id"), "document_label", ["record_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_document_label_record_id"), table_name="document_label")
    op.drop_table("document_label")
    op.drop_index(op.f("ix_document_record_meeting_id"), table_name="document_record")
    op.drop_table("document_record")
