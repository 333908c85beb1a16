"""the CPTS's year: outcomes of the cases (crisis events, emergency visits, hospitalisations)

New tables only, nothing else touched: ``outcome_event``, ``participation_time`` (corrections
of the time counted for indemnisation).

Revision ID: 0007_cpts_year
Revises: 0005_statistics_exports
Create Date: 2026-03-10 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_cpts_year"
down_revision: str | None = "0005_statistics_exports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outcome_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "crisis",
                "emergency_visit",
                "hospitalisation",
                name="outcome_kind",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("crisis_plan_used", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind = 'hospitalisation' OR planned = 0",
            name=op.f("ck_outcome_event_only_hospitalisations_planned"),
        ),
        sa.CheckConstraint(
            "note IS NULL OR trim(note) <> ''", name=op.f("ck_outcome_event_note_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_outcome_event_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_event")),
    )
    with op.batch_alter_table("outcome_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_event_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outcome_event_occurred_on"), ["occurred_on"], unique=False
        )

    op.create_table(
        "participation_time",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("attendance_id", sa.Integer(), nullable=False),
        sa.Column("arrived_at", sa.Time(), nullable=True),
        sa.Column("left_at", sa.Time(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes BETWEEN 0 AND 720",
            name=op.f("ck_participation_time_minutes_range"),
        ),
        sa.CheckConstraint(
            "trim(reason) <> ''", name=op.f("ck_participation_time_reason_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["attendance_id"],
            ["attendance.id"],
            name=op.f("fk_participation_time_attendance_id_attendance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_time")),
        sa.UniqueConstraint("attendance_id", name=op.f("uq_participation_time_attendance_id")),
    )


def downgrade() -> None:
    op.drop_table("participation_time")
    with op.batch_alter_table("outcome_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_event_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_outcome_event_case_id"))
    op.drop_table("outcome_event")
