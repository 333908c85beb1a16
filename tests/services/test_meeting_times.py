"""The real start and end of a session: recorded when it starts and when it is closed, corrected
by the referent until the minutes are validated; new columns that leave the integrity check of
an existing base clean."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, MetaData, Table, select

from rcp_desktop.models import Meeting, MeetingStatus
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.integrity import check_database
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.storage.audit import select_columns_sql, stored_digest
from tests.workflow_world import D


def planned(services, world):
    return services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(19, 30), duration_minutes=90), [world.gp.id]
    )


def test_live_mode_records_the_real_start_and_the_closing_the_end(services, world):
    meeting = planned(services, world)
    services.meetings.start(meeting.id)  # the clock says 14:00
    started = services.meetings.get(meeting.id)
    assert started.actual_start == dt.time(14, 0) and started.actual_end is None
    services.meetings.close(meeting.id)
    closed = services.meetings.get(meeting.id)
    assert (closed.actual_start, closed.actual_end) == (dt.time(14, 0), dt.time(14, 0))
    # Reopened, it goes on: the next closing records the new end.
    services.meetings.reopen(meeting.id)
    assert services.meetings.get(meeting.id).actual_end is None


def test_the_referent_corrects_the_times_until_validation(services, world):
    meeting = planned(services, world)
    with pytest.raises(RefusedError, match="n'a pas commencé"):
        services.meetings.set_times(meeting.id, dt.time(19, 12), None)
    services.meetings.start(meeting.id)
    with pytest.raises(ValidationError) as refused:
        services.meetings.set_times(meeting.id, dt.time(19, 12), dt.time(19, 0))
    assert "doit suivre le début" in refused.value.errors["actual_end"]
    with pytest.raises(ValidationError):
        services.meetings.set_times(meeting.id, None, None)
    services.meetings.set_times(meeting.id, dt.time(19, 12, 40), dt.time(21, 5))
    corrected = services.meetings.get(meeting.id)
    assert (corrected.actual_start, corrected.actual_end) == (dt.time(19, 12), dt.time(21, 5))
    services.meetings.close(meeting.id)
    assert services.meetings.get(meeting.id).actual_end == dt.time(21, 5)  # kept, not "now"
    services.meetings.validate(meeting.id)
    with pytest.raises(RefusedError, match="verrouillée"):
        services.meetings.set_times(meeting.id, dt.time(19, 0), None)
    assert check_database(services.db).ok


def test_a_row_written_before_the_new_columns_keeps_its_digest(services, world):
    """The migration adds NULL columns to rows the audit log has already digested: while NULL
    they stay out of the digest, so the old digest still matches; once set they count."""
    meeting = planned(services, world)
    table: Table = Meeting.__table__
    # The table as it was before the migration: the same rows, without the new columns.
    old_table = Table(
        "meeting",
        MetaData(),
        *[
            Column(c.name, c.type)
            for c in table.columns
            if c.name not in ("actual_start", "actual_end")
        ],
    )
    with services.db.engine.connect() as conn:
        # Raw stored values, as the audit hook and `check` read them.
        row = conn.exec_driver_sql(f"{select_columns_sql(table)} WHERE id = ?", (meeting.id,))
        old_row = conn.exec_driver_sql(
            f"{select_columns_sql(old_table)} WHERE id = ?", (meeting.id,)
        )
        assert stored_digest(table, row.one()) == stored_digest(old_table, old_row.one())
    services.meetings.start(meeting.id)
    with services.db.engine.connect() as conn:
        started = conn.execute(select(table).where(table.c.id == meeting.id)).one()
    assert started.actual_start is not None
    assert "actual_start" in str(started._mapping.keys())
    assert check_database(services.db).ok
    assert services.meetings.get(meeting.id).status is MeetingStatus.IN_PROGRESS
