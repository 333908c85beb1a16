"""Notes, proposal and next review of a case are read and corrected on the Séances page — after
"Clôturer" too, without reopening — through live mode's own autosave, until the minutes are
validated. The page's action bar shows real buttons, keeps their "…", and wraps instead of
hiding actions behind an overflow."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rcp_desktop.models import MeetingStatus
from rcp_desktop.services.decisions import DecisionDraft
from tests.ui.keys import type_text
from tests.ui.layout_check import clipped
from tests.ui.test_meetings_page import answer_yes, make_page, plan
from tests.workflow_world import D

WAIT = 10_000


def held_meeting(services, world):
    meeting = plan(services, world)
    items = services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    first = services.agenda.save_text(
        items[0].id,
        "discussion_notes",
        "Le patinet refuse le CMP.",
        expected_version=None,
        previous=None,
    )
    services.meetings.close(meeting.id)
    return meeting, items, first


def test_a_typo_in_the_notes_is_corrected_after_closing_without_reopening(
    qtbot, services, world, tasks
):
    meeting, items, _first = held_meeting(services, world)
    page = make_page(qtbot, services, tasks, meeting.id)
    assert services.meetings.get(meeting.id).status is MeetingStatus.HELD
    assert page.items.select_item(items[0].id)
    editor = page.item_editor
    assert editor.isVisible() and editor.is_editable()
    assert editor.notes.toPlainText() == "Le patinet refuse le CMP."
    # Correct the typo where it is read: select the word and type over it.
    cursor = editor.notes.textCursor()
    cursor.setPosition(3)
    cursor.setPosition(10, cursor.MoveMode.KeepAnchor)
    editor.notes.setTextCursor(cursor)
    type_text(editor.notes, "patient")
    type_text(editor.proposal, "Suivi infirmier renforcé, réévaluation à un mois.")
    qtbot.waitUntil(
        lambda: (
            services.agenda.get_item(items[0].id).discussion_notes == "Le patient refuse le CMP."
            and services.agenda.get_item(items[0].id).proposal
            == "Suivi infirmier renforcé, réévaluation à un mois."
        ),
        timeout=WAIT,
    )
    qtbot.waitUntil(lambda: "Tout est enregistré" in page.item_saved.text(), timeout=WAIT)
    # The session was never reopened, and the page's other actions still hold a fresh item.
    assert services.meetings.get(meeting.id).status is MeetingStatus.HELD
    assert page.items.current_item().version == services.agenda.get_item(items[0].id).version
    type_text(editor.next_review, "07/04/2026")
    qtbot.waitUntil(
        lambda: services.cases.get(world.case_review.id).next_review_on == dt.date(2026, 4, 7),
        timeout=WAIT,
    )
    # Moving to the other case commits at once what was still being typed.
    editor.notes.moveCursor(editor.notes.textCursor().MoveOperation.End)
    type_text(editor.notes, " Revu.")
    page.items.select_item(items[1].id)
    assert services.agenda.get_item(items[0].id).discussion_notes.endswith("CMP. Revu.")
    assert editor.notes.toPlainText() == ""


def test_notes_are_read_only_once_the_minutes_are_validated(qtbot, services, world, tasks):
    meeting, items, _first = held_meeting(services, world)
    services.meetings.validate(meeting.id)
    page = make_page(qtbot, services, tasks, meeting.id)
    assert page.items.select_item(items[0].id)
    editor = page.item_editor
    assert editor.notes.toPlainText() == "Le patinet refuse le CMP."  # readable
    assert not editor.is_editable() and editor.notes.isReadOnly()
    assert editor.proposal.isReadOnly() and editor.next_review.isReadOnly()


def test_validating_commits_the_notes_being_typed_first(qtbot, services, world, tasks):
    meeting, items, _first = held_meeting(services, world)
    page = make_page(qtbot, services, tasks, meeting.id)
    page.items.select_item(items[1].id)
    type_text(page.item_editor.proposal, "Orientation CMP")
    answer_yes(qtbot)
    page.validate_action.trigger()
    assert services.meetings.get(meeting.id).status is MeetingStatus.VALIDATED
    assert services.agenda.get_item(items[1].id).proposal == "Orientation CMP"


def test_edit_decision_is_offered_only_for_a_decision(qtbot, services, world, tasks):
    meeting = plan(services, world)
    items = services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    services.decisions.create(items[1].id, DecisionDraft(description="Bilan"))
    page = make_page(qtbot, services, tasks, meeting.id)
    page.items.select_item(items[0].id)  # no decision on this case
    assert page.new_decision_button.isEnabled()
    assert not page.edit_decision_button.isEnabled()
    page.items.select_item(items[1].id)
    assert not page.edit_decision_button.isEnabled()  # nothing selected in the table yet
    page.decisions.selectRow(0)
    assert page.edit_decision_button.isEnabled()
    qtbot.mouseClick(page.edit_decision_button, Qt.MouseButton.LeftButton)
    assert page.dialog is not None and page.dialog.decision.description == "Bilan"
    page.dialog.reject()


def test_the_action_bar_shows_buttons_with_their_ellipsis_and_wraps(qtbot, services, world, tasks):
    meeting, _items, _first = held_meeting(services, world)
    page = make_page(qtbot, services, tasks, meeting.id)
    page.resize(844, 700)  # the page of a 1024-pixel window
    QApplication.processEvents()
    for action in (page.plan_action, page.validate_action, page.addendum_action):
        button = page.actions_bar.button(action)
        assert button is not None and button.isVisible()
        assert button.text().endswith("…") and not button.autoRaise()
    documents_shown = [
        w for w in page.actions_bar.findChildren(type(page.actions_bar.button(page.plan_action)))
    ]
    assert all(w.isVisible() for w in documents_shown)
    assert clipped(page, "Séances at 844 px") == []
    assert page.actions_bar.height() > page.actions_bar.button(page.plan_action).height() * 1.5
    assert D  # the world's day
