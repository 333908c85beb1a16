"""A deviation from the proposal (HAS practice: what is done differs from what the conference
proposed, and why) is entered in live mode as in the Séances page's dialog, shows with the open
actions of the next session, in a column of the Séances page that is never off-screen, and in
both versions of the minutes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.live.window import LiveMeetingWindow
from tests.reports.factory import Pdf
from tests.ui.keys import type_text
from tests.ui.layout_check import clipped
from tests.ui.test_meetings_page import make_page
from tests.workflow_world import D

WAIT = 10_000
REASON = "Arnaud refuse le CMP ; suivi par l'infirmière à domicile"


def running(services, world):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(18, 0), duration_minutes=60), [world.nurse.id]
    )
    items = services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    return meeting, items


def test_a_deviation_is_typed_in_live_mode_and_cleared_when_unticked(qtbot, services, world):
    meeting, _items = running(services, world)
    live = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(live)
    live.resize(1024, 768)
    live.show()
    row = live.new_decision()
    type_text(row.what, "Adresser au CMP")
    qtbot.waitUntil(lambda: row.decision_id is not None, timeout=WAIT)
    assert not row.deviation.isVisible()
    qtbot.mouseClick(row.deviation_toggle, Qt.MouseButton.LeftButton)
    assert row.deviation.isVisible() and QApplication.focusWidget() is row.deviation
    type_text(row.deviation, REASON)
    qtbot.waitUntil(
        lambda: services.decisions.get(row.decision_id).difference_reason == REASON, timeout=WAIT
    )
    assert services.decisions.get(row.decision_id).differs_from_proposal is True
    assert clipped(live) == []
    # Another window opened now reads it back.
    other = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(other)
    (shown,) = other.decision_rows
    assert shown.deviation_toggle.isChecked() and shown.deviation.text() == REASON
    other.close()
    # No difference after all: unticked, the reason goes too.
    qtbot.mouseClick(row.deviation_toggle, Qt.MouseButton.LeftButton)
    assert row.flush()
    decision = services.decisions.get(row.decision_id)
    assert decision.differs_from_proposal is None and decision.difference_reason is None


def test_a_deviation_typed_before_the_decision_is_kept(qtbot, services, world):
    meeting, _items = running(services, world)
    live = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(live)
    live.show()
    row = live.new_decision()
    row.deviation_toggle.setChecked(True)
    type_text(row.deviation, "Pas de place au CMP avant deux mois")
    assert row.decision_id is None
    type_text(row.what, "Consultation psychiatrique libérale")
    qtbot.waitUntil(lambda: row.decision_id is not None, timeout=WAIT)
    assert row.flush()
    decision = services.decisions.get(row.decision_id)
    assert decision.difference_reason == "Pas de place au CMP avant deux mois"


def test_the_next_session_sees_the_deviation_with_the_open_actions(qtbot, services, world):
    services.decisions.set_deviation(world.overdue_decision.id, "La sœur est injoignable")
    meeting, _items = running(services, world)
    live = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(live)
    live.show()
    live.go(1)  # the case of the earlier session's action
    assert "Appeler la sœur" in live.open_actions.text()
    assert "écart à la proposition : La sœur est injoignable" in live.open_actions.text()


def test_the_seances_page_shows_the_deviation_column_whole(qtbot, services, world, tasks):
    meeting, items = running(services, world)
    decision = services.decisions.create(
        items[0].id,
        DecisionDraft(
            description="Adresser au CMP pour une réévaluation complète du traitement en cours",
            owner_id=world.psychiatrist.id,
        ),
    )
    services.decisions.set_deviation(decision.id, REASON)
    page = make_page(qtbot, services, tasks, meeting.id)
    page.resize(844, 700)  # the page in a 1024-pixel window
    page.items.select_item(items[0].id)
    QApplication.processEvents()
    table = page.decisions
    header = table.horizontalHeader()
    column = next(
        c
        for c in range(header.count())
        if table.model().headerData(c, Qt.Orientation.Horizontal) == "Écart / raison"
    )
    assert not header.isSectionHidden(column)
    assert table.model().index(0, column).data() == REASON
    assert header.sectionViewportPosition(column) + header.sectionSize(column) <= (
        table.viewport().width() + 1
    )
    assert clipped(page) == []


def test_both_minutes_print_the_deviation(services, world):
    meeting, items = running(services, world)
    decision = services.decisions.create(items[0].id, DecisionDraft(description="Adresser au CMP"))
    services.decisions.set_deviation(decision.id, REASON)
    documents = DocumentService(services.ctx)
    named = Pdf(build_minutes(documents.minutes(meeting.id)))
    assert f"Écart à la proposition : {REASON}" in named.flat
    pseudonymised = Pdf(build_minutes(documents.minutes(meeting.id, pseudonymise=True)))
    assert "Écart à la proposition : [nom] refuse le CMP" in pseudonymised.flat
    assert "Arnaud" not in pseudonymised.flat
