"""What used to surprise a new coordinator: the "without quorum" alarm before the roll call,
dates typed by hand with no calendar, a new session's date starting empty."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from rcp_desktop.domain.dates import next_working_day
from rcp_desktop.domain.recurrence import next_in_series
from rcp_desktop.domain.text import NBSP
from rcp_desktop.models import Presence
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.live.window import LiveMeetingWindow
from rcp_desktop.ui.meetings.planning import MeetingDialog
from rcp_desktop.ui.widgets.fields import DateField
from tests.workflow_world import D

WAIT = 10_000


def test_no_quorum_alarm_before_the_roll_call(qtbot, services, world):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(18, 0)), [world.gp.id, world.nurse.id]
    )
    services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    live = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(live)
    live.show()
    # Nobody checked in yet: a neutral request for the roll call, no red flag.
    assert "Appel à faire" in live.quorum.text()
    assert not live.case_panel.quorum_flag.isVisible()
    assert "sans quorum" not in live.agenda_list.item(0).text()
    # The roll call begins and the quorum is not there: now the flag says so.
    row = next(a for a in services.attendance.list(meeting.id) if a.professional_id == world.gp.id)
    services.attendance.check_in(row.id, Presence.PRESENT)
    live.refresh_quorum()
    assert "Quorum non atteint" in live.quorum.text()
    assert live.case_panel.quorum_flag.isVisible()


def test_every_date_field_has_a_calendar(qtbot):
    field = DateField(dt.date(2026, 3, 10))
    qtbot.addWidget(field)
    field.show()
    assert field.calendar_action.isVisible() and field.calendar_action.toolTip()
    field.calendar_action.trigger()
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate() == QDate(2026, 3, 10)
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday  # French week
    changes = []
    field.textChanged.connect(changes.append)
    calendar.clicked.emit(QDate(2026, 4, 7))
    assert field.text() == "07/04/2026" and changes == ["07/04/2026"]
    assert field.calendar is None
    # From the keyboard: Alt+↓ opens it on the typed date, Enter takes the day chosen.
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None and calendar.selectedDate() == QDate(2026, 4, 7)
    calendar.setSelectedDate(QDate(2026, 4, 8))
    calendar.activated.emit(calendar.selectedDate())
    assert field.value() == dt.date(2026, 4, 8)
    # Read-only, no calendar.
    field.setReadOnly(True)
    assert not field.calendar_action.isEnabled()


def test_a_new_session_starts_on_the_series_next_date(qtbot, services, world):
    # Only the world's past session: no series, the next working day.
    dialog = MeetingDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.held_on.value() == next_working_day(D) == dt.date(2026, 3, 11)
    # The second Tuesday of February and of March: the second Tuesday of April.
    services.meetings.plan(
        MeetingDraft(held_on=dt.date(2026, 3, 10), start_time=dt.time(19, 30), place="MSP"), []
    )
    dialog = MeetingDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.held_on.value() == dt.date(2026, 4, 14)
    assert dialog.start_time.time().toString("HH:mm") == "19:30"
    assert dialog.place.text() == "MSP"
    QApplication.processEvents()


def test_series_rules():
    d = dt.date
    assert next_in_series([d(2026, 1, 27), d(2026, 2, 24)], d(2026, 3, 10)) == d(2026, 3, 31)
    assert next_in_series([d(2026, 2, 23), d(2026, 3, 9)], d(2026, 3, 10)) == d(2026, 3, 23)
    assert next_in_series([d(2026, 2, 23), d(2026, 3, 10)], d(2026, 3, 10)) is None
    assert next_in_series([d(2026, 3, 9)], d(2026, 3, 10)) is None
    assert next_working_day(d(2026, 3, 13)) == d(2026, 3, 16)  # Friday → Monday


def test_a_hint_keeps_its_guillemets_together(qtbot, services, tasks):
    from rcp_desktop.ui.pages.cases import CasesPage

    page = CasesPage(services, tasks)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    hint = page.identity.text()
    assert f"«{NBSP}Nouveau patient…{NBSP}»" in hint and " »" not in hint
