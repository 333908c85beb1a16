"""requests from referring professionals, and the people around the patient at a session

Revision ID: 0009_requests
Revises: 0008_patient_docs
Create Date: 2026-12-03 12:00:00

``referral_request`` (a demande d'inscription as received: referrer, the patient's identity
traits, pathway, question, bio-psycho-social summary, consent, urgency, the filled form; its
answer and the patient and case it led to) and ``referral_request_step`` (each dated step);
``guest_attendance`` (people without an RPPS at a session: patient, relative, legal
representative, partner structure's staff) and ``patient_information`` ("patient informé de la
proposition", one per agenda item). New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_requests"
down_revision: str | None = "0008_patient_docs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "referral_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "typed",
                name="request_source",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "info_requested",
                "accepted",
                "refused",
                name="request_status",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "urgency",
            sa.Enum(
                "routine",
                "soon",
                "urgent",
                name="request_urgency",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("referrer_id", sa.Integer(), nullable=True),
        sa.Column("referrer_name", sa.String(length=200), nullable=False),
        sa.Column("referrer_profession", sa.String(length=200), nullable=True),
        sa.Column("referrer_rpps", sa.String(length=11), nullable=True),
        sa.Column("referrer_phone", sa.String(length=40), nullable=True),
        sa.Column("referrer_email", sa.String(length=320), nullable=True),
        sa.Column("birth_name", sa.String(length=200), nullable=False),
        sa.Column("first_names", sa.String(length=300), nullable=False),
        sa.Column("used_name", sa.String(length=200), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column(
            "sex",
            sa.Enum(
                "F",
                "M",
                "I",
                name="request_sex",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("birth_place_code", sa.String(length=5), nullable=True),
        sa.Column("nir", sa.String(length=15), nullable=True),
        sa.Column("commune", sa.String(length=200), nullable=True),
        sa.Column(
            "pathway",
            sa.Enum(
                "mental_health",
                "usipa",
                "tnd",
                "elderly",
                "other",
                name="request_pathway",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("synthesis_organic", sa.Text(), nullable=True),
        sa.Column("synthesis_psychic", sa.Text(), nullable=True),
        sa.Column("synthesis_social", sa.Text(), nullable=True),
        sa.Column("consent_obtained", sa.Boolean(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column(
            "consent_form",
            sa.Enum(
                "oral",
                "written",
                name="request_consent_form",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("form_filename", sa.String(length=255), nullable=True),
        sa.Column("form_content", sa.LargeBinary(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("proposed_meeting_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status <> 'accepted' OR (patient_id IS NOT NULL AND case_id IS NOT NULL)",
            name=op.f("ck_referral_request_accepted_has_case"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('accepted', 'refused') OR answered_on IS NOT NULL",
            name=op.f("ck_referral_request_answered_has_date"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('refused', 'info_requested') OR (answer IS NOT NULL AND trim(answer) <> '')",
            name=op.f("ck_referral_request_answer_has_text"),
        ),
        sa.CheckConstraint(
            "trim(birth_name) <> ''", name=op.f("ck_referral_request_birth_name_not_blank")
        ),
        sa.CheckConstraint(
            "trim(first_names) <> ''", name=op.f("ck_referral_request_first_names_not_blank")
        ),
        sa.CheckConstraint(
            "trim(question) <> ''", name=op.f("ck_referral_request_question_not_blank")
        ),
        sa.CheckConstraint(
            "trim(referrer_name) <> ''", name=op.f("ck_referral_request_referrer_name_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_referral_request_case_id_case_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_referral_request_patient_id_patient"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_meeting_id"],
            ["meeting.id"],
            name=op.f("fk_referral_request_proposed_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["referrer_id"],
            ["professional.id"],
            name=op.f("fk_referral_request_referrer_id_professional"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_request")),
        sa.UniqueConstraint("number", name=op.f("uq_referral_request_number")),
    )
    op.create_index(
        op.f("ix_referral_request_case_id"), "referral_request", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_referral_request_patient_id"), "referral_request", ["patient_id"], unique=False
    )
    op.create_index(
        op.f("ix_referral_request_received_on"), "referral_request", ["received_on"], unique=False
    )
    op.create_index(
        op.f("ix_referral_request_status"), "referral_request", ["status"], unique=False
    )
    op.create_table(
        "guest_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "patient",
                "relative",
                "legal_representative",
                "partner_staff",
                name="guest_role",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("structure", sa.String(length=200), nullable=True),
        sa.Column(
            "presence",
            sa.Enum(
                "expected",
                "present",
                "excused",
                "absent",
                name="guest_presence",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "mode",
            sa.Enum(
                "on_site",
                "remote",
                name="guest_mode",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role <> 'partner_staff' OR (structure IS NOT NULL AND trim(structure) <> '')",
            name=op.f("ck_guest_attendance_partner_has_structure"),
        ),
        sa.CheckConstraint("trim(name) <> ''", name=op.f("ck_guest_attendance_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_item.id"],
            name=op.f("fk_guest_attendance_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_guest_attendance_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_attendance")),
    )
    op.create_index(
        op.f("ix_guest_attendance_meeting_id"), "guest_attendance", ["meeting_id"], unique=False
    )
    op.create_table(
        "patient_information",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("informed_on", sa.Date(), nullable=False),
        sa.Column("informed_by", sa.String(length=200), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "consultation",
                "phone",
                "letter",
                "secure_message",
                "other",
                name="information_channel",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "trim(informed_by) <> ''", name=op.f("ck_patient_information_informed_by_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_item.id"],
            name=op.f("fk_patient_information_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_information")),
        sa.UniqueConstraint("item_id", name=op.f("uq_patient_information_item_id")),
    )
    op.create_table(
        "referral_request_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column(
            "step",
            sa.Enum(
                "received",
                "info_requested",
                "completed",
                "accepted",
                "refused",
                name="request_step",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["referral_request.id"],
            name=op.f("fk_referral_request_step_request_id_referral_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_request_step")),
    )
    op.create_index(
        op.f("ix_referral_request_step_request_id"),
        "referral_request_step",
        ["request_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_request_step_request_id"), table_name="referral_request_step")
    op.drop_table("referral_request_step")
    op.drop_table("patient_information")
    op.drop_index(op.f("ix_guest_attendance_meeting_id"), table_name="guest_attendance")
    op.drop_table("guest_attendance")
    op.drop_index(op.f("ix_referral_request_status"), table_name="referral_request")
    op.drop_index(op.f("ix_referral_request_received_on"), table_name="referral_request")
    op.drop_index(op.f("ix_referral_request_patient_id"), table_name="referral_request")
    op.drop_index(op.f("ix_referral_request_case_id"), table_name="referral_request")
    op.drop_table("referral_request")
