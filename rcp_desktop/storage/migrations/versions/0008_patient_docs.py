"""documents prepared for the patient, the GP and the record

Revision ID: 0008_patient_docs
Revises: 0007_tnd
Create Date: 2026-12-03 12:00:00

``prepared_document``: the register of what was prepared for whom — the patient's crisis plan
(and who holds a copy), the letter to the patient, the fiche RCP as CDA R2 for the record, the
message file for the GP's secure messaging (recipient, attachments). A new table only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_patient_docs"
down_revision: str | None = "0007_tnd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "patient_crisis_plan",
    "patient_letter",
    "case_sheet_cda",
    "gp_message",
)


def upgrade() -> None:
    op.create_table(
        "prepared_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("prepared_on", sa.Date(), nullable=False),
        sa.Column("operator", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *KINDS, name="prepared_kind", native_enum=False, create_constraint=True, length=40
            ),
            nullable=False,
        ),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("professional_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=500), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_prepared_document_case_id_case_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_prepared_document_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professional.id"],
            name=op.f("fk_prepared_document_professional_id_professional"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepared_document")),
    )
    op.create_index(
        op.f("ix_prepared_document_case_id"), "prepared_document", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_prepared_document_case_id"), table_name="prepared_document")
    op.drop_table("prepared_document")
