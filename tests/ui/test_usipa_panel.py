"""The USIPA panel and board driven as a user would: include a patient, log contacts from the
panel and from the board, watch the board go from "behind" to "on track", exit with an outcome.
Bad input gets a French message at the field and stores nothing; hostile texts are kept as typed."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from rcp_desktop.models import CaseStatus, UsipaContactKind, UsipaOutcome
from rcp_desktop.services.usipa import ContactDraft, EnrolmentDraft
from rcp_desktop.ui.cases.usipa import (
    EnrolmentDialog,
    UsipaContactDialog,
    UsipaExitDialog,
    UsipaPanel,
)
from rcp_desktop.ui.pages.usipa import BEHIND_COLOR, UsipaPage
from tests.hostile import TEXTS
from tests.ui.keys import type_text
from tests.workflow_world import D

WAIT = 10_000


@pytest.fixture
def panel(qtbot, services, tasks, world):
    widget = UsipaPanel(services, tasks)
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    widget.set_case(world.case_review.id)
    return widget


@pytest.fixture
def board(qtbot, services, tasks):
    page = UsipaPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    return page


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save(qtbot, dialog):
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def set_date(field, text):
    field.clear()
    type_text(field, text)


def answer_yes(qtbot):
    def handle():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def include_through_dialog(qtbot, panel, world, criteria="Crise aiguë, entourage présent."):
    click(qtbot, panel.include_button)
    dialog = panel.dialog
    assert isinstance(dialog, EnrolmentDialog)
    set_date(dialog.inclusion_on, "18/02/2026")
    dialog.intensity.setValue(3)
    type_text(dialog.criteria, criteria)
    dialog.team.check(world.psychiatrist.id)
    dialog.team.check(world.nurse.id)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    return dialog


def log_contact(qtbot, dialog, world, day, note=""):
    set_date(dialog.contact_on, day)
    dialog.professional.set_value(world.nurse.id)
    dialog.kind.set_value(UsipaContactKind.VISIT)
    type_text(dialog.note, note)
    save(qtbot, dialog)


def test_include_log_contacts_board_goes_on_track_then_exit(qtbot, services, world, panel, board):
    assert panel.state.text() == "Ce dossier n'a jamais été inclus en USIPA."
    assert not panel.add_contact_button.isEnabled() and not panel.exit_button.isEnabled()
    assert board.board.source.total() == 0

    # Inclusion, with the intensity and the team checked at the field first.
    click(qtbot, panel.include_button)
    dialog = panel.dialog
    assert isinstance(dialog, EnrolmentDialog)
    set_date(dialog.inclusion_on, "18/02/2026")
    for wrong in (0, 99):
        dialog.intensity.setValue(wrong)
        save(qtbot, dialog)
        assert dialog.message("planned_contacts_per_week") == "Valeur attendue entre 1 et 50."
        assert dialog.message("team") == "Choisissez au moins un professionnel de l'équipe."
    assert services.usipa.enrolments(world.case_review.id) == []
    dialog.intensity.setValue(3)
    dialog.team.check(world.psychiatrist.id)
    dialog.team.check(world.nurse.id)
    assert dialog.team.count.text() == "2 professionnel(s) dans l'équipe"
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    (enrolment,) = services.usipa.enrolments(world.case_review.id)
    assert enrolment.planned_contacts_per_week == 3
    assert panel.state.text() == (
        "En USIPA depuis le 18/02/2026 (J+20) — 0 contact(s) ces 7 derniers jours "
        "pour 3 attendu(s) (3 par semaine)."
    )
    assert not panel.include_button.isEnabled()
    assert "Équipe : Marc Leroy, Sonia Petit" in panel.detail.text()

    # The board: behind, shown in red.
    board.refresh()
    (row,) = board.board.source.records()
    assert row.behind and board.board.source.data(board.board.source.index(0, 0)) == "En retard"
    color = board.board.source.data(
        board.board.source.index(0, 0), Qt.ItemDataRole.ForegroundRole
    ).color()
    assert color == BEHIND_COLOR
    assert (
        board.summary.text()
        == "1 patient(s) en suivi intensif — 1 en retard sur l'intensité prévue"
    )
    assert board.board.source.data(board.board.source.index(0, 3)) == "0 / 3"

    # A contact from the panel: the French messages first.
    click(qtbot, panel.add_contact_button)
    contact = panel.dialog
    assert isinstance(contact, UsipaContactDialog)
    contact.kind.setCurrentIndex(0)
    save(qtbot, contact)
    assert contact.message("professional_id") == "Ce champ est obligatoire."
    assert contact.message("kind") == "Ce champ est obligatoire."
    set_date(contact.contact_on, "11/03/2026")
    contact.professional.set_value(world.nurse.id)
    contact.kind.set_value(UsipaContactKind.PHONE)
    save(qtbot, contact)
    assert contact.message("contact_on") == "La date du contact ne peut pas être dans le futur."
    set_date(contact.contact_on, "17/02/2026")
    save(qtbot, contact)
    assert contact.message("contact_on") == "Ce contact précède l'inclusion en USIPA (18/02/2026)."
    assert services.usipa.get(enrolment.id).contacts == []
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        log_contact(qtbot, contact, world, "05/03/2026", "Entretien à domicile.")
    assert panel.contacts.source.total() == 1

    # Two more from the board: one is not enough, the second puts the patient on track.
    board.refresh()
    board.board.selectRow(0)
    assert board.contacts.source.total() == 1
    click(qtbot, board.add_button)
    quick = board.dialog
    assert isinstance(quick, UsipaContactDialog)
    assert quick.heading.text() == f"ARNAUD Julie — dossier {world.case_review.number}"
    log_contact(qtbot, quick, world, "08/03/2026")
    qtbot.waitUntil(lambda: board.board.source.records()[0].contacts_this_week == 2, timeout=WAIT)
    assert board.board.source.records()[0].behind
    board.board.selectRow(0)
    click(qtbot, board.add_button)
    log_contact(qtbot, board.dialog, world, "10/03/2026")
    qtbot.waitUntil(lambda: not board.board.source.records()[0].behind, timeout=WAIT)
    assert board.board.source.data(board.board.source.index(0, 0)) == "À jour"
    assert board.board.source.data(board.board.source.index(0, 3)) == "3 / 3"
    assert (
        board.board.source.data(board.board.source.index(0, 0), Qt.ItemDataRole.ForegroundRole)
        is None
    )
    assert (
        board.summary.text()
        == "1 patient(s) en suivi intensif — 0 en retard sur l'intensité prévue"
    )
    assert board.board.current_record().enrolment_id == enrolment.id
    assert board.contacts.source.total() == 3
    # The board's title is the page's; the window title is never touched by it.
    assert board.windowTitle() == ""

    # Exit with an outcome, after the refusals.
    panel.reload()
    assert panel.contacts.source.total() == 3
    click(qtbot, panel.exit_button)
    leave = panel.dialog
    assert isinstance(leave, UsipaExitDialog)
    set_date(leave.exit_on, "17/02/2026")
    save(qtbot, leave)
    assert leave.message("exit_on") == "La sortie ne peut pas précéder l'inclusion (18/02/2026)."
    assert leave.message("outcome") == "Ce champ est obligatoire."  # every error at once
    set_date(leave.exit_on, "11/03/2026")
    save(qtbot, leave)
    assert leave.message("exit_on") == "La date de sortie ne peut pas être dans le futur."
    assert leave.message("outcome") == "Ce champ est obligatoire."
    set_date(leave.exit_on, "09/03/2026")
    leave.outcome.set_value(UsipaOutcome.HOSPITALISATION_AVOIDED)
    save(qtbot, leave)
    assert (
        leave.message("exit_on")
        == "Un contact est noté le 10/03/2026 : la sortie ne peut pas le précéder."
    )
    assert services.usipa.get(enrolment.id).exit_on is None
    set_date(leave.exit_on, "10/03/2026")
    type_text(leave.note, "Relais CMP organisé.")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, leave)
    done = services.usipa.get(enrolment.id)
    assert (done.exit_on, done.exit_outcome, done.exit_note) == (
        D,
        UsipaOutcome.HOSPITALISATION_AVOIDED,
        "Relais CMP organisé.",
    )
    assert panel.state.text() == "Pas d'inclusion USIPA en cours."
    assert "Sortie le 10/03/2026 : Hospitalisation évitée" in panel.detail.text()
    assert panel.include_button.isEnabled() and not panel.exit_button.isEnabled()
    board.refresh()
    assert board.board.source.total() == 0 and not board.add_button.isEnabled()


def test_edit_and_delete_a_contact_from_the_panel(qtbot, services, world, panel):
    include_through_dialog(qtbot, panel, world)
    enrolment = services.usipa.active(world.case_review.id)
    services.usipa.add_contact(
        enrolment.id,
        ContactDraft(D - dt.timedelta(days=2), world.nurse.id, UsipaContactKind.VISIT, "Avant"),
    )
    services.usipa.add_contact(
        enrolment.id, ContactDraft(D, world.psychiatrist.id, UsipaContactKind.PHONE)
    )
    panel.reload()
    assert [c.contact_on for c in panel.contacts.source.records()] == [
        D,
        D - dt.timedelta(days=2),
    ]  # latest first
    panel.contacts.selectRow(1)
    click(qtbot, panel.edit_contact_button)
    dialog = panel.dialog
    assert dialog.note.toPlainText() == "Avant"
    set_date(dialog.contact_on, "01/01/2026")
    save(qtbot, dialog)
    assert dialog.message("contact_on") == "Ce contact précède l'inclusion en USIPA (18/02/2026)."
    assert services.usipa.get(enrolment.id).contacts[0].contact_on == D - dt.timedelta(days=2)
    set_date(dialog.contact_on, "09/03/2026")
    dialog.note.clear()
    type_text(dialog.note, "Après")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    assert [(c.contact_on, c.note) for c in services.usipa.get(enrolment.id).contacts] == [
        (D - dt.timedelta(days=1), "Après"),
        (D, None),
    ]
    panel.contacts.selectRow(0)
    answer_yes(qtbot)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        click(qtbot, panel.delete_contact_button)
    assert [c.contact_on for c in services.usipa.get(enrolment.id).contacts] == [
        D - dt.timedelta(days=1)
    ]
    assert panel.contacts.source.total() == 1


def test_a_second_active_enrolment_is_refused_in_french(qtbot, services, world, panel):
    include_through_dialog(qtbot, panel, world)
    assert not panel.include_button.isEnabled()
    assert "notez sa sortie" in panel.include_button.toolTip()
    # A second window still showing the case without the inclusion.
    dialog = EnrolmentDialog(services, world.case_review.id)
    qtbot.addWidget(dialog)
    dialog.team.check(world.nurse.id)
    save(qtbot, dialog)
    assert dialog.summary.text() == (
        "Ce dossier a déjà une inclusion USIPA en cours (depuis le 18/02/2026) : "
        "notez sa sortie avant une nouvelle inclusion."
    )
    assert len(services.usipa.enrolments(world.case_review.id)) == 1


def test_inclusion_dates_checked_at_the_field(qtbot, services, world, panel):
    click(qtbot, panel.include_button)
    dialog = panel.dialog
    dialog.team.check(world.nurse.id)
    for text, message in (
        ("30/02/2026", "Date invalide : jj/mm/aaaa."),
        ("11/03/2026", "La date d'inclusion ne peut pas être dans le futur."),
        ("01/01/2025", "L'inclusion ne peut pas précéder l'ouverture du dossier (10/12/2025)."),
        ("", "Ce champ est obligatoire."),
    ):
        set_date(dialog.inclusion_on, text)
        save(qtbot, dialog)
        assert dialog.message("inclusion_on") == message
    assert services.usipa.enrolments(world.case_review.id) == []


def test_edit_the_enrolment_intensity(qtbot, services, world, panel):
    include_through_dialog(qtbot, panel, world)
    click(qtbot, panel.edit_enrolment_button)
    dialog = panel.dialog
    assert dialog.intensity.value() == 3 and set(dialog.team.selected_ids()) == {
        world.psychiatrist.id,
        world.nurse.id,
    }
    dialog.intensity.setValue(51)
    save(qtbot, dialog)
    assert dialog.message("planned_contacts_per_week") == "Valeur attendue entre 1 et 50."
    dialog.intensity.setValue(5)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    assert services.usipa.active(world.case_review.id).planned_contacts_per_week == 5
    assert "5 par semaine" in panel.state.text()


@pytest.mark.parametrize("sample", sorted(TEXTS))
def test_hostile_texts_through_the_usipa_forms(qtbot, services, world, panel, sample):
    value = TEXTS[sample]
    typed = (
        (lambda widget: widget.setPlainText(value))
        if sample == "long"
        else (lambda w: type_text(w, value))
    )
    click(qtbot, panel.include_button)
    dialog = panel.dialog
    set_date(dialog.inclusion_on, "18/02/2026")
    typed(dialog.criteria)
    dialog.team.check(world.nurse.id)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    click(qtbot, panel.add_contact_button)
    contact = panel.dialog
    contact.professional.set_value(world.nurse.id)
    typed(contact.note)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, contact)
    click(qtbot, panel.exit_button)
    leave = panel.dialog
    leave.outcome.set_value(UsipaOutcome.OTHER)
    typed(leave.note)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, leave)
    (enrolment,) = services.usipa.enrolments(world.case_review.id)
    assert enrolment.inclusion_criteria == value and enrolment.exit_note == value
    assert enrolment.contacts[0].note == value
    assert value in panel.detail.text()
    index = panel.contacts.source.index(0, 3)
    assert panel.contacts.source.data(index, Qt.ItemDataRole.ToolTipRole) == value


def test_set_case_none_empties_the_panel(qtbot, services, world, panel):
    services.usipa.include(world.case_review.id, EnrolmentDraft(D, None, 2, [world.nurse.id]))
    panel.set_case(world.case_review.id)
    assert panel.enrolments.source.total() == 1
    panel.set_case(None)
    assert panel.enrolments.source.total() == 0 and panel.contacts.source.total() == 0
    assert panel.state.text() == "" and panel.detail.text() == ""
    assert not any(
        b.isEnabled()
        for b in (
            panel.include_button,
            panel.exit_button,
            panel.add_contact_button,
            panel.edit_enrolment_button,
        )
    )


def test_a_closed_case_cannot_be_included_from_the_panel(qtbot, services, world, panel):
    services.cases.set_status(world.case_review.id, CaseStatus.CLOSED, reason="Déménagement")
    panel.set_case(world.case_review.id)
    assert not panel.include_button.isEnabled()
    assert (
        panel.include_button.toolTip() == "Dossier clos : rouvrez-le avant une inclusion en USIPA."
    )
