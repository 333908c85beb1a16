"""case status history: one dated row per status change of a case file (for its timeline)

Revision ID: 0003_case_status_history
Revises: 0002_patient_search
Create Date: 2026-03-10 11:00:00

Existing cases get no back-filled rows (rows written here would bypass the audit log): their
timeline shows the opening and, for a closed case, the closure from the case itself.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_case_status_history"
down_revision: str | None = "0002_patient_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "follow_up",
                "closed",
                name="new_status",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "previous_status",
            sa.Enum(
                "open",
                "follow_up",
                "closed",
                name="previous_status",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status <> 'closed' OR (reason IS NOT NULL AND trim(reason) <> '')",
            name=op.f("ck_case_status_change_closure_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_status_change_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_status_change")),
    )
    with op.batch_alter_table("case_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_status_change_case_id"), ["case_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("case_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_status_change_case_id"))

    op.drop_table("case_status_change")
