"""The "Événements de santé" tab driven as a user would: note a hospitalisation, see the
field messages for bad input (nothing stored), correct, delete; the readmissions after a USIPA
exit; the tab in the case view, its events on the timeline."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from rcp_desktop.models import OutcomeKind, UsipaOutcome
from rcp_desktop.services.outcomes import OutcomeDraft
from rcp_desktop.services.usipa import EnrolmentDraft, ExitDraft
from rcp_desktop.ui.cases.case_view import CaseView
from rcp_desktop.ui.cases.outcomes import PLAN_NO, OutcomeDialog, OutcomesPanel
from tests.ui.keys import type_text
from tests.ui.test_usipa_panel import answer_yes, click, save, set_date
from tests.workflow_world import D

WAIT = 10_000


@pytest.fixture
def panel(qtbot, services, world):
    widget = OutcomesPanel(services)
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    widget.set_case(world.case_review.id)
    return widget


def cell(table, row, column):
    return table.proxy.index(row, column).data()


def test_note_correct_and_delete_an_event(qtbot, services, world, panel):
    assert panel.summary.text() == "Aucun événement noté."
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    click(qtbot, panel.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, OutcomeDialog)
    # Nothing chosen, a date in the future: messages at the fields, nothing stored.
    set_date(dialog.occurred_on, "11/03/2026")
    save(qtbot, dialog)
    assert dialog.message("kind") == "Ce champ est obligatoire."
    assert dialog.message("occurred_on") == "La date de l'événement ne peut pas être dans le futur."
    assert services.outcomes.of_case(world.case_review.id) == []
    # Only a hospitalisation may be planned: the box follows the kind.
    dialog.kind.set_value(OutcomeKind.CRISIS)
    assert not dialog.planned.isEnabled()
    dialog.kind.set_value(OutcomeKind.HOSPITALISATION)
    assert dialog.planned.isEnabled()
    qtbot.mouseClick(
        dialog.planned, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.planned.height() // 2)
    )
    assert dialog.planned.isChecked()
    set_date(dialog.occurred_on, "02/03/2026")
    dialog.plan_used.setCurrentIndex(dialog.plan_used.findData(PLAN_NO))
    type_text(dialog.note, "Clinique <b>des Tilleuls</b> & CMP")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    (event,) = services.outcomes.of_case(world.case_review.id)
    assert (event.occurred_on, event.kind, event.planned, event.crisis_plan_used) == (
        dt.date(2026, 3, 2),
        OutcomeKind.HOSPITALISATION,
        True,
        False,
    )
    assert event.note == "Clinique <b>des Tilleuls</b> & CMP"
    assert panel.summary.text() == "Hospitalisation : 1 — dernier le 02/03/2026"
    assert [cell(panel.events, 0, c) for c in range(5)] == [
        "02/03/2026",
        "Hospitalisation",
        "Oui",
        "Non",
        "Clinique <b>des Tilleuls</b> & CMP",
    ]

    # Correct it: an emergency visit, no longer planned.
    panel.events.selectRow(0)
    click(qtbot, panel.edit_button)
    dialog = panel.dialog
    assert dialog.planned.isChecked()
    dialog.kind.set_value(OutcomeKind.EMERGENCY_VISIT)
    assert not dialog.planned.isChecked()
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    assert services.outcomes.get(event.id).kind is OutcomeKind.EMERGENCY_VISIT
    assert cell(panel.events, 0, 2) == ""

    # Delete it, after a question.
    panel.events.selectRow(0)
    answer_yes(qtbot)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        click(qtbot, panel.delete_button)
    assert services.outcomes.of_case(world.case_review.id) == []
    assert panel.events.source.total() == 0


def test_readmissions_after_a_usipa_exit(qtbot, services, world, panel):
    assert panel.readmissions_empty.isVisible() and not panel.readmissions.isVisible()
    case = world.case_review
    enrolment = services.usipa.include(
        case.id, EnrolmentDraft(D - dt.timedelta(days=80), None, 3, [world.nurse.id])
    )
    services.usipa.exit(
        enrolment.id, ExitDraft(D - dt.timedelta(days=60), UsipaOutcome.HOSPITALISATION_AVOIDED)
    )
    services.outcomes.add(
        case.id, OutcomeDraft(D - dt.timedelta(days=40), OutcomeKind.HOSPITALISATION)
    )
    panel.reload()
    assert panel.readmissions.isVisible() and not panel.readmissions_empty.isVisible()
    assert [cell(panel.readmissions, 0, c) for c in range(5)] == [
        "09/01/2026",
        "Hospitalisation évitée",
        "Oui",
        "Oui",
        "29/01/2026",
    ]


def test_the_case_view_has_the_tab_and_the_timeline_follows(qtbot, services, tasks, world):
    view = CaseView(services, tasks)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.set_case(world.case_review.id)
    view.tabs.setCurrentWidget(view.outcomes)
    assert view.tabs.tabText(view.tabs.currentIndex()) == "Événements de santé"
    click(qtbot, view.outcomes.add_button)
    dialog = view.outcomes.dialog
    dialog.kind.set_value(OutcomeKind.CRISIS)
    set_date(dialog.occurred_on, "01/03/2026")
    with qtbot.waitSignal(view.changed, timeout=WAIT):
        save(qtbot, dialog)
    qtbot.waitUntil(lambda: not view.timeline.loading, timeout=WAIT)  # read off the GUI thread
    titles = [
        view.timeline.table.proxy.index(r, 2).data()
        for r in range(view.timeline.table.proxy.rowCount())
    ]
    assert "Crise" in titles
