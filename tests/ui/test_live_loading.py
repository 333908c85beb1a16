"""Live mode reads off the GUI thread: the window shows at once, each case's data arrives from
a worker, and nothing typed meanwhile goes astray — notes typed just before Alt+→ are
committed on the case they were typed on, keys pressed while the next case loads reach no
case, a move asked for during another is made after it, a failed load says so in French.

The worker is held at a gate (an event) in front of the item's context, so that "while a case
loads" is a state the test controls, not a race it hopes to win."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from rcp_desktop.models import Pathway
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.live.window import LiveMeetingWindow
from tests.ui.keys import type_text
from tests.ui.loading import loaded
from tests.workflow_world import D

WAIT = 10_000


class Gate:
    """Holds every read of an item's context (on the worker) until :meth:`release`."""

    def __init__(self, services, monkeypatch) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()
        self.opened.set()
        real = services.agenda.context

        def held(item_id):
            self.reached.set()
            assert self.opened.wait(WAIT / 1000), "the test never released the gate"
            return real(item_id)

        monkeypatch.setattr(services.agenda, "context", held)

    def hold(self) -> None:
        self.reached.clear()
        self.opened.clear()

    def release(self) -> None:
        self.opened.set()


@pytest.fixture
def gate(services, monkeypatch):
    gate = Gate(services, monkeypatch)
    yield gate
    gate.release()  # never leave a worker waiting


@pytest.fixture
def running(services, world):
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=D, start_time=dt.time(18, 0), duration_minutes=60, pathway=Pathway.MENTAL_HEALTH
        ),
        [world.nurse.id],
    )
    items = services.agenda.add_cases(
        meeting.id, [world.case_review.id, world.case_overdue.id, world.case_exception.id]
    )
    services.meetings.start(meeting.id)
    return meeting, items


def open_live(qtbot, services, tasks, meeting_id) -> LiveMeetingWindow:
    live = LiveMeetingWindow(services, meeting_id, tasks=tasks)
    qtbot.addWidget(live)
    live.show()
    return live


def notes_of(services, item) -> str | None:
    return services.agenda.get_item(item.id).discussion_notes


def test_the_window_shows_at_once_and_nothing_is_typed_before_the_case_is_in(
    qtbot, services, tasks, gate, running
):
    meeting, items = running
    gate.hold()
    live = open_live(qtbot, services, tasks, meeting.id)
    assert live.isVisible() and live.loading
    assert "Chargement" in live.case_title.text() and live.item is None
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    type_text(live.notes, "tapé trop tôt")
    assert live.notes.toPlainText() == "" and live.new_decision() is None
    assert not live.decisions.isEnabled()
    gate.release()
    loaded(qtbot, live)
    assert live.item.id == items[0].id and "ARNAUD Julie" in live.case_title.text()
    assert "Dossier 1 / 3" in live.counter.text() and "Appel à faire" in live.quorum.text()
    assert services.agenda.get_item(items[0].id).started_at is not None  # entered, off-thread
    assert notes_of(services, items[0]) is None
    type_text(live.notes, "Bien reçu")
    qtbot.waitUntil(lambda: notes_of(services, items[0]) == "Bien reçu", timeout=WAIT)


def test_notes_typed_then_a_quick_alt_right_land_on_the_case_they_were_typed_on(
    qtbot, services, tasks, gate, running
):
    meeting, items = running
    live = loaded(qtbot, open_live(qtbot, services, tasks, meeting.id))
    live.notes.setFocus()
    type_text(live.notes, "Notes du premier dossier")
    row = live.new_decision()
    type_text(row.what, "Appeler le médecin traitant")
    gate.hold()
    live.shortcut_actions["next"].trigger()  # before the autosave's half second
    # Committed before the move began, on the first case.
    assert notes_of(services, items[0]) == "Notes du premier dossier"
    assert [d.description for d in services.agenda.get_item(items[0].id).decisions] == [
        "Appeler le médecin traitant"
    ]
    assert live.loading
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    # Keys pressed while the second case loads reach neither case.
    type_text(live.notes, " et encore")
    type_text(row.what, " !")
    assert live.notes.toPlainText() == "Notes du premier dossier"
    assert row.what.text() == "Appeler le médecin traitant"
    gate.release()
    loaded(qtbot, live)
    assert live.item.id == items[1].id and "Dossier 2 / 3" in live.counter.text()
    assert live.notes.toPlainText() == "" and live.decision_rows == []
    type_text(live.notes, "Notes du deuxième")
    qtbot.waitUntil(lambda: notes_of(services, items[1]) == "Notes du deuxième", timeout=WAIT)
    assert notes_of(services, items[0]) == "Notes du premier dossier"
    assert [d.description for d in services.agenda.get_item(items[0].id).decisions] == [
        "Appeler le médecin traitant"
    ]
    assert services.agenda.get_item(items[0].id).ended_at is not None


def test_moves_asked_for_while_a_case_loads_are_made_after_it(
    qtbot, services, tasks, gate, running, monkeypatch
):
    meeting, items = running
    live = loaded(qtbot, open_live(qtbot, services, tasks, meeting.id))
    gate.hold()
    live.next_item()
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    live.next_item()  # from the case being entered: the third
    live.next_item()  # no fourth: stays on the third
    assert live.item.id == items[0].id  # nothing shown yet
    gate.release()
    loaded(qtbot, live)
    assert live.item.id == items[2].id and "Dossier 3 / 3" in live.counter.text()
    assert live.notes.isReadOnly() is False
    second = services.agenda.get_item(items[1].id)
    assert second.started_at is not None and second.ended_at is not None  # passed through
    # Back, then forth while going back: the newest request wins.
    gate.hold()
    live.previous_item()
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    live.go(0)
    live.go(2)
    gate.release()
    loaded(qtbot, live)
    assert live.item.id == items[2].id
    # A request for the case being entered is no extra move.
    entered = []
    enter = services.agenda.enter_item
    monkeypatch.setattr(services.agenda, "enter_item", lambda i: entered.append(i) or enter(i))
    gate.hold()
    live.go(1)
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    live.go(1)
    gate.release()
    loaded(qtbot, live)
    assert live.item.id == items[1].id and entered == [items[1].id]


def test_closing_while_a_case_loads_leaves_the_case_it_entered(
    qtbot, services, tasks, gate, running
):
    meeting, items = running
    live = loaded(qtbot, open_live(qtbot, services, tasks, meeting.id))
    gate.hold()
    live.next_item()
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)  # entered; its context being read
    live.close()
    gate.release()
    second = services.agenda.get_item(items[1].id)
    assert second.started_at is not None and second.ended_at is not None
    assert services.agenda.get_item(items[2].id).started_at is None
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=WAIT)
    assert live.item.id == items[0].id  # the pending result was not shown


def test_a_failed_load_says_so_in_french_and_moving_again_retries(
    qtbot, services, tasks, running, monkeypatch
):
    meeting, items = running
    live = loaded(qtbot, open_live(qtbot, services, tasks, meeting.id))
    type_text(live.notes, "Avant la panne")
    real = services.agenda.context

    def broken(_item_id):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.agenda, "context", broken)
    live.next_item()
    loaded(qtbot, live)
    assert "Le chargement a échoué" in live.case_title.text()
    assert "disk on fire" not in live.case_title.text()
    assert live.notes.isReadOnly() and not live.decisions.isEnabled()
    assert notes_of(services, items[0]) == "Avant la panne"
    monkeypatch.setattr(services.agenda, "context", real)
    live.next_item()
    loaded(qtbot, live)
    assert live.item.id == items[1].id and "BERTIN Louise" in live.case_title.text()
    assert not live.notes.isReadOnly()


def test_entering_live_mode_on_a_session_that_cannot_be_read(qtbot, services, tasks, running):
    live = loaded(qtbot, open_live(qtbot, services, tasks, 999_999))
    assert live.item is None and live.notes.isReadOnly()
    text = live.case_title.text()
    assert text and "Chargement" not in text and "Traceback" not in text
