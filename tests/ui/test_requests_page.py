"""The Demandes page, driven through its widgets: the blank form saved, a filled form imported,
a request typed in, triage (accept with a session proposed, ask for more, refuse); broken and
hostile input gets a French message and changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from rcp_desktop.models import RequestStatus
from rcp_desktop.services.cases import TimelineKind
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.pages.requests import RequestsPage
from rcp_desktop.ui.requests.dialogs import AcceptDialog, AnswerDialog, RequestDialog
from tests.request_forms import GOOD, filled_form, jeanne_lefevre_with_an_open_case

WAIT = 10_000


def make_page(qtbot, services, tasks):
    page = RequestsPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.refresh()
    return page


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_radio(qtbot, button):
    """A click on a radio button's circle (the button spans the whole row)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def save(qtbot, dialog):
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def open_dialog(qtbot, page, button, cls):
    click(qtbot, button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, cls) and page.dialog.isVisible(), timeout=WAIT)
    return page.dialog


def import_through_the_button(qtbot, page, monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click(qtbot, page.import_button)


def test_blank_form_saved_from_the_page(qtbot, services, tasks, tmp_path, monkeypatch):
    page = make_page(qtbot, services, tasks)
    out = tmp_path / "formulaire.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, page.blank_button)
    qtbot.waitUntil(lambda: "Formulaire vierge enregistré" in page.message.text(), timeout=WAIT)
    fields = pypdf.PdfReader(io.BytesIO(out.read_bytes())).get_fields()
    assert {"referrer_name", "birth_name", "question", "consent_obtained"} <= set(fields)


def test_import_then_accept_with_a_session_proposed(qtbot, services, tasks, tmp_path, monkeypatch):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=dt.date(2026, 3, 24), start_time=dt.time(13, 0))
    )
    path = tmp_path / "demande.pdf"
    path.write_bytes(filled_form(GOOD))
    page = make_page(qtbot, services, tasks)
    assert page.table.source.total() == 0 and not page.accept_button.isEnabled()
    import_through_the_button(qtbot, page, monkeypatch, path)
    qtbot.waitUntil(lambda: page.table.source.total() == 1, timeout=WAIT)
    assert "enregistrée" in page.message.text()
    assert "1 demande(s) en attente" in page.summary.text()
    detail = page.detail.toPlainText()
    assert "Nom de naissance : Lefèvre" in detail and "Quelles aides ?" in detail
    assert "Urgence : Dans le mois" in detail
    click(qtbot, page.form_button)  # the form as received, previewed from memory
    qtbot.waitUntil(lambda: len(page.generator.previews) == 1, timeout=WAIT)
    preview = page.generator.previews[0]
    assert preview.isVisible() and "D2026-0001" in preview.windowTitle()
    preview.close()
    dialog = open_dialog(qtbot, page, page.accept_button, AcceptDialog)
    assert dialog.new_patient.isChecked()  # nobody of that identity in the base
    assert dialog.meeting.currentData() == meeting.id
    qtbot.keyClicks(dialog.reply, "Inscription le 24 mars.")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "acceptée : dossier" in page.message.text(), timeout=WAIT)
    assert page.table.source.total() == 0  # the queue shows the waiting ones
    request = services.requests.list()[0]
    assert request.status is RequestStatus.ACCEPTED
    case = services.cases.get(request.case_id)
    assert case.next_review_on == meeting.held_on
    kinds = [e.kind for e in services.cases.timeline(case.id)]
    assert kinds.count(TimelineKind.REQUEST) == 2
    page.show_filter.setCurrentIndex(1)
    assert page.table.source.total() == 1
    page.table.selectRow(0)
    assert f"Dossier ouvert : {case.number}" in page.detail.toPlainText()
    assert not page.accept_button.isEnabled()


def test_a_corrupt_or_foreign_pdf_gets_a_french_message(
    qtbot, services, tasks, tmp_path, monkeypatch
):
    page = make_page(qtbot, services, tasks)
    broken = tmp_path / "casse.pdf"
    broken.write_bytes(filled_form(GOOD)[:2000])
    import_through_the_button(qtbot, page, monkeypatch, broken)
    qtbot.waitUntil(lambda: "endommagé" in page.message.text(), timeout=WAIT)
    partial = tmp_path / "partiel.pdf"
    partial.write_bytes(filled_form(dict(GOOD, birth_name="<script>x</script>", question="")))
    import_through_the_button(qtbot, page, monkeypatch, partial)
    qtbot.waitUntil(lambda: "rien n'a été enregistré" in page.message.text(), timeout=WAIT)
    assert "Question posée à la RCP : Ce champ est obligatoire" in page.message.text()
    assert services.requests.list() == [] and page.table.source.total() == 0


def test_type_a_request_with_hostile_input_then_fix_it(qtbot, services, tasks):
    page = make_page(qtbot, services, tasks)
    dialog = open_dialog(qtbot, page, page.type_button, RequestDialog)
    w = dialog.widgets
    qtbot.keyClicks(w["referrer_name"], "Dr Paul Roux")
    qtbot.keyClicks(w["birth_name"], "<b>Morel</b>")
    qtbot.keyClicks(w["first_names"], "Lucas")
    qtbot.keyClicks(w["birth_date"], "01/06/2018")
    w["sex"].setCurrentIndex(w["sex"].findText("Masculin"))
    w["pathway"].setCurrentIndex(w["pathway"].findText("TND (troubles du neurodéveloppement)"))
    w["question"].setPlainText("x" * 10_000)
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "Caractères refusés" in dialog.message("birth_name")
    assert "5000 caractères au plus" in dialog.message("question")
    assert services.requests.list() == []
    w["birth_name"].clear()
    qtbot.keyClicks(w["birth_name"], "Morel")
    w["question"].setPlainText("Orientation vers la PCO ?")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.table.source.total() == 1, timeout=WAIT)
    request = services.requests.list()[0]
    assert request.birth_name == "Morel" and request.pathway.value == "tnd"


def test_ask_for_more_then_complete_then_refuse(qtbot, services, tasks, tmp_path, monkeypatch):
    path = tmp_path / "demande.pdf"
    path.write_bytes(filled_form(GOOD))
    page = make_page(qtbot, services, tasks)
    import_through_the_button(qtbot, page, monkeypatch, path)
    qtbot.waitUntil(lambda: page.table.source.total() == 1, timeout=WAIT)
    dialog = open_dialog(qtbot, page, page.more_button, AnswerDialog)
    save(qtbot, dialog)  # nothing typed: refused at the field
    assert dialog.isVisible() and "obligatoire" in dialog.message("answer")
    qtbot.keyClicks(dialog.text, "Merci de donner le traitement en cours.")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Complément demandé" in page.detail.toPlainText(), timeout=WAIT)
    dialog = open_dialog(qtbot, page, page.edit_button, RequestDialog)
    qtbot.keyClicks(dialog.widgets["synthesis_organic"], " Traitement : alendronate.")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Demande complétée" in page.detail.toPlainText(), timeout=WAIT)
    dialog = open_dialog(qtbot, page, page.refuse_button, AnswerDialog)
    qtbot.keyClicks(dialog.text, "Situation relevant du DAC.")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.table.source.total() == 0, timeout=WAIT)
    request = services.requests.list()[0]
    assert request.status is RequestStatus.REFUSED and request.case_id is None


def test_accept_into_the_open_case_of_a_known_patient(
    qtbot, services, tasks, tmp_path, monkeypatch
):
    patient, case = jeanne_lefevre_with_an_open_case(services)
    path = tmp_path / "demande.pdf"
    path.write_bytes(filled_form(GOOD))
    page = make_page(qtbot, services, tasks)
    import_through_the_button(qtbot, page, monkeypatch, path)
    qtbot.waitUntil(lambda: page.table.source.total() == 1, timeout=WAIT)
    dialog = open_dialog(qtbot, page, page.accept_button, AcceptDialog)
    # The known patient is proposed first, and their open case.
    assert dialog.patient_choice.checkedId() == patient.id
    assert [dialog.case.itemData(i) for i in range(dialog.case.count())] == [None, case.id]
    dialog.case.setCurrentIndex(1)
    click_radio(qtbot, dialog.new_patient)
    assert dialog.new_patient.isChecked()
    assert dialog.case.count() == 1  # a new patient: a new case
    click_radio(qtbot, dialog.patient_choice.button(patient.id))
    dialog.case.setCurrentIndex(1)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.table.source.total() == 0, timeout=WAIT)
    assert services.requests.list()[0].case_id == case.id
    assert len(services.cases.list(patient_id=patient.id)) == 1
