"""the TND pathway of a child's case: follow-up (PCO, school, MDPH), legal representatives, steps

Revision ID: 0010_tnd
Revises: 0006_meeting_times_civility
Create Date: 2026-12-03 12:00:00

Three new tables, nothing else touched: ``tnd_follow_up`` (one per TND case file: first concern,
PCO referral and its dates, school and MDPH status), ``tnd_representative`` (the child's legal
representatives and their consent) and ``tnd_step`` (early assessments and interventions, with
their provider and their dates).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_tnd"
down_revision: str | None = "0006_meeting_times_civility"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tnd_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("first_concern_on", sa.Date(), nullable=True),
        sa.Column("pco_name", sa.String(length=200), nullable=True),
        sa.Column("pco_referred_on", sa.Date(), nullable=True),
        sa.Column("pco_accepted_on", sa.Date(), nullable=True),
        sa.Column("pco_ended_on", sa.Date(), nullable=True),
        sa.Column(
            "school_status",
            sa.Enum(
                "not_schooled",
                "nursery",
                "ordinary",
                "ordinary_with_aesh",
                "ulis",
                "specialised",
                "other",
                name="school_status",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("school_note", sa.Text(), nullable=True),
        sa.Column(
            "mdph_status",
            sa.Enum(
                "not_started",
                "in_preparation",
                "filed",
                "granted",
                "partly_granted",
                "refused",
                name="mdph_status",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("mdph_filed_on", sa.Date(), nullable=True),
        sa.Column("mdph_decision_on", sa.Date(), nullable=True),
        sa.Column("mdph_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "mdph_decision_on IS NULL OR mdph_filed_on IS NULL OR mdph_decision_on >= mdph_filed_on",
            name=op.f("ck_tnd_follow_up_mdph_decision_after_filing"),
        ),
        sa.CheckConstraint(
            "pco_accepted_on IS NULL OR pco_referred_on IS NULL OR pco_accepted_on >= pco_referred_on",
            name=op.f("ck_tnd_follow_up_pco_accepted_after_referral"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_tnd_follow_up_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tnd_follow_up")),
        sa.UniqueConstraint("case_id", name=op.f("uq_tnd_follow_up_case_id")),
    )
    op.create_table(
        "tnd_representative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "relationship_to_child",
            sa.Enum(
                "mother",
                "father",
                "guardian",
                "child_welfare",
                "other",
                name="tnd_relationship",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column(
            "consent",
            sa.Enum(
                "pending",
                "given",
                "refused",
                name="tnd_consent",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "consent = 'pending' OR consent_on IS NOT NULL",
            name=op.f("ck_tnd_representative_consent_answer_dated"),
        ),
        sa.CheckConstraint("trim(name) <> ''", name=op.f("ck_tnd_representative_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_tnd_representative_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tnd_representative")),
    )
    with op.batch_alter_table("tnd_representative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tnd_representative_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "tnd_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "assessment",
                "intervention",
                name="tnd_step_kind",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "discipline",
            sa.Enum(
                "psychomotricity",
                "speech_therapy",
                "occupational_therapy",
                "psychology",
                "neuropsychology",
                "orthoptics",
                "physiotherapy",
                "medical",
                "education",
                "other",
                name="tnd_discipline",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("professional_id", sa.Integer(), nullable=True),
        sa.Column("provider_name", sa.String(length=200), nullable=True),
        sa.Column("prescribed_on", sa.Date(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "ended_on IS NULL OR (started_on IS NOT NULL AND ended_on >= started_on)",
            name=op.f("ck_tnd_step_ended_after_started"),
        ),
        sa.CheckConstraint(
            "started_on IS NULL OR prescribed_on IS NULL OR started_on >= prescribed_on",
            name=op.f("ck_tnd_step_started_after_prescribed"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_tnd_step_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professional.id"],
            name=op.f("fk_tnd_step_professional_id_professional"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tnd_step")),
    )
    with op.batch_alter_table("tnd_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tnd_step_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tnd_step_professional_id"), ["professional_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tnd_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tnd_step_professional_id"))
        batch_op.drop_index(batch_op.f("ix_tnd_step_case_id"))

    op.drop_table("tnd_step")
    with op.batch_alter_table("tnd_representative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tnd_representative_case_id"))

    op.drop_table("tnd_representative")
    op.drop_table("tnd_follow_up")
