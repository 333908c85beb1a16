"""A whole meeting through the real widgets: plan, propose the agenda, check in until quorum,
go through the cases in live mode with the keyboard, record decisions, close the session,
then find the actions on the Suivi board and on the next session's proposed agenda."""

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from rcp_desktop.models import MeetingStatus, Pathway, Triage
from rcp_desktop.ui.live.window import LiveMeetingWindow
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.meetings.agenda import AgendaItemDialog, ProposalsDialog
from rcp_desktop.ui.meetings.attendance import AttendanceDialog
from rcp_desktop.ui.meetings.decisions import MarkDoneDialog
from rcp_desktop.ui.meetings.planning import MeetingDialog, SeriesDialog
from rcp_desktop.ui.pages.followup import FollowupPage
from rcp_desktop.ui.pages.meetings import MeetingsPage
from tests.ui.keys import type_text
from tests.ui.loading import loaded, select_meeting
from tests.workflow_world import D

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT = 10_000


def make_window(qtbot, services, tasks):
    window = MainWindow(services, tasks, protection="test")
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    return window


def activate(qtbot, widget):
    """Dialogs come and go: make the window active again before using its shortcuts."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=WAIT)


def save(qtbot, dialog):
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def tick(qtbot, selector, text):
    """Find a professional by typing in the filter, then tick them with the space bar."""
    selector.filter.clear()
    type_text(selector.filter, text)
    visible = [
        selector.list.item(i)
        for i in range(selector.list.count())
        if not selector.list.item(i).isHidden()
    ]
    assert len(visible) == 1, [i.text() for i in visible]
    selector.list.setCurrentItem(visible[0])
    qtbot.keyClick(selector.list, Qt.Key.Key_Space)
    assert visible[0].checkState() == Qt.CheckState.Checked


def choose(qtbot, picker, text):
    """Pick a professional in a picker by typing their name, as a user does."""
    picker.lineEdit().clear()
    type_text(picker.lineEdit(), text)
    assert picker.value() is not None, text


def stored_items(services, meeting_id):
    return services.agenda.items(meeting_id)


@pytest.mark.slow
def test_a_whole_meeting(qtbot, services, tasks, world):
    window = make_window(qtbot, services, tasks)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_2, CTRL)
    page = window.page(MeetingsPage)
    assert window.current_page() is page
    before = {s.id for s in services.meetings.summaries()}

    # --- 1. Plan: a date in the past is refused at the field, then today 18:00 ----------------
    page.plan_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, MeetingDialog) and dialog.isVisible()
    # One earlier session, no series: the date proposed is the next working day.
    assert dialog.held_on.text() == "11/03/2026"
    dialog.held_on.clear()
    type_text(dialog.held_on, "01/03/2026")
    dialog.start_time.setTime(dialog.start_time.time().fromString("18:00", "HH:mm"))
    dialog.duration.setValue(60)
    type_text(dialog.place, "MSP du Val d'Orge, salle 1")
    dialog.pathway.set_value(Pathway.MENTAL_HEALTH)
    type_text(dialog.theme, "RCPT santé mentale")
    choose(qtbot, dialog.animator, "Claire Dupont — Médecin généraliste")
    for name in ("Leroy", "Petit", "Moreau", "Garnier"):
        tick(qtbot, dialog.participants, name)
    save(qtbot, dialog)
    assert dialog.message("held_on") == "Une séance planifiée ne peut pas être dans le passé."
    assert {s.id for s in services.meetings.summaries()} == before
    dialog.held_on.clear()
    type_text(dialog.held_on, D.strftime("%d/%m/%Y"))
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    loaded(qtbot, page)
    (meeting_id,) = {s.id for s in services.meetings.summaries()} - before
    assert page.current_meeting_id() == meeting_id
    assert page.attendance.source.total() == 5

    # --- 2. Agenda: proposals with reasons; consent rule; triage; timing; drag and drop -------
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    proposals = page.dialog
    assert isinstance(proposals, ProposalsDialog)
    why = {p.number: p.why for p in proposals.proposals}
    assert "révision prévue le 08/03/2026" in why[world.case_review.number]
    assert "action(s) en retard" in why[world.case_overdue.number]
    assert "consentement manquant" in why[world.case_no_consent.number]
    assert set(proposals.checked_case_ids()) == {world.case_review.id, world.case_overdue.id}
    save(qtbot, proposals)
    qtbot.waitUntil(lambda: page.items.source.total() == 2, timeout=WAIT)

    qtbot.mouseClick(page.add_item_button, Qt.MouseButton.LeftButton)
    add = page.dialog
    assert isinstance(add, AgendaItemDialog)
    assert add.select_case(world.case_no_consent.id)
    save(qtbot, add)
    assert "consentement du patient" in add.summary.text() and "L1110-4" in add.summary.text()
    assert add.isVisible() and len(stored_items(services, meeting_id)) == 2
    assert add.select_case(world.case_exception.id)
    add.minutes.setValue(40)
    save(qtbot, add)
    qtbot.waitUntil(lambda: page.items.source.total() == 3, timeout=WAIT)
    assert "dépasse la séance de 10 min" in page.timing.text()

    # The third case will only be listed: the standard answer is required, then 10 minutes.
    assert page.items.select_item(page.items.source.ids()[2])
    qtbot.mouseClick(page.edit_item_button, Qt.MouseButton.LeftButton)
    edit = page.dialog
    edit.triage.set_value(Triage.LISTED)
    save(qtbot, edit)
    assert "réponse standard" in edit.message("standard_answer")
    type_text(edit.standard_answer, "Poursuite du plan en cours, sans changement.")
    edit.minutes.setValue(10)
    save(qtbot, edit)
    qtbot.waitUntil(lambda: not edit.isVisible(), timeout=WAIT)
    loaded(qtbot, page)
    assert "dépasse" not in page.timing.text() and "40 min sur 60" in page.timing.text()

    # Drag and drop: move the overdue case before the review case.
    model = page.items.source
    ids = model.ids()
    overdue_row = next(r for r, i in enumerate(model.items()) if i.case_id == world.case_overdue.id)
    mime = model.mimeData([model.index(overdue_row, 0)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    order = [i.case_id for i in stored_items(services, meeting_id)]
    assert order == [world.case_overdue.id, world.case_review.id, world.case_exception.id]
    assert model.ids() != ids and [i.position for i in model.items()] == [1, 2, 3]

    # --- 3. Check in two people: no quorum yet ------------------------------------------------
    page.tabs.setCurrentIndex(1)
    panel = page.attendance
    assert panel.select_professional(world.gp.id)
    qtbot.mouseClick(panel.present_button, Qt.MouseButton.LeftButton)
    assert panel.select_professional(world.psychiatrist.id)
    activate(qtbot, window)
    panel.table.setFocus()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_P)  # keyboard check-in
    assert panel.select_professional(world.social_worker.id)
    qtbot.mouseClick(panel.excused_button, Qt.MouseButton.LeftButton)
    assert "Quorum non atteint : 2 profession(s) sur 3" in panel.quorum.text()

    # --- 4. Live mode, driven from the keyboard ------------------------------------------------
    page.tabs.setCurrentIndex(0)
    activate(qtbot, window)
    page.items.setFocus()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.live_window is not None, timeout=WAIT)
    live: LiveMeetingWindow = loaded(qtbot, page.live_window)  # read off the GUI thread
    activate(qtbot, live)
    assert live.windowTitle() == "Mode séance — rcp-desktop"
    assert services.meetings.get(meeting_id).status is MeetingStatus.IN_PROGRESS
    assert "Dossier 1 / 3" in live.counter.text()
    assert "Appeler la sœur" in live.open_actions.text()  # open action from the earlier session
    assert "Quorum non atteint" in live.quorum.text()
    assert "Alt+→ : dossier suivant" in live.help.text()
    assert "Ctrl+N : décision" in live.help.text()

    def key(k, mod=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(live.windowHandle(), k, mod)

    key(Qt.Key.Key_F2)
    assert QApplication.focusWidget() is live.notes
    type_text(live.notes, "La sœur n'a pas été jointe ; le patient refuse le CMP.")
    first_item = live.item.id
    qtbot.waitUntil(
        lambda: (
            services.agenda.get_item(first_item).discussion_notes
            == "La sœur n'a pas été jointe ; le patient refuse le CMP."
        ),
        timeout=WAIT,
    )
    key(Qt.Key.Key_N, CTRL)
    row = live.decision_rows[-1]
    assert QApplication.focusWidget() is row.what
    type_text(row.what, "Rappeler la sœur avec le patient")
    qtbot.waitUntil(lambda: row.decision_id is not None, timeout=WAIT)
    choose(qtbot, row.owner, "Sonia Petit — Infirmier")
    type_text(row.due, "01/03/2026")  # before the session: refused at the field
    qtbot.waitUntil(lambda: "précéder la séance" in row.error.text(), timeout=WAIT)
    row.due.clear()
    type_text(row.due, "24/03/2026")
    qtbot.waitUntil(
        lambda: services.decisions.get(row.decision_id).due_on == dt.date(2026, 3, 24), timeout=WAIT
    )
    assert services.decisions.get(row.decision_id).owner_id == world.nurse.id
    # Discussed before the quorum: flagged once we leave the case.
    key(Qt.Key.Key_PageDown, CTRL)
    loaded(qtbot, live)
    assert "Dossier 2 / 3" in live.counter.text()
    assert services.agenda.get_item(first_item).quorum_met is False
    assert "sans quorum" in live.agenda_list.item(0).text()

    # The nurse arrives: check her in from the live screen (Ctrl+P).
    key(Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), AttendanceDialog), timeout=WAIT
    )
    attendance = QApplication.activeModalWidget()
    assert attendance.panel.select_professional(world.nurse.id)
    qtbot.mouseClick(attendance.panel.present_button, Qt.MouseButton.LeftButton)
    assert "Quorum atteint : 3 professions" in attendance.panel.quorum.text()
    attendance.reject()
    qtbot.waitUntil(lambda: "Quorum atteint" in live.quorum.text(), timeout=WAIT)
    activate(qtbot, live)

    second_item = live.item.id
    key(Qt.Key.Key_F2)
    type_text(live.notes, "Réévaluation à six semaines.")
    type_text(live.next_review, "21/04/2026")
    key(Qt.Key.Key_N, CTRL)
    row2 = live.decision_rows[-1]
    type_text(row2.what, "Adresser au CMP pour réévaluation")
    qtbot.waitUntil(lambda: row2.decision_id is not None, timeout=WAIT)
    choose(qtbot, row2.owner, "Marc Leroy — Psychiatre")
    type_text(row2.due, "31/03/2026")
    qtbot.waitUntil(
        lambda: (
            services.decisions.get(row2.decision_id).due_on == dt.date(2026, 3, 31)
            and services.cases.get(world.case_review.id).next_review_on == dt.date(2026, 4, 21)
        ),
        timeout=WAIT,
    )

    # Pseudonymised display: no identity left on the projected view.
    key(Qt.Key.Key_I, CTRL)
    position = live.agenda_cursor.index
    assert live.case_title.text() == f"Situation {'ABC'[position]}"  # its label, not its number
    shown = " ".join(
        [label.text() for label in live.findChildren(QLabel)]
        + [live.agenda_list.item(i).text() for i in range(live.agenda_list.count())]
    )
    for name in ("ARNAUD", "BERTIN", "DELMAS", "Julie", "Louise", world.case_review.number):
        assert name not in shown

    key(Qt.Key.Key_PageUp, CTRL)
    loaded(qtbot, live)
    assert live.item.id == first_item and "Rappeler la sœur" in live.decision_rows[0].what.text()
    key(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    key(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # held until the first move ends
    loaded(qtbot, live)
    assert "Dossier 3 / 3" in live.counter.text() and "Listé, non discuté" in live.listed.text()
    assert services.agenda.get_item(second_item).quorum_met is True
    key(Qt.Key.Key_W, CTRL)
    qtbot.waitUntil(lambda: page.live_window is None, timeout=WAIT)
    loaded(qtbot, page)  # the session is read again once live mode is left

    # --- 5. Close the session ------------------------------------------------------------------
    activate(qtbot, window)
    page.close_action.trigger()
    loaded(qtbot, page)
    closed = services.meetings.get(meeting_id)
    assert closed.status is MeetingStatus.HELD and closed.quorum_met is True
    assert "Tenue" in page.header.text()
    flags = {i.case_id: i.quorum_met for i in closed.items}
    assert flags[world.case_overdue.id] is False and flags[world.case_review.id] is True
    assert "sans quorum" in page.items.source.data(page.items.source.index(0, 8))

    # --- 6. The actions on the Suivi board; mark one done from there ---------------------------
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_3, CTRL)
    assert window.current_page() is window.page(FollowupPage)
    suivi = window.page(FollowupPage)
    qtbot.waitUntil(lambda: not suivi.loading, timeout=WAIT)  # loaded off the GUI thread
    descriptions = [d.description for d in suivi.table.source.records()]
    assert {
        "Rappeler la sœur avec le patient",
        "Adresser au CMP pour réévaluation",
        "Appeler la sœur, personne de confiance",
    } <= set(descriptions)
    owners = {g.label: (g.open, g.overdue) for g in suivi.by_owner.source.records()}
    assert owners["Sonia Petit"] == (2, 1) and owners["Marc Leroy"] == (1, 0)
    suivi.owner.setCurrentIndex(suivi.owner.findData(world.nurse.id))
    qtbot.waitUntil(lambda: not suivi.loading, timeout=WAIT)
    assert {d.owner_id for d in suivi.table.source.records()} == {world.nurse.id}
    old = next(
        d for d in suivi.table.source.records() if d.description.startswith("Appeler la sœur")
    )
    assert suivi.table.select_id(old.id)
    qtbot.mouseClick(suivi.done_button, Qt.MouseButton.LeftButton)
    done = suivi.dialog
    assert isinstance(done, MarkDoneDialog)
    type_text(done.note, "Jointe le 09/03")
    save(qtbot, done)
    qtbot.waitUntil(
        lambda: old.id not in {d.id for d in suivi.table.source.records()}, timeout=WAIT
    )
    assert services.decisions.get(old.id).completed_on == D

    # --- 7. The next sessions (a series), and what their agenda proposes ----------------------
    activate(qtbot, window)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_2, CTRL)
    page.series_action.trigger()
    series = page.dialog
    assert isinstance(series, SeriesDialog)
    series.series_start.clear()
    type_text(series.series_start, "11/03/2026")
    series.series_end.clear()
    type_text(series.series_end, "30/06/2026")
    series.pathway.set_value(Pathway.MENTAL_HEALTH)
    series.update_preview()
    assert (
        "Le deuxième mardi du mois : 3 séance(s) — 14/04/2026, 12/05/2026, 09/06/2026"
        in series.preview.text()
    )
    save(qtbot, series)
    qtbot.waitUntil(lambda: not series.isVisible(), timeout=WAIT)
    loaded(qtbot, page)
    april = next(s for s in services.meetings.summaries() if s.held_on == dt.date(2026, 4, 14))
    select_meeting(qtbot, page, april.id)
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    proposals = page.dialog
    why = {p.case_id: p.why for p in proposals.proposals}
    assert "Rappeler la sœur avec le patient" in why[world.case_overdue.id]
    assert "Adresser au CMP" in " ".join(why.values())
    assert world.case_exception.id not in why
    proposals.reject()
