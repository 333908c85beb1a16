"""real times of a session and the civility of a professional

Revision ID: 0006_meeting_times_civility
Revises: 0005_statistics_exports
Create Date: 2026-03-10 15:00:00

``meeting.actual_start`` / ``actual_end``: the real start and end the documents print (live mode
records them; the referent corrects them). ``professional.civility`` (Madame / Monsieur): the
grammatical gender of the profession labels the documents print. Columns added to tables that
hold rows: NULL in every existing row, and left out of the audit digest while NULL
(``models.base.ADDED_LATER``), so the integrity check of an existing base stays clean. Added with
a plain ALTER TABLE (no table rebuild: other tables point at both).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_meeting_times_civility"
down_revision: str | None = "0005_statistics_exports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE meeting ADD COLUMN actual_start TIME")
    op.execute("ALTER TABLE meeting ADD COLUMN actual_end TIME")
    op.execute(
        "ALTER TABLE professional ADD COLUMN civility VARCHAR(40) "
        "CONSTRAINT ck_professional_civility CHECK (civility IN ('mme', 'm'))"
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+): the column's CHECK goes with it, no table rebuild.
    op.execute("ALTER TABLE professional DROP COLUMN civility")
    op.execute("ALTER TABLE meeting DROP COLUMN actual_end")
    op.execute("ALTER TABLE meeting DROP COLUMN actual_start")
