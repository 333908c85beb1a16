"""the CPTS's year: outcomes of the cases (crisis events, emergency visits, hospitalisations)

New tables only, nothing else touched: ``outcome_event``, ``participation_time`` (corrections
of the time counted for indemnisation), ``aci_target`` (targets of the ACI indicators),
``annual_report_text`` (the coordinator's text of the annual report), ``session_evaluation``
(the end-of-session form).

Revision ID: 0010_cpts_year
Revises: 0009_requests
Create Date: 2026-03-10 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_cpts_year"
down_revision: str | None = "0009_requests"
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

    op.create_table(
        "aci_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=60), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "core",
                "optional",
                name="target_level",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("target >= 0", name=op.f("ck_aci_target_target_not_negative")),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_aci_target_year_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aci_target")),
        sa.UniqueConstraint("year", "indicator", name=op.f("uq_aci_target_year")),
    )
    with op.batch_alter_table("aci_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aci_target_year"), ["year"], unique=False)
    op.create_table(
        "annual_report_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("highlights", sa.Text(), nullable=True),
        sa.Column("difficulties", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "year BETWEEN 2000 AND 2100", name=op.f("ck_annual_report_text_year_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_report_text")),
        sa.UniqueConstraint("year", name=op.f("uq_annual_report_text_year")),
    )
    op.create_table(
        "session_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=False),
        sa.Column("usefulness", sa.Integer(), nullable=False),
        sa.Column(
            "duration",
            sa.Enum(
                "too_short",
                "right",
                "too_long",
                name="duration_feeling",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "comment IS NULL OR trim(comment) <> ''",
            name=op.f("ck_session_evaluation_comment_not_blank"),
        ),
        sa.CheckConstraint(
            "satisfaction BETWEEN 1 AND 5", name=op.f("ck_session_evaluation_satisfaction_range")
        ),
        sa.CheckConstraint(
            "usefulness BETWEEN 1 AND 5", name=op.f("ck_session_evaluation_usefulness_range")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_session_evaluation_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_evaluation")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_session_evaluation_meeting_id")),
    )


def downgrade() -> None:
    op.drop_table("session_evaluation")
    op.drop_table("annual_report_text")
    with op.batch_alter_table("aci_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aci_target_year"))
    op.drop_table("aci_target")
    op.drop_table("participation_time")
    with op.batch_alter_table("outcome_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_event_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_outcome_event_case_id"))
    op.drop_table("outcome_event")
