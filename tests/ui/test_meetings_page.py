"""The Séances page and its dialogs, and the Suivi board: bad input gets a French message at
the field and stores nothing; validated minutes lock the page; the agenda model reorders by
drag and drop."""

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from rcp_desktop.models import DecisionStatus, MeetingStatus, Pathway, Presence
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.meetings.agenda import AgendaItemDialog, AgendaModel
from rcp_desktop.ui.meetings.decisions import DecisionDialog, MarkDoneDialog
from rcp_desktop.ui.meetings.planning import MeetingDialog, SeriesDialog
from rcp_desktop.ui.pages.followup import FollowupPage
from rcp_desktop.ui.pages.meetings import MeetingsPage
from tests.ui.keys import type_text
from tests.ui.loading import loaded, select_meeting
from tests.workflow_world import D

WAIT = 10_000


def plan(services, world, day=D, **kw):
    values = dict(
        held_on=day,
        start_time=dt.time(18, 0),
        duration_minutes=60,
        pathway=Pathway.MENTAL_HEALTH,
        animator_id=world.gp.id,
    )
    values.update(kw)
    return services.meetings.plan(MeetingDraft(**values), [world.psychiatrist.id, world.nurse.id])


def make_page(qtbot, services, tasks, meeting_id=None):
    page = MeetingsPage(services, tasks)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    loaded(qtbot, page)
    if meeting_id is not None:
        select_meeting(qtbot, page, meeting_id)
    return page


def save(qtbot, dialog):
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def answer_yes(qtbot):
    def handle():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            yes = next(
                b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.YesRole
            )
            qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


# --- planning ----------------------------------------------------------------------------------


def test_meeting_dialog_shows_errors_at_the_fields(qtbot, services, world):
    dialog = MeetingDialog(services)
    qtbot.addWidget(dialog)
    dialog.held_on.clear()
    type_text(dialog.held_on, "31/02/2026")
    save(qtbot, dialog)
    assert dialog.message("held_on") == "Date invalide : jj/mm/aaaa."
    dialog.held_on.clear()
    type_text(dialog.held_on, "12/03/2026")
    type_text(dialog.video_link, "https://visio.example/rcp")
    dialog.participants.check(world.nurse.id)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    (meeting,) = [s for s in services.meetings.summaries() if s.held_on == dt.date(2026, 3, 12)]
    assert {a.professional_id for a in services.attendance.list(meeting.id)} == {world.nurse.id}


def test_two_edit_dialogs_on_the_same_session(qtbot, services, world):
    meeting = plan(services, world, day=D + dt.timedelta(days=7))
    first, second = MeetingDialog(services, meeting), MeetingDialog(services, meeting)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first.place.setText("Salle A")
    save(qtbot, first)
    second.place.setText("Salle B")
    save(qtbot, second)
    assert "modifié entre-temps" in second.summary.text()
    assert services.meetings.get(meeting.id).place == "Salle A"


def test_series_dialog_preview_and_bad_period(qtbot, services, world):
    dialog = SeriesDialog(services)
    qtbot.addWidget(dialog)
    before = len(services.meetings.summaries())
    dialog.weekly.setChecked(True)
    dialog.interval.setValue(2)
    dialog.weekday.setCurrentIndex(4)
    dialog.series_start.clear()
    type_text(dialog.series_start, "11/03/2026")
    dialog.series_end.clear()
    type_text(dialog.series_end, "10/04/2026")
    dialog.update_preview()
    assert dialog.preview.text() == (
        "Un vendredi toutes les 2 semaines : 3 séance(s) — 13/03/2026, 27/03/2026, 10/04/2026"
    )
    dialog.series_end.clear()
    type_text(dialog.series_end, "01/03/2026")
    save(qtbot, dialog)
    assert dialog.message("series_end") == "La fin de la période ne peut pas précéder son début."
    dialog.series_start.clear()
    type_text(dialog.series_start, "01/02/2026")
    dialog.series_end.clear()
    type_text(dialog.series_end, "30/04/2026")
    save(qtbot, dialog)
    assert dialog.message("series_start") == "Une série ne peut pas commencer dans le passé."
    assert len(services.meetings.summaries()) == before


# --- agenda ------------------------------------------------------------------------------------


def test_agenda_model_drag_and_drop(qtbot, services, world):
    meeting = plan(services, world)
    a, b, c = services.agenda.add_cases(
        meeting.id, [world.case_review.id, world.case_overdue.id, world.case_exception.id]
    )
    page = make_page(qtbot, services, None, meeting.id)
    model: AgendaModel = page.items.source
    assert (
        page.items.dragDropMode() == page.items.DragDropMode.InternalMove
        and page.items.dragEnabled()
    )
    assert model.supportedDropActions() == Qt.DropAction.MoveAction
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    # Drop the first item at the end (row == rowCount).
    model.dropMimeData(
        model.mimeData([model.index(0, 3)]), Qt.DropAction.MoveAction, 3, 0, QModelIndex()
    )
    assert [i.id for i in services.agenda.items(meeting.id)] == [b.id, c.id, a.id]
    # Dropped onto a row (row = -1, parent = that row): goes before it.
    model.dropMimeData(
        model.mimeData([model.index(2, 0)]), Qt.DropAction.MoveAction, -1, -1, model.index(0, 0)
    )
    assert [i.id for i in services.agenda.items(meeting.id)] == [a.id, b.id, c.id]
    # Dropped onto itself: nothing moves; a foreign payload is refused.
    assert (
        model.dropMimeData(
            model.mimeData([model.index(1, 0)]), Qt.DropAction.MoveAction, 1, 0, QModelIndex()
        )
        is False
    )
    assert model.ids() == [a.id, b.id, c.id]
    # Keyboard: "Descendre" on the first one.
    page.items.select_item(a.id)
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert [i.id for i in services.agenda.items(meeting.id)] == [b.id, a.id, c.id]
    assert page.items.current_item().id == a.id


def test_a_refused_reorder_moves_nothing(qtbot, services, world):
    meeting = plan(services, world)
    a, b = services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    page = make_page(qtbot, services, None, meeting.id)
    services.agenda.remove_item(b.id)  # another window changed the agenda meanwhile
    model = page.items.source
    model.dropMimeData(
        model.mimeData([model.index(1, 0)]), Qt.DropAction.MoveAction, 0, 0, QModelIndex()
    )
    assert model.ids() == [a.id, b.id]
    assert "L'ordre du jour a changé entre-temps" in page.message.text()


def test_two_item_dialogs_on_the_same_item(qtbot, services, world):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    meeting = services.meetings.get(meeting.id)
    item = meeting.items[0]
    first = AgendaItemDialog(services, meeting, item)
    second = AgendaItemDialog(services, meeting, item)
    for d in (first, second):
        qtbot.addWidget(d)
    first.minutes.setValue(25)
    save(qtbot, first)
    second.minutes.setValue(5)
    second.question.setPlainText("Autre question")
    save(qtbot, second)
    assert (
        "modifié entre-temps" in second.summary.text()
        and "rien n'a été écrasé" in second.summary.text()
    )
    stored = services.agenda.get_item(item.id)
    assert (stored.planned_minutes, stored.question) == (25, world.case_review.question)


def test_item_dialog_presenter_and_next_review_rules(qtbot, services, world):
    meeting = plan(services, world)
    services.agenda.add_case(meeting.id, world.case_review.id)
    meeting = services.meetings.get(meeting.id)
    dialog = AgendaItemDialog(services, meeting, meeting.items[0])
    qtbot.addWidget(dialog)
    # Inactive professionals are not offered as presenters.
    assert dialog.presenter.findText("Hugo Blanc", Qt.MatchFlag.MatchContains) == -1
    type_text(dialog.next_review, "09/03/2026")
    save(qtbot, dialog)
    assert "postérieure à la séance (10/03/2026)" in dialog.message("next_review_on")
    assert (
        services.cases.get(world.case_review.id).next_review_on == world.case_review.next_review_on
    )


# --- attendance --------------------------------------------------------------------------------


def test_attendance_panel_checks_in_and_shows_the_quorum(qtbot, services, world):
    meeting = plan(services, world)
    page = make_page(qtbot, services, None, meeting.id)
    page.tabs.setCurrentIndex(1)
    panel = page.attendance
    assert panel.source.total() == 3
    assert "Quorum non atteint : 0 profession(s) sur 3" in panel.quorum.text()
    for pro in (world.gp, world.psychiatrist):
        panel.select_professional(pro.id)
        qtbot.mouseClick(panel.present_button, Qt.MouseButton.LeftButton)
    panel.select_professional(world.psychiatrist.id)
    qtbot.mouseClick(panel.mode_button, Qt.MouseButton.LeftButton)
    rows = {a.professional_id: a for a in panel.source.rows()}
    assert rows[world.psychiatrist.id].mode.value == "remote" and rows[
        world.gp.id
    ].arrived_at == dt.time(14, 0)
    panel.select_professional(world.nurse.id)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=WAIT)
    panel.table.setFocus()
    qtbot.keyClick(page.windowHandle(), Qt.Key.Key_E)  # keyboard check-in: E = excusé
    assert {a.professional_id: a.presence for a in services.attendance.list(meeting.id)}[
        world.nurse.id
    ] is Presence.EXCUSED
    assert "Quorum non atteint : 2 profession(s)" in panel.quorum.text()
    panel.select_professional(world.nurse.id)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.source.total() == 2
    panel.select_professional(world.gp.id)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert "pointé présent" in panel.error.text() and panel.source.total() == 2


def test_the_tabs_not_shown_are_built_when_first_shown_with_the_session(
    qtbot, services, world, tasks
):
    """The page opens with the agenda only (it opens faster); the Participants and Addenda tabs
    and the case editor are built when first shown, with what the session holds then."""
    meeting = plan(services, world)
    other = plan(services, world, day=D + dt.timedelta(days=7))
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    page = make_page(qtbot, services, tasks, other.id)
    select_meeting(qtbot, page, meeting.id)  # shown twice before the tabs exist
    assert page._attendance is None and page._addenda is None and page._item_editor is None
    assert page.attendance_tab.findChildren(QPushButton) == []
    page.tabs.setCurrentIndex(1)
    assert page._attendance is not None and page.attendance.isVisible()
    assert page.attendance.meeting_id == meeting.id and page.attendance.source.total() == 3
    assert page.attendance.present_button.isEnabled()
    page.tabs.setCurrentIndex(2)
    assert page.addenda.isVisible() and page.addenda.toPlainText() == "Aucun addendum."
    assert not page.addendum_button.isEnabled()  # not validated
    page.tabs.setCurrentIndex(0)
    assert page.items.select_item(item.id)
    assert page.item_editor.isVisible() and not page.item_editor.is_editable()  # planned
    page.items.clearSelection()
    page.items.setCurrentIndex(QModelIndex())
    assert not page.item_editor.isVisible()


# --- lock after validation ------------------------------------------------------------------------


def test_validated_minutes_lock_the_page_and_take_addenda(qtbot, services, world, tasks):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    services.meetings.start(meeting.id)
    services.decisions.create(
        item.id,
        DecisionDraft(
            description="Bilan", owner_id=world.nurse.id, due_on=D + dt.timedelta(days=10)
        ),
    )
    services.meetings.close(meeting.id)
    page = make_page(qtbot, services, tasks, meeting.id)
    assert page.validate_action.isEnabled() and not page.addendum_action.isEnabled()
    answer_yes(qtbot)
    page.validate_action.trigger()
    assert services.meetings.get(meeting.id).status is MeetingStatus.VALIDATED
    assert page.loading and not page.validate_action.isEnabled()  # no action on a stale session
    loaded(qtbot, page)
    assert page.lock_banner.isVisible() and "verrouillée" in page.lock_banner.text()
    for action in (
        page.edit_action,
        page.delete_action,
        page.live_action,
        page.close_action,
        page.validate_action,
    ):
        assert not action.isEnabled()
    for button in (page.propose_button, page.add_item_button, page.attendance.present_button):
        assert not button.isEnabled()
    model = page.items.source
    assert not (model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled)
    # A decision of validated minutes: only its follow-up can change.
    page.items.select_item(item.id)
    page.decisions.selectRow(0)
    page.edit_decision()
    dialog = page.dialog
    assert (
        isinstance(dialog, DecisionDialog)
        and dialog.lock_note.isVisible()
        and not dialog.description.isEnabled()
    )
    dialog.reject()
    # The correction is a dated addendum; the original stays.
    page.addendum_action.trigger()
    addendum = page.dialog
    save(qtbot, addendum)
    assert addendum.message("text") == "Ce champ est obligatoire."
    type_text(addendum.text, "Le Dr Leroy était présent à distance.")
    save(qtbot, addendum)
    qtbot.waitUntil(
        lambda: "Le Dr Leroy était présent à distance." in page.addenda.toPlainText(), timeout=WAIT
    )
    assert "Addendum du 10/03/2026 14:00 (Dr Test)" in page.addenda.toPlainText()


def test_delete_a_planned_session_after_confirmation(qtbot, services, world, tasks):
    meeting = plan(services, world, day=D + dt.timedelta(days=3))
    page = make_page(qtbot, services, tasks, meeting.id)
    answer_yes(qtbot)
    page.delete_action.trigger()
    assert meeting.id not in {s.id for s in services.meetings.summaries()}


def test_starting_a_session_on_another_day_asks_first(qtbot, services, world, tasks):
    meeting = plan(services, world, day=D + dt.timedelta(days=3))
    services.agenda.add_case(meeting.id, world.case_review.id)
    page = make_page(qtbot, services, tasks, meeting.id)

    def answer_no():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            assert "prévue le 13/03/2026" in box.text()
            no = next(
                b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.NoRole
            )
            qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, answer_no)

    QTimer.singleShot(20, answer_no)
    assert page.open_live() is None
    assert services.meetings.get(meeting.id).status is MeetingStatus.PLANNED
    answer_yes(qtbot)
    live = page.open_live()
    assert (
        live is not None and services.meetings.get(meeting.id).status is MeetingStatus.IN_PROGRESS
    )
    live.close()


# --- Suivi -------------------------------------------------------------------------------------------


def test_suivi_filters_and_marks_done_with_french_errors(qtbot, services, world, tasks):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    services.meetings.start(meeting.id)
    services.decisions.create(
        item.id,
        DecisionDraft(
            description="Bilan infirmier", owner_id=world.nurse.id, due_on=D + dt.timedelta(days=5)
        ),
    )
    services.decisions.create(
        item.id, DecisionDraft(description="Sans responsable", due_on=D + dt.timedelta(days=40))
    )
    page = FollowupPage(services, tasks)
    qtbot.addWidget(page)
    page.show()
    settled = lambda: qtbot.waitUntil(lambda: not page.loading, timeout=WAIT)
    page.refresh()
    settled()
    assert page.table.source.total() == 3 and page.count.text() == "3 action(s)"
    page.scope.setCurrentIndex(2)  # due within 14 days: the overdue one and "Bilan infirmier"
    settled()
    assert {d.description for d in page.table.source.records()} == {
        "Appeler la sœur, personne de confiance",
        "Bilan infirmier",
    }
    page.scope.setCurrentIndex(0)
    settled()
    page.owner.setCurrentIndex(page.owner.findData(-1))
    settled()
    assert [d.description for d in page.table.source.records()] == ["Sans responsable"]
    page.owner.setCurrentIndex(0)
    settled()
    page.pathway.set_value(Pathway.TND)
    settled()
    assert page.table.source.total() == 0
    page.pathway.set_value(None)
    settled()
    (pathway_row,) = page.by_pathway.source.records()
    assert (pathway_row.open, pathway_row.overdue) == (3, 1)
    # In progress, then done with a completion note.
    target = next(d for d in page.table.source.records() if d.description == "Bilan infirmier")
    page.table.select_id(target.id)
    qtbot.mouseClick(page.progress_button, Qt.MouseButton.LeftButton)
    settled()
    assert services.decisions.get(target.id).status is DecisionStatus.IN_PROGRESS
    page.table.select_id(target.id)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, MarkDoneDialog)
    dialog.completed_on.clear()
    type_text(dialog.completed_on, "11/03/2026")
    dialog.differs.setChecked(True)
    save(qtbot, dialog)
    assert (
        dialog.message("completed_on") == "La date de réalisation ne peut pas être dans le futur."
    )
    assert "Expliquez" in dialog.message("difference_reason")
    assert services.decisions.get(target.id).status is DecisionStatus.IN_PROGRESS
    dialog.completed_on.clear()
    type_text(dialog.completed_on, "10/03/2026")
    type_text(dialog.reason, "Passage fait par le SSIAD, l'infirmière libérale étant absente.")
    save(qtbot, dialog)
    qtbot.waitUntil(
        lambda: target.id not in {d.id for d in page.table.source.records()}, timeout=WAIT
    )
    done = services.decisions.get(target.id)
    assert done.status is DecisionStatus.DONE and done.differs_from_proposal
    assert done.difference_reason.startswith("Passage fait par le SSIAD")


def test_decision_dialog_refuses_a_due_date_before_the_session(qtbot, services, world):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    services.meetings.start(meeting.id)
    dialog = DecisionDialog(
        services, services.agenda.get_item(item.id), meeting_status=MeetingStatus.IN_PROGRESS
    )
    qtbot.addWidget(dialog)
    type_text(dialog.description, "Bilan")
    type_text(dialog.due_on, "01/03/2026")
    save(qtbot, dialog)
    assert dialog.message("due_on") == "L'échéance ne peut pas précéder la séance (10/03/2026)."
    assert services.agenda.get_item(item.id).decisions == []
    assert dialog.owner.findText("Hugo Blanc", Qt.MatchFlag.MatchContains) == -1


def test_invite_from_the_directory_and_a_walk_in(qtbot, services, world, tasks):
    meeting = plan(services, world)
    page = make_page(qtbot, services, tasks, meeting.id)
    page.tabs.setCurrentIndex(1)
    panel = page.attendance
    qtbot.mouseClick(panel.invite_button, Qt.MouseButton.LeftButton)
    invite = QApplication.activeModalWidget()
    assert invite.windowTitle() == "Inviter des participants"
    # Inactive professionals are not offered; those already invited are hidden.
    texts = [
        invite.selector.list.item(i).text()
        for i in range(invite.selector.list.count())
        if not invite.selector.list.item(i).isHidden()
    ]
    assert not any("Blanc" in t for t in texts) and not any("Leroy" in t for t in texts)
    invite.selector.check(world.psychologist.id)
    save(qtbot, invite)
    qtbot.waitUntil(lambda: panel.source.total() == 4, timeout=WAIT)
    qtbot.mouseClick(panel.walk_in_button, Qt.MouseButton.LeftButton)
    walk_in = QApplication.activeModalWidget()
    save(qtbot, walk_in)
    assert walk_in.summary.text() == "Choisissez un professionnel."
    walk_in.picker.set_value(world.social_worker.id)
    save(qtbot, walk_in)
    qtbot.waitUntil(lambda: panel.source.total() == 5, timeout=WAIT)
    row = next(a for a in panel.source.rows() if a.professional_id == world.social_worker.id)
    assert row.presence is Presence.PRESENT and not row.invited


def test_proposals_tick_what_fits_and_warn_when_the_agenda_is_longer(qtbot, services, world, tasks):
    meeting = plan(services, world, duration_minutes=20)
    page = make_page(qtbot, services, tasks, meeting.id)
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    ticked = dialog.checked_case_ids()
    assert len(ticked) == 1 and "15 min prévues pour 20 min de séance" in dialog.total.text()
    # The case without consent cannot be ticked at all.
    row = next(r for r, p in enumerate(dialog.proposals) if p.case_id == world.case_no_consent.id)
    assert not dialog.table.item(row, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    other = next(p.case_id for p in dialog.proposals if p.has_consent and p.case_id not in ticked)
    dialog.set_checked(other, True)
    assert "Dépassement de 10 min" in dialog.total.text()
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.items.source.total() == 2, timeout=WAIT)
    assert "L'ordre du jour dépasse la séance de 10 min" in page.timing.text()
    summary = next(s for s in page.meetings.source.records() if s.id == meeting.id)
    assert summary.overrun_minutes == 10
