"""indexes for the long lists and the audit chain's head

New indexes only, nothing else touched. SQLCipher decrypts every page a read touches, so the
reads of the long lists are given indexes that hold what they read (covering indexes):

- ``agenda_item (meeting_id, planned_minutes)``: the sessions list counts each session's cases
  and sums their planned minutes without reading the agenda items themselves (long texts);
- ``attendance (meeting_id, presence)``: the same for the people present;
- ``agenda_item (next_review_on, meeting_id, case_id)`` and ``case_file (opened_on, pathway)``:
  the statistics of a period read the reviews planned and the cases opened in it from these,
  not by a scan of every agenda item and every case;
- ``audit_entry (id)``: the narrowest index of the audit log, which ``count(*)`` walks to find
  the chain's head (after each write, for the minutes' fingerprint) instead of the index of
  the 64-character entry hashes (six times the pages).

Revision ID: 0011_list_indexes
Revises: 0010_cpts_year
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_list_indexes"
down_revision: str | None = "0010_cpts_year"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_agenda_item_meeting_minutes", "agenda_item", ["meeting_id", "planned_minutes"]),
    ("ix_attendance_meeting_presence", "attendance", ["meeting_id", "presence"]),
    ("ix_agenda_item_review", "agenda_item", ["next_review_on", "meeting_id", "case_id"]),
    ("ix_case_file_opened", "case_file", ["opened_on", "pathway"]),
    ("ix_audit_entry_count", "audit_entry", ["id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
