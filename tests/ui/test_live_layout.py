"""Live mode on the screens it is projected from: a 1024×768 or 1280×720 projector, a laptop,
even an 800×600 beamer. Nothing is cut, the agenda folds away when there is no room, the crisis
plan takes the centre on one key, a decision shows all its text, every action has its key."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from rcp_desktop.domain.text import NBSP
from rcp_desktop.models import Pathway
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.live.window import SHORTCUTS, LiveMeetingWindow
from tests.ui.keys import type_text
from tests.ui.layout_check import clipped
from tests.workflow_world import D, add_crisis_plan

WAIT = 10_000
SCREENS = [(1024, 768), (1280, 720), (1366, 768), (800, 600)]
LONG_DECISION = (
    "Adresser au CMP pour une réévaluation du traitement et organiser une visite à domicile "
    "de l'infirmière dans la semaine"
)


@pytest.fixture
def live(qtbot, services, world):
    add_crisis_plan(
        services,
        world.case_review.id,
        version=1,
        drawn_up_on=D - dt.timedelta(days=40),
        warning_signs="Insomnie, retrait social, arrêt des sorties, " * 3,
    )
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=D,
            start_time=dt.time(18, 0),
            duration_minutes=60,
            pathway=Pathway.MENTAL_HEALTH,
            theme="RCPT santé mentale — anticipation de crise, secteur nord et sud",
        ),
        [world.nurse.id],
    )
    services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    window = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(window)
    window.show()
    row = window.new_decision()
    type_text(row.what, LONG_DECISION)
    qtbot.waitUntil(lambda: row.decision_id is not None, timeout=WAIT)
    return window


def inside(widget, window) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(QPoint(0, 0), window.size()).contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_live_mode_fits_the_screen_with_nothing_cut(live, width, height):
    assert live.minimumSizeHint().width() <= width
    assert live.minimumSizeHint().height() <= height
    live.resize(width, height)
    QApplication.processEvents()
    assert (live.width(), live.height()) == (width, height)
    assert clipped(live, f"live {width}×{height}") == []
    for widget in (live.timer_label, live.notes, live.editor.proposal, *live.bar.buttons()):
        assert widget.isVisible() and inside(widget, live), widget
    assert live.new_decision_button.isVisible() and inside(live.new_decision_button, live)
    # The agenda panel folds away when there is no room for it; "Dossier n / N" stays.
    assert live.agenda_list.isVisible() is (width >= 1200)
    assert "Dossier 1 / 2" in live.counter.text()
    # The decision shows all its text, wrapped, not the end of one line.
    what = live.decision_rows[0].what
    lines = round(what.document().documentLayout().documentSize().height())
    assert lines >= 2 and what.text() == LONG_DECISION
    assert not what.verticalScrollBar().isVisible()


def test_the_crisis_plan_takes_the_centre_on_one_key(qtbot, live):
    live.resize(1024, 768)
    live.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is live, timeout=WAIT)
    assert not live.showing_crisis_plan()
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_F4)
    assert live.showing_crisis_plan() and live.plan_view.isVisible()
    assert not live.notes.isVisible()
    shown = live.plan_view.plain_text()
    assert "Signes d'alerte précoces" in shown and "Un lieu calme" in shown
    # A phone number never breaks across lines.
    assert f"06{NBSP}11{NBSP}22{NBSP}33{NBSP}44" in shown
    assert live.plan_view.plan_label.font().pixelSize() >= live.notes.font().pixelSize()
    assert clipped(live) == []
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_F4)
    assert not live.showing_crisis_plan() and QApplication.focusWidget() is live.notes
    # F2 from the plan goes back to the notes too.
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_F4)
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_F2)
    assert not live.showing_crisis_plan() and QApplication.focusWidget() is live.notes
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_F3)
    assert QApplication.focusWidget() is live.editor.proposal


def test_the_agenda_panel_comes_back_on_f6_when_the_screen_is_narrow(qtbot, live):
    live.resize(1024, 768)
    live.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is live, timeout=WAIT)
    assert not live.agenda_list.isVisible()
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_F6)
    assert live.agenda_list.isVisible()
    assert clipped(live) == []
    qtbot.keyClick(live.windowHandle(), Qt.Key.Key_F6)
    assert not live.agenda_list.isVisible()


def test_every_action_of_the_screen_has_its_key_written_on_screen(live):
    keys = {key for key_list, _text in SHORTCUTS.values() for key in key_list}
    for needed in ("F2", "F3", "F4", "F6", "Ctrl+N", "Ctrl+P", "Ctrl+I", "Ctrl+W", "F11"):
        assert needed in keys
    for _keys, text in SHORTCUTS.values():
        assert text in live.help.text()
    # The buttons are the same actions: none takes the keyboard focus away from the typing.
    for button in [*live.bar.buttons(), live.new_decision_button]:
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
