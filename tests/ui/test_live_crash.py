"""A crash during live typing loses nothing that was committed: a child process runs the live
meeting and types; it is killed with SIGKILL; every note and decision it reported as committed
is found on reopening the database."""

import datetime as dt
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rcp_desktop.models import Pathway
from rcp_desktop.services import Services
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.storage import Database
from tests import workflow_world
from tests.ui import live_child
from tests.workflow_world import D

CHILD = Path(live_child.__file__)
ROOT = CHILD.parents[2]
LINE_TIMEOUT_S = 90


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


@pytest.mark.slow
def test_sigkill_during_live_typing_keeps_every_committed_note(
    services, db, db_path, key, actor, clock, tmp_path
):
    world = workflow_world.build(services)
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=D, start_time=dt.time(18, 0), duration_minutes=60, pathway=Pathway.MENTAL_HEALTH
        ),
    )
    first, second = services.agenda.add_cases(
        meeting.id, [world.case_review.id, world.case_overdue.id]
    )
    services.meetings.start(meeting.id)
    db.close()  # the child is the only writer now

    env = dict(os.environ, RCP_TEST_KEY=key.recovery_code(), QT_QPA_PLATFORM="offscreen")
    stderr = open(tmp_path / "child.err", "w")  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), str(meeting.id)],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    committed: dict[tuple[str, int], str] = {}
    counts = {"notes": 0, "decision": 0}
    items_with_notes: set[int] = set()
    try:
        while not (
            counts["decision"] >= 2 and second.id in items_with_notes and counts["notes"] >= 4
        ):
            try:
                line = lines.get(timeout=LINE_TIMEOUT_S)
            except queue.Empty:
                pytest.fail("the child stopped reporting: " + (tmp_path / "child.err").read_text())
            if line is None:
                pytest.fail("the child died: " + (tmp_path / "child.err").read_text())
            msg = json.loads(line)
            if msg["kind"] == "ready":
                assert msg["id"] == first.id
                continue
            counts[msg["kind"]] += 1
            committed[(msg["kind"], msg["id"])] = msg["value"]
            if msg["kind"] == "notes":
                items_with_notes.add(msg["id"])
        # Killed in the middle of typing: no chance to flush or close anything.
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=LINE_TIMEOUT_S) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr.close()
    # What it reported between our last read and its death was committed too.
    while (line := lines.get(timeout=LINE_TIMEOUT_S)) is not None:
        msg = json.loads(line)
        committed[(msg["kind"], msg["id"])] = msg["value"]

    reopened = Database.open(db_path, key)
    try:
        again = Services(reopened, actor, clock)
        notes_1 = again.agenda.get_item(first.id).discussion_notes
        notes_2 = again.agenda.get_item(second.id).discussion_notes
        decisions = {d.id: d.description for d in again.agenda.get_item(first.id).decisions}
    finally:
        reopened.close()
    assert notes_1 == committed[("notes", first.id)] == live_child.NOTES_1.strip()
    assert notes_2.startswith(committed[("notes", second.id)])
    assert (live_child.NOTES_2 + live_child.MORE * 50).startswith(notes_2)
    ((_kind, decision_id),) = [k for k in committed if k[0] == "decision"]
    assert decisions == {decision_id: committed[("decision", decision_id)]}
    assert live_child.DECISION.startswith(decisions[decision_id])
    assert decisions[decision_id] == live_child.DECISION  # completed before moving on
