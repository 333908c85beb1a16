"""patient search: an FTS5 index of patients' names, birth dates and case numbers

Revision ID: 0002_patient_search
Revises: 0001
Create Date: 2026-03-10 10:00:00

The index is derived data kept in sync by triggers (see ``rcp_desktop.storage.search``); it is
filled here from the rows already stored. No audited row changes, so the audit chain and the
``check`` verification are unaffected.
"""

from collections.abc import Sequence

from alembic import op

from rcp_desktop.storage import search

revision: str = "0002_patient_search"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in search.install_statements():
        op.execute(statement)


def downgrade() -> None:
    for statement in search.drop_statements():
        op.execute(statement)
