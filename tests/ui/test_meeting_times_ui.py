"""The real hours of a session in the GUI: live mode shows when the session opened and corrects
it on Ctrl+T; the Séances page shows the hours held and corrects them after closing; its header
leaves out what is not known instead of a row of dashes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.live.window import LiveMeetingWindow
from rcp_desktop.ui.meetings.times import MeetingTimesDialog
from tests.ui.layout_check import clipped
from tests.ui.loading import loaded
from tests.ui.test_meetings_page import make_page
from tests.workflow_world import D

WAIT = 10_000


def save(qtbot, dialog):
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_live_mode_shows_and_corrects_the_real_start(qtbot, services, world):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(19, 30), theme="RCP du mardi"), []
    )
    services.agenda.add_case(meeting.id, world.case_review.id)
    services.meetings.start(meeting.id)  # at 14:00 by the test clock
    live = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(live)
    live.show()
    assert "ouverte à 14:00" in live.bar.session_label.text()
    live.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is live, timeout=WAIT)
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), MeetingTimesDialog), timeout=WAIT
    )
    dialog: MeetingTimesDialog = QApplication.activeModalWidget()
    assert clipped(dialog) == []
    assert dialog.start.time() == QTime(14, 0) and not dialog.ended.isChecked()
    # An end before the start is refused at the field, nothing stored.
    dialog.start.setTime(QTime(19, 12))
    dialog.ended.setChecked(True)
    dialog.end.setTime(QTime(19, 0))
    save(qtbot, dialog)
    assert "doit suivre le début" in dialog.message("actual_end")
    assert services.meetings.get(meeting.id).actual_start == dt.time(14, 0)
    dialog.ended.setChecked(False)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "ouverte à 19:12" in live.bar.session_label.text(), timeout=WAIT)
    assert services.meetings.get(meeting.id).actual_start == dt.time(19, 12)


def test_the_page_header_shows_the_hours_held_and_no_dashes(qtbot, services, world, tasks):
    bare = services.meetings.plan(MeetingDraft(held_on=D, start_time=dt.time(19, 30)), [])
    page = make_page(qtbot, services, tasks, bare.id)
    assert "—  —" not in page.header.text() and "— —" not in page.header.text()
    assert "animateur" not in page.header.text()
    assert not page.times_action.isEnabled()
    services.agenda.add_case(bare.id, world.case_review.id)
    services.meetings.start(bare.id)
    services.meetings.close(bare.id)
    page.refresh()
    loaded(qtbot, page)
    assert "tenue de 14:00 à 14:00" in page.header.text()
    assert page.times_action.isEnabled()
    page.times_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, MeetingTimesDialog) and dialog.ended.isChecked()
    dialog.start.setTime(QTime(19, 12))
    dialog.end.setTime(QTime(21, 5))
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "tenue de 19:12 à 21:05" in page.header.text(), timeout=WAIT)
