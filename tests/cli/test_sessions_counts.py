"""`sessions` lists each session with its counts; the JSON keeps the contract's keys."""

import datetime as dt
import json
import sys

import pytest

from rcp_desktop.cli import main
from rcp_desktop.models import Pathway, Presence
from rcp_desktop.services import Actor, Services
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.storage import Database, DatabaseKey
from tests import workflow_world
from tests.conftest import PASSPHRASE, TODAY
from tests.workflow_world import D


@pytest.fixture
def session_file(tmp_path, monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    path = tmp_path / "rcp.db"
    db = Database.create(path, DatabaseKey.new_from_passphrase(PASSPHRASE))
    services = Services(db, Actor("t", "Dr Test"), lambda: TODAY)
    world = workflow_world.build(services)
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=D, start_time=dt.time(18, 0), duration_minutes=30, pathway=Pathway.MENTAL_HEALTH
        ),
        [world.gp.id, world.nurse.id, world.psychiatrist.id],
    )
    item, _ = services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    for a in services.attendance.list(meeting.id):
        services.attendance.check_in(a.id, Presence.PRESENT)
    services.decisions.create(item.id, DecisionDraft(description="Bilan"))
    services.meetings.close(meeting.id)
    db.close()
    return path, meeting.id


def test_sessions_json_counts(session_file, capsys):
    path, meeting_id = session_file
    assert main(["sessions", "--db", str(path), "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    row = rows[meeting_id]
    assert {"id", "date", "pathway", "status", "cases"} <= row.keys()
    assert (row["date"], row["pathway"], row["status"], row["cases"]) == (
        D.isoformat(),
        "mental_health",
        "held",
        2,
    )
    assert (row["present"], row["decisions"], row["quorum_met"], row["planned_minutes"]) == (
        3,
        1,
        True,
        30,
    )


def test_sessions_human_output_counts(session_file, capsys):
    path, _meeting_id = session_file
    assert main(["sessions", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "10/03/2026" in x)
    assert "2 dossier(s)" in line and "3 présent(s)" in line and "1 décision(s)" in line
    assert "quorum atteint" in line and "Tenue" in line
