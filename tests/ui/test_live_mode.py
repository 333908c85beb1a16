"""Live meeting mode: autosave timing, timer, crisis plan and pseudonymisation, bad input,
two windows on the same item, resuming after a crash."""

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence

from rcp_desktop.models import Pathway
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.live.autosave import Autosaver
from rcp_desktop.ui.live.window import SHORTCUTS, LiveMeetingWindow
from tests.ui.keys import type_text
from tests.workflow_world import D, add_crisis_plan

WAIT = 10_000


@pytest.fixture
def running(services, world):
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=D, start_time=dt.time(18, 0), duration_minutes=60, pathway=Pathway.MENTAL_HEALTH
        ),
        [world.nurse.id],
    )
    items = services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    return meeting, items


def open_live(qtbot, services, meeting_id, **kw):
    live = LiveMeetingWindow(services, meeting_id, **kw)
    qtbot.addWidget(live)
    live.show()
    return live


# --- the autosaver -----------------------------------------------------------------------------


def test_autosaver_commits_within_half_a_second_even_while_typing(qtbot):
    saved = []
    saver = Autosaver(saved.append, delay_ms=500)
    typed = []
    timer = QTimer(interval=100)

    def key():
        typed.append("x")
        saver.changed("".join(typed))

    timer.timeout.connect(key)
    timer.start()
    # Someone types without pause: saves still happen during the typing, not only after it.
    qtbot.waitUntil(lambda: len(saved) >= 2, timeout=WAIT)
    assert timer.isActive() and len(typed) < 30
    timer.stop()
    assert saved[0] == "x" * len(saved[0]) and len(saved[1]) > len(saved[0])
    saver.changed("final")
    assert saver.dirty
    assert saver.flush() and saved[-1] == "final" and not saver.dirty


def test_autosaver_keeps_the_value_pending_when_a_save_is_refused(qtbot):
    def refuse(_value):
        raise RefusedError("Refusé.")

    saver = Autosaver(refuse, delay_ms=50)
    errors = []
    saver.failed.connect(errors.append)
    saver.changed("texte")
    qtbot.waitUntil(lambda: len(errors) > 0, timeout=WAIT)
    assert errors[0].message == "Refusé." and saver.dirty and saver.pending == "texte"


# --- the live window -------------------------------------------------------------------------------


def test_shortcuts_are_documented_on_screen(qtbot, services, running):
    meeting, _items = running
    live = open_live(qtbot, services, meeting.id)
    for name, (keys, text) in SHORTCUTS.items():
        assert text in live.help.text()
        assert live.shortcut_actions[name].shortcuts() == [QKeySequence(k) for k in keys]


def test_timer_runs_against_the_planned_duration(qtbot, services, running):
    meeting, _items = running
    live = open_live(qtbot, services, meeting.id)
    assert live.timer_label.text().endswith("/ 15:00")
    live._prior_seconds = 14 * 60
    live._update_timer()
    assert live.timer_label.text().startswith("14:0") and "#c64600" in live.timer_label.styleSheet()
    live._prior_seconds = 16 * 60
    live._update_timer()
    assert "#c01c28" in live.timer_label.styleSheet()


def test_crisis_plan_shown_and_identities_hidden_when_pseudonymised(
    qtbot, services, world, running
):
    meeting, items = running
    add_crisis_plan(
        services,
        world.case_review.id,
        version=2,
        drawn_up_on=D - dt.timedelta(days=40),
        warning_signs="Insomnie, retrait social",
        professional_id=world.psychiatrist.id,
        when_to_call="En premier recours",
    )
    live = open_live(qtbot, services, meeting.id)
    assert live.item.id == items[0].id
    text = live.crisis_plan.text()
    assert "Version 2 du" in text and "Insomnie, retrait social" in text
    assert (
        "Bernadette Arnaud (Mère) — 06\u00a011\u00a022\u00a033\u00a044" in text
        and "Marc Leroy" in text
    )
    assert "ARNAUD Julie" in live.case_title.text()
    live.pseudo_button.click()
    assert live.case_title.text() == "Situation A"  # its label in this session, not its number
    assert world.case_review.number not in live.agenda_list.item(0).text()
    plan = live.crisis_plan.text()
    assert "Bernadette" not in plan and "06 11" not in plan and "06\u00a011" not in plan
    assert "Mère" in live.crisis_plan.text()
    assert all(
        "ARNAUD" not in live.agenda_list.item(i).text() for i in range(live.agenda_list.count())
    )
    assert "Arnaud" not in live.windowTitle() and "ARNAUD" not in live.windowTitle()


def test_bad_review_date_is_refused_at_the_field(qtbot, services, world, running):
    meeting, items = running
    live = open_live(qtbot, services, meeting.id)
    type_text(live.next_review, "01/03/2026")
    qtbot.waitUntil(lambda: "postérieure à la séance" in live.review_error.text(), timeout=WAIT)
    assert (
        services.cases.get(world.case_review.id).next_review_on == world.case_review.next_review_on
    )
    assert services.agenda.get_item(items[0].id).next_review_on is None
    live.next_review.clear()
    type_text(live.next_review, "07/04/2026")
    qtbot.waitUntil(
        lambda: services.cases.get(world.case_review.id).next_review_on == dt.date(2026, 4, 7),
        timeout=WAIT,
    )
    assert live.review_error.text() == ""


def test_two_live_windows_on_the_same_item_overwrite_nothing(qtbot, services, running):
    meeting, items = running
    first = open_live(qtbot, services, meeting.id)
    second = open_live(qtbot, services, meeting.id)
    type_text(first.notes, "Notes de la fenetre A")
    qtbot.waitUntil(
        lambda: services.agenda.get_item(items[0].id).discussion_notes == "Notes de la fenetre A",
        timeout=WAIT,
    )
    type_text(second.notes, "B")
    qtbot.waitUntil(lambda: "modifié entre-temps" in second.save_status.text(), timeout=WAIT)
    assert services.agenda.get_item(items[0].id).discussion_notes == "Notes de la fenetre A"
    assert second.notes.toPlainText() == "B"  # the typed text stays on screen
    # The first window goes on saving its own text.
    type_text(first.notes, " et suite")
    qtbot.waitUntil(
        lambda: (
            services.agenda.get_item(items[0].id).discussion_notes
            == "Notes de la fenetre A et suite"
        ),
        timeout=WAIT,
    )


def test_reopening_resumes_at_the_case_being_discussed(qtbot, services, running):
    meeting, items = running
    services.agenda.enter_item(items[0].id)
    services.agenda.leave_item(items[0].id)
    services.agenda.enter_item(items[1].id)  # the crash happened here
    live = open_live(qtbot, services, meeting.id)
    assert live.item.id == items[1].id and "Dossier 2 / 2" in live.counter.text()


def test_live_mode_refuses_decisions_on_a_session_not_started(qtbot, services, world):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(18, 0), duration_minutes=60), [world.nurse.id]
    )
    services.agenda.add_case(meeting.id, world.case_review.id)
    live = open_live(qtbot, services, meeting.id)
    assert "Démarrez la séance" in live.save_status.text()
    row = live.new_decision()
    type_text(row.what, "Une action")
    qtbot.waitUntil(lambda: "démarrez-la" in row.error.text(), timeout=WAIT)
    assert services.agenda.get_item(live.item.id).decisions == []


def test_two_live_windows_on_the_same_decision(qtbot, services, running):
    meeting, items = running
    first = open_live(qtbot, services, meeting.id)
    row = first.new_decision()
    type_text(row.what, "Bilan")
    qtbot.waitUntil(lambda: row.decision_id is not None, timeout=WAIT)
    second = open_live(qtbot, services, meeting.id)
    (other,) = second.decision_rows
    assert other.decision_id == row.decision_id and other.what.text() == "Bilan"
    type_text(row.what, " complet")
    qtbot.waitUntil(
        lambda: services.decisions.get(row.decision_id).description == "Bilan complet", timeout=WAIT
    )
    type_text(other.what, " autre")
    qtbot.waitUntil(lambda: "modifiée entre-temps" in other.error.text(), timeout=WAIT)
    assert services.decisions.get(row.decision_id).description == "Bilan complet"
    # The stale window can still move on; nothing it holds overwrites the other's work.
    assert second.go(1) and second.item.id == items[1].id
    assert services.decisions.get(row.decision_id).description == "Bilan complet"
