"""The Dossiers page through its real widgets: create a patient (with the duplicate prompt),
edit one (and the conflict with another window), consent and withdrawal, open a case, change
its status and close it, attachments (add, view from memory, save, delete), the timeline, and
search as you type."""

import datetime as dt
import io

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from rcp_desktop.domain.identifiers import nir_key
from rcp_desktop.models import (
    Attachment,
    CaseStatus,
    ConsentForm,
    CrisisPlanVersion,
    Pathway,
    Sex,
)
from rcp_desktop.services.attachments import MAX_ATTACHMENT_BYTES
from rcp_desktop.services.cases import CaseDraft, TimelineKind
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.ui.cases import attachments as attachments_ui
from rcp_desktop.ui.cases.attachments import AddAttachmentDialog, AttachmentViewer
from rcp_desktop.ui.cases.case_dialog import CaseDialog, CaseStatusDialog
from rcp_desktop.ui.cases.consent import ConsentDialog, WithdrawConsentDialog
from rcp_desktop.ui.cases.crisis import CrisisPlanPanel
from rcp_desktop.ui.cases.patient_dialog import PatientDialog
from rcp_desktop.ui.cases.usipa import UsipaPanel
from rcp_desktop.ui.pages.cases import CasesPage
from tests import hostile
from tests.services.test_dossiers import PNG
from tests.ui.keys import type_text
from tests.ui.loading import loaded, select_patient, timeline_events

WAIT = 10_000


def make_page(qtbot, services, tasks):
    page = CasesPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.refresh()
    return loaded(qtbot, page)


def save(qtbot, dialog):
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def answer(qtbot, text, seen=None):
    """Click the button labelled *text* of the next message box."""

    def handle():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(box.text())
            button = next(b for b in box.buttons() if b.text() == text)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def fill_identity(dialog, name="Lefèvre", first="Chloé Anne", born="14/07/1985", sex=Sex.FEMALE):
    type_text(dialog.birth_name, name)
    type_text(dialog.first_names, first)
    type_text(dialog.birth_date, born)
    dialog.sex.set_value(sex)


def add_patient(services, name="Martin", first="Chloé", consent=True, born=dt.date(1985, 7, 14)):
    p = services.patients.create(
        PatientDraft(birth_name=name, first_names=first, birth_date=born, sex=Sex.FEMALE),
        allow_duplicate=True,
    )
    if consent:
        services.patients.record_consent(
            p.id, given_on=dt.date(2026, 1, 5), form=ConsentForm.WRITTEN
        )
    return p


def add_case(services, patient, **kw):
    values = dict(
        patient_id=patient.id,
        pathway=Pathway.MENTAL_HEALTH,
        opened_on=dt.date(2026, 1, 5),
        referral_reason="Crises répétées",
        question="Quel plan de crise ?",
    )
    values.update(kw)
    return services.cases.create(CaseDraft(**values))


# --- patients ----------------------------------------------------------------------------------


def test_create_a_patient_with_bad_input_first(qtbot, services, tasks):
    page = make_page(qtbot, services, tasks)
    qtbot.mouseClick(page.new_patient_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PatientDialog) and dialog.windowTitle() == "Nouveau patient"
    save(qtbot, dialog)
    for name in ("birth_name", "first_names", "birth_date", "sex"):
        assert dialog.message(name) == "Ce champ est obligatoire.", name
    fill_identity(dialog, born="14/07/1950")
    assert (
        dialog.age.text() == "75 ans" and dialog.over_70.text() == "Plus de 70 ans : oui (calculé)"
    )
    body = "2500775056123"
    good_key = nir_key(body)
    type_text(dialog.nir, body + f"{(good_key % 97) + 1:02d}")
    assert dialog.nir_state.text() == "✘ NIR incorrect (format ou clé)"
    type_text(dialog.birth_place_code, "9102")
    save(qtbot, dialog)
    assert "clé de contrôle ne correspond pas" in dialog.message("nir")
    assert "5 caractères" in dialog.message("birth_place_code")
    assert services.patients.search() == []
    dialog.nir.clear()
    type_text(dialog.nir, f"{body[:5]} {body[5:]}{good_key:02d}")
    assert dialog.nir_state.text() == "✔ clé de contrôle correcte"
    type_text(dialog.birth_place_code, "7")
    dialog.birth_date.clear()
    type_text(dialog.birth_date, "31/02/1950")
    save(qtbot, dialog)
    assert dialog.message("birth_date") == "Date invalide : jj/mm/aaaa."
    dialog.birth_date.clear()
    type_text(dialog.birth_date, "01/01/1850")
    save(qtbot, dialog)
    assert "invraisemblable" in dialog.message("birth_date")
    dialog.birth_date.clear()
    type_text(dialog.birth_date, "11/03/2026")
    save(qtbot, dialog)
    assert "futur" in dialog.message("birth_date")
    dialog.birth_date.clear()
    type_text(dialog.birth_date, "14/07/1950")
    dialog.ald.setChecked(True)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    (stored,) = services.patients.search()
    assert (
        stored.birth_name,
        stored.first_names,
        stored.nir,
        stored.birth_place_code,
        stored.ald,
    ) == (
        "Lefèvre",
        "Chloé Anne",
        body + f"{good_key:02d}",
        "91027",
        True,
    )
    loaded(qtbot, page)  # the new patient is shown once read off the GUI thread
    assert page.patient.id == stored.id
    assert "LEFÈVRE Chloé Anne" in page.identity.text()
    assert "Fragilité : ALD, plus de 70 ans" in page.identity.text()
    assert (
        page.eligibility.covered is False and "Ne peut pas être inscrit" in page.eligibility.text()
    )
    assert page.patients.source.data(page.patients.source.index(0, 3)) == "manquant"


def test_duplicate_prompt_offers_the_existing_patient(qtbot, services, tasks):
    existing = add_patient(services, "Martin", "Chloé Anne")
    page = make_page(qtbot, services, tasks)
    page.search.setText("zzz")  # the existing patient is not even listed
    page.reload_list()
    loaded(qtbot, page)

    def attempt(choice, seen=None):
        page.new_patient()
        dialog = page.dialog
        fill_identity(dialog, name="MARTIN", first="chloé")
        answer(qtbot, choice, seen)
        save(qtbot, dialog)
        return dialog

    seen = []
    dialog = attempt("Ouvrir le patient existant", seen)
    assert "même nom de naissance, prénom et date de naissance" in seen[0]
    assert "MARTIN Chloé Anne, né(e) le 14/07/1985" in seen[0]
    assert dialog.opened_existing and dialog.result() == dialog.DialogCode.Accepted
    loaded(qtbot, page)
    assert page.patient.id == existing.id
    assert len(services.patients.search("martin")) == 1
    dialog = attempt("Annuler")
    assert dialog.isVisible() and dialog.summary.text() == "Rien n'a été créé."
    dialog.reject()
    assert len(services.patients.search("martin")) == 1
    dialog = attempt("Créer quand même")
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.opened_existing
    assert len(services.patients.search("martin")) == 2
    loaded(qtbot, page)
    assert page.patient.id != existing.id


def test_edit_in_two_windows_then_reload(qtbot, services, tasks):
    patient = add_patient(services)
    page = make_page(qtbot, services, tasks)
    select_patient(qtbot, page, patient.id)
    qtbot.mouseClick(page.edit_patient_button, Qt.MouseButton.LeftButton)
    first = page.dialog
    second = PatientDialog(services, page.patient)  # another window, opened before the save
    qtbot.addWidget(second)
    second.show()
    assert first.windowTitle() == "Modifier le patient" and first.birth_name.text() == "Martin"
    type_text(first.commune, "Athis-Mons")
    save(qtbot, first)
    assert first.result() == first.DialogCode.Accepted
    loaded(qtbot, page)
    assert "Commune : Athis-Mons" in page.identity.text()
    type_text(second.phone, "01 69 00 00 00")
    save(qtbot, second)
    assert "modifié entre-temps" in second.summary.text()
    assert second.reload_button.isVisible()
    assert services.patients.get(patient.id).phone is None
    qtbot.mouseClick(second.reload_button, Qt.MouseButton.LeftButton)
    assert second.commune.text() == "Athis-Mons" and second.phone.text() == ""
    type_text(second.phone, "01 69 00 00 00")
    save(qtbot, second)
    assert second.result() == second.DialogCode.Accepted
    stored = services.patients.get(patient.id)
    assert (stored.commune, stored.phone) == ("Athis-Mons", "01 69 00 00 00")


@pytest.mark.parametrize("kind", sorted(hostile.NAMES))
def test_hostile_names_through_the_patient_form(qtbot, services, tasks, kind):
    value = hostile.NAMES[kind]
    page = make_page(qtbot, services, tasks)
    page.new_patient()
    dialog = page.dialog
    fill_identity(dialog, name=value, first=value)
    type_text(dialog.used_name, value)
    type_text(dialog.commune, value)
    type_text(dialog.gp_free_text, value)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.summary.text()
    (stored,) = services.patients.search()
    assert (
        stored.birth_name,
        stored.first_names,
        stored.used_name,
        stored.commune,
        stored.gp_free_text,
    ) == ((value,) * 5)
    loaded(qtbot, page)
    assert value.upper() in page.identity.text()  # plain text, never markup
    assert page.identity.textFormat() == Qt.TextFormat.PlainText
    assert f"Commune : {value}" in page.identity.text()


def test_too_long_names_are_refused_at_the_field(qtbot, services, tasks):
    dialog = PatientDialog(services)
    qtbot.addWidget(dialog)
    fill_identity(dialog)
    dialog.birth_name.setText("x" * 250)  # pasted
    dialog.first_names.setText(hostile.LONG)
    save(qtbot, dialog)
    assert dialog.message("birth_name") == "200 caractères au plus."
    assert dialog.message("first_names") == "300 caractères au plus."
    assert services.patients.search() == []


# --- consent -----------------------------------------------------------------------------------


def test_consent_then_withdrawal(qtbot, services, tasks):
    patient = add_patient(services, consent=False)
    page = make_page(qtbot, services, tasks)
    select_patient(qtbot, page, patient.id)
    assert not page.eligibility.covered and not page.withdraw_button.isEnabled()
    qtbot.mouseClick(page.consent_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.given_on.text() == "10/03/2026"
    save(qtbot, dialog)
    assert dialog.message("form") == "Ce champ est obligatoire."
    qtbot.mouseClick(dialog.exception_choice, Qt.MouseButton.LeftButton)
    assert not dialog.form_combo.isEnabled() and dialog.reason.isEnabled()
    save(qtbot, dialog)
    assert dialog.message("reason") == "Ce champ est obligatoire."
    qtbot.mouseClick(dialog.consent_choice, Qt.MouseButton.LeftButton)
    dialog.form_combo.set_value(ConsentForm.WRITTEN)
    dialog.given_on.clear()
    type_text(dialog.given_on, "12/03/2026")
    save(qtbot, dialog)
    assert dialog.message("given_on") == "La date ne peut pas être dans le futur."
    dialog.given_on.clear()
    type_text(dialog.given_on, "05/01/2026")
    dialog.scope.setPlainText(hostile.MARKUP)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    loaded(qtbot, page)
    assert page.eligibility.covered
    assert (
        page.eligibility.text()
        == "✔ Peut être inscrit à l'ordre du jour : consentement écrit du 05/01/2026."
    )
    assert page.consents.source.total() == 1
    assert page.patients.source.data(page.patients.source.index(0, 3)) == "en cours"
    page.consents.selectRow(0)
    assert page.withdraw_button.isEnabled()
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    withdraw = page.dialog
    assert isinstance(withdraw, WithdrawConsentDialog)
    withdraw.withdrawn_on.clear()
    type_text(withdraw.withdrawn_on, "04/01/2026")
    save(qtbot, withdraw)
    assert withdraw.message("withdrawn_on") == "Le retrait ne peut pas précéder le consentement."
    withdraw.withdrawn_on.clear()
    type_text(withdraw.withdrawn_on, "01/03/2026")
    type_text(withdraw.note, "Le patient ne souhaite plus être présenté.")
    save(qtbot, withdraw)
    assert withdraw.result() == withdraw.DialogCode.Accepted
    loaded(qtbot, page)
    assert not page.eligibility.covered
    consent = page.consents.source.record(0)
    assert consent.withdrawn_on == dt.date(2026, 3, 1)
    assert consent.scope == hostile.MARKUP
    assert page.consents.source.data(page.consents.source.index(0, 2)) == "01/03/2026"
    assert page.consents.source.data(page.consents.source.index(0, 3)) == hostile.MARKUP


# --- cases -------------------------------------------------------------------------------------


def test_create_a_case_change_its_status_and_close_it(qtbot, services, tasks):
    patient = add_patient(services)
    page = make_page(qtbot, services, tasks)
    select_patient(qtbot, page, patient.id)
    qtbot.mouseClick(page.new_case_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CaseDialog) and dialog.opened_on.text() == "10/03/2026"
    save(qtbot, dialog)
    for name in ("pathway", "referral_reason", "question"):
        assert dialog.message(name) == "Ce champ est obligatoire.", name
    dialog.pathway.set_value(Pathway.MENTAL_HEALTH)
    type_text(dialog.referral_reason, "Épisodes dépressifs répétés, isolement.")
    type_text(dialog.question, "Quel plan de crise conjoint ?")
    type_text(dialog.synthesis_psychic, "Humeur triste, pas d'idée suicidaire.")
    dialog.opened_on.clear()
    type_text(dialog.opened_on, "05/01/2026")
    type_text(dialog.next_review_on, "01/01/2026")
    save(qtbot, dialog)
    assert "précéder l'ouverture" in dialog.message("next_review_on")
    dialog.next_review_on.clear()
    type_text(dialog.next_review_on, "24/03/2026")
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    view = page.case_view
    assert page.stack.currentWidget() is view
    case = view.case
    assert case.number == "2026-0001"
    assert view.header.text().startswith("Dossier 2026-0001 — MARTIN Chloé")
    assert view.fields["synthesis_psychic"].text() == "Humeur triste, pas d'idée suicidaire."
    shown = [i for i in range(view.tabs.count()) if view.tabs.isTabVisible(i)]
    assert [view.tabs.tabText(i) for i in shown] == [  # the TND tab: for TND cases only
        "Dossier",
        "Chronologie",
        "Pièces jointes",
        "Plan de crise",
        "USIPA",
        "Événements de santé",
    ]
    # Close: a reason and a date not before the opening.
    qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
    status = view.dialog
    assert isinstance(status, CaseStatusDialog)
    status.status.setCurrentIndex(status.status.findData(CaseStatus.CLOSED.value))
    status.changed_on.clear()
    type_text(status.changed_on, "04/01/2026")
    save(qtbot, status)
    assert status.message("closure_reason") == "Ce champ est obligatoire."
    status.suggestions.activated.emit(1)
    assert status.reason.toPlainText() == "Situation stabilisée"
    save(qtbot, status)
    assert (
        status.message("closed_on")
        == "La clôture ne peut pas précéder l'ouverture du dossier (05/01/2026)."
    )
    assert services.cases.get(case.id).status is CaseStatus.OPEN
    status.changed_on.clear()
    type_text(status.changed_on, "09/03/2026")
    save(qtbot, status)
    assert status.result() == status.DialogCode.Accepted
    assert view.header.text().endswith("— Clos")
    assert view.fields["status"].text() == "Clos le 09/03/2026 — motif : Situation stabilisée"
    assert [e.kind for e in timeline_events(qtbot, view)][:1] == [TimelineKind.CLOSED]
    # Reopen into follow-up.
    view.change_status(CaseStatus.FOLLOW_UP)
    save(qtbot, view.dialog)
    assert services.cases.get(case.id).status is CaseStatus.FOLLOW_UP
    assert timeline_events(qtbot, view)[0].title == "Clos → En suivi"
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.browser
    loaded(qtbot, page)
    assert page.cases.current_record().status is CaseStatus.FOLLOW_UP


def test_edit_a_case_and_a_conflicting_window(qtbot, services, tasks):
    patient = add_patient(services)
    case = add_case(services, patient)
    page = make_page(qtbot, services, tasks)
    select_patient(qtbot, page, patient.id)
    view = page.open_case(case.id)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    first = view.dialog
    second = CaseDialog(services, patient, services.cases.get(case.id))
    qtbot.addWidget(second)
    second.show()
    first.question.setPlainText("Question revue")
    save(qtbot, first)
    assert view.fields["question"].text() == "Question revue"
    second.question.setPlainText("Une autre")
    save(qtbot, second)
    assert "modifié entre-temps" in second.summary.text()
    qtbot.mouseClick(second.reload_button, Qt.MouseButton.LeftButton)
    assert second.question.toPlainText() == "Question revue"


@pytest.mark.parametrize("kind", sorted(hostile.TEXTS))
def test_hostile_texts_through_the_case_form(qtbot, services, tasks, kind):
    value = hostile.TEXTS[kind]
    patient = add_patient(services)
    page = make_page(qtbot, services, tasks)
    select_patient(qtbot, page, patient.id)
    page.new_case()
    dialog = page.dialog
    dialog.pathway.set_value(Pathway.TND)
    for edit in (
        dialog.referral_reason,
        dialog.question,
        dialog.synthesis_organic,
        dialog.synthesis_social,
    ):
        if kind == "long":
            edit.setPlainText(value)  # pasted: typing 11,000 characters adds nothing
        else:
            type_text(edit, value)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.summary.text()
    stored = services.cases.get(page.case_view.case.id)
    assert (
        stored.referral_reason,
        stored.question,
        stored.synthesis_organic,
        stored.synthesis_social,
    ) == (value,) * 4
    assert page.case_view.fields["question"].text() == value
    assert page.case_view.fields["question"].textFormat() == Qt.TextFormat.PlainText


def test_the_crisis_plan_and_usipa_panels_are_placed_and_reload_the_timeline(
    qtbot, services, tasks, actor
):
    patient = add_patient(services)
    case = add_case(services, patient)
    page = make_page(qtbot, services, tasks)
    view = page.open_case(case.id)
    assert isinstance(view.crisis, CrisisPlanPanel) and isinstance(view.usipa, UsipaPanel)
    assert view.tabs.indexOf(view.crisis) == 3 and view.tabs.indexOf(view.usipa) == 4
    assert view.crisis.case_id == case.id and view.usipa.case_id == case.id
    before = len(timeline_events(qtbot, view))
    with services.db.write(actor) as s:  # what the crisis panel will write
        s.add(CrisisPlanVersion(case_id=case.id, version=1, drawn_up_on=dt.date(2026, 2, 1)))
    view.crisis.changed.emit()
    assert len(timeline_events(qtbot, view)) == before + 1
    assert any(e.kind is TimelineKind.CRISIS_PLAN for e in timeline_events(qtbot, view))
    view.usipa.changed.emit()
    assert len(timeline_events(qtbot, view)) == before + 1
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    view.set_case(None)
    assert view.crisis.case_id is None and view.usipa.case_id is None


# --- attachments -------------------------------------------------------------------------------


def pdf_bytes():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.drawString(72, 720, "Compte rendu de test")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def add_through_dialog(qtbot, panel, path, description=""):
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, AddAttachmentDialog)
    dialog.path.setText(str(path))
    if description:
        type_text(dialog.description, description)
    save(qtbot, dialog)
    return dialog


def open_viewer(qtbot, panel, row):
    panel.table.selectRow(row)
    qtbot.mouseClick(panel.view_button, Qt.MouseButton.LeftButton)
    viewer = panel.dialog
    assert isinstance(viewer, AttachmentViewer)
    qtbot.waitUntil(viewer.is_loaded, timeout=WAIT)
    return viewer


def test_attachments_add_view_save_and_delete(qtbot, services, tasks, tmp_path, monkeypatch):
    patient = add_patient(services)
    case = add_case(services, patient)
    page = make_page(qtbot, services, tasks)
    view = page.open_case(case.id)
    view.tabs.setCurrentWidget(view.attachments)
    panel = view.attachments
    assert not panel.view_button.isEnabled()

    # Refusals, each at the file field, nothing stored.
    big = tmp_path / "scanner.pdf"
    with open(big, "wb") as fh:
        fh.truncate(MAX_ATTACHMENT_BYTES + 1)
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    gone = tmp_path / "parti.png"
    gone.write_bytes(PNG)
    for path, message in (
        (big, "Ce fichier pèse 20 Mo : une pièce jointe ne peut pas dépasser 20 Mo."),
        (empty, "Ce fichier est vide : rien à joindre."),
        (gone, "Ce fichier n'existe pas (ou plus) : déplacé ou supprimé entre-temps ?"),
    ):
        if path is gone:
            gone.unlink()  # chosen, then moved away before "Enregistrer"
        dialog = add_through_dialog(qtbot, panel, path)
        assert dialog.message("file") == message
        assert dialog.isVisible()
        dialog.reject()
    assert services.attachments.list(case.id) == []

    files = {
        "radio.png": PNG,
        "courrier.pdf": pdf_bytes(),
        "note.txt": "Appel du CMP : <b>RAS</b> & 😀".encode(),
        "tableau.xlsx": b"PK\x03\x04 not really a workbook",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        dialog = add_through_dialog(
            qtbot, panel, tmp_path / name, description=f"Pièce {name} « test »"
        )
        assert dialog.result() == dialog.DialogCode.Accepted, dialog.message("file")
    assert panel.table.source.total() == 4
    assert panel.message.text() == "Pièce jointe ajoutée."
    rows = {panel.table.proxy.record(r).filename: r for r in range(4)}

    viewer = open_viewer(qtbot, panel, rows["radio.png"])
    assert viewer.kind == "image" and not viewer.image.pixmap().isNull()
    assert viewer.windowTitle() == "Pièce jointe"  # never the file name
    viewer.close()
    viewer = open_viewer(qtbot, panel, rows["courrier.pdf"])
    assert viewer.kind == "pdf" and viewer.document.pageCount() == 1
    page_image = viewer.document.render(0, viewer.document.pagePointSize(0).toSize())
    assert any(
        page_image.pixelColor(x, y).lightness() < 128
        for x in range(60, 260)
        for y in range(100, 140)
    )
    viewer.close()
    viewer = open_viewer(qtbot, panel, rows["note.txt"])
    assert viewer.kind == "text" and viewer.text.toPlainText() == "Appel du CMP : <b>RAS</b> & 😀"
    viewer.close()
    viewer = open_viewer(qtbot, panel, rows["tableau.xlsx"])
    assert viewer.kind == "none" and "Enregistrer sous" in viewer.status.text()
    assert viewer.save_button.isEnabled()
    viewer.close()

    # Save on explicit request only, where the user chose, private.
    target = tmp_path / "sorties" / "copie-courrier.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(attachments_ui, "choose_save_path", lambda parent, name: str(target))
    panel.table.selectRow(rows["courrier.pdf"])
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == files["courrier.pdf"]
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert panel.message.text() == "Enregistré : copie-courrier.pdf"
    monkeypatch.setattr(
        attachments_ui, "choose_save_path", lambda parent, name: str(tmp_path / "absent" / name)
    )
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "n'a pas pu être enregistré" in panel.message.text()

    # The timeline shows what was added.
    names = {e.title for e in timeline_events(qtbot, view) if e.kind is TimelineKind.ATTACHMENT}
    assert names == set(files)

    # Delete after confirmation; cancelling keeps it.
    panel.table.selectRow(rows["note.txt"])
    answer(qtbot, "Annuler")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(services.attachments.list(case.id)) == 4
    panel.table.select_id(
        next(a.id for a in services.attachments.list(case.id) if a.filename == "note.txt")
    )
    seen = []
    answer(qtbot, "Supprimer", seen)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "«\u00a0note.txt\u00a0»" in seen[0]
    assert sorted(a.filename for a in services.attachments.list(case.id)) == [
        "courrier.pdf",
        "radio.png",
        "tableau.xlsx",
    ]
    assert panel.table.source.total() == 3
    assert "note.txt" not in {e.title for e in timeline_events(qtbot, view)}


def test_an_attachment_deleted_in_another_window(qtbot, services, tasks):
    patient = add_patient(services)
    case = add_case(services, patient)
    attachment = services.attachments.add(case.id, "note.txt", b"Bonjour")
    page = make_page(qtbot, services, tasks)
    view = page.open_case(case.id)
    panel = view.attachments
    panel.table.selectRow(0)
    services.attachments.delete(attachment.id)  # meanwhile, elsewhere
    qtbot.mouseClick(panel.view_button, Qt.MouseButton.LeftButton)
    viewer = panel.dialog
    qtbot.waitUntil(viewer.is_loaded, timeout=WAIT)
    assert viewer.kind == "error" and viewer.status.text() == "Cette pièce jointe n'existe plus."
    viewer.close()
    answer(qtbot, "Supprimer")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.message.text() == "Cette pièce jointe n'existe plus."
    assert panel.table.source.total() == 0


# --- timeline and search on demo data ------------------------------------------------------------


def showcase_case(services):
    """The demo case with the most attachments (the generator gives one all three kinds)."""
    with services.db.read() as s:
        case_id = s.scalars(
            select(Attachment.case_id)
            .group_by(Attachment.case_id)
            .order_by(func.count().desc(), Attachment.case_id)
        ).first()
    return services.cases.get(case_id)


def test_the_timeline_tab_on_a_demo_case(qtbot, demo_services, tasks):
    case = showcase_case(demo_services)
    page = make_page(qtbot, demo_services, tasks)
    select_patient(qtbot, page, case.patient_id)
    page.cases.select_id(case.id)
    qtbot.mouseClick(page.open_case_button, Qt.MouseButton.LeftButton)
    view = page.case_view
    view.tabs.setCurrentWidget(view.timeline)
    timeline = view.timeline
    events = timeline_events(qtbot, view)
    kinds = {e.kind for e in events}
    assert {
        TimelineKind.OPENED,
        TimelineKind.PRESENTATION,
        TimelineKind.DECISION,
        TimelineKind.ATTACHMENT,
    } <= kinds
    assert [e.on for e in events] == sorted((e.on for e in events), reverse=True)
    assert timeline.count.text() == f"{len(events)} événement(s)"
    timeline.filter.setCurrentIndex(timeline.filter.findText("Séances"))
    assert {e.kind for e in timeline_events(qtbot, view)} == {TimelineKind.PRESENTATION}
    timeline.filter.setCurrentIndex(0)
    timeline.order.setCurrentIndex(1)
    # Oldest first: the opening, after the health events noted from before the pathway only.
    oldest = timeline_events(qtbot, view)
    row = next(i for i, e in enumerate(oldest) if e.kind is TimelineKind.OPENED)
    assert all(e.kind is TimelineKind.OUTCOME for e in oldest[:row])
    assert timeline.table.source.data(timeline.table.source.index(row, 1)) == "Ouverture"
    assert timeline.table.source.data(
        timeline.table.source.index(row, 0)
    ) == case.opened_on.strftime("%d/%m/%Y")
    view.tabs.setCurrentWidget(view.attachments)
    assert view.attachments.table.source.total() == 3


def test_search_as_you_type_with_accents_and_case_numbers(qtbot, demo_services, tasks):
    page = make_page(qtbot, demo_services, tasks)
    total = page.patients.source.total()
    accented = next(
        p for p in demo_services.patients.search(limit=1000) if "é" in p.first_names.split()[0]
    )
    first = accented.first_names.split()[0]
    qtbot.keyClicks(page.search, first.replace("é", "e").lower())  # typed without accent
    qtbot.waitUntil(lambda: 0 < page.patients.source.total() < total, timeout=WAIT)
    found = {p.id for p in page.patients.source.records()}
    assert accented.id in found
    page.search.clear()
    type_text(page.search, first.upper())  # with accent, upper case
    qtbot.waitUntil(lambda: {p.id for p in page.patients.source.records()} == found, timeout=WAIT)
    # a case number: the patient, with that case selected; Enter opens it
    case = demo_services.cases.list()[3]
    page.search.clear()
    qtbot.keyClicks(page.search, case.number)
    # (waiting for "one patient" alone could see the previous search's result)
    qtbot.waitUntil(
        lambda: [p.id for p in page.patients.source.records()] == [case.patient_id],
        timeout=WAIT,
    )
    loaded(qtbot, page)
    assert page.patient.id == case.patient_id and page.cases.current_record().id == case.id
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # searches at once, then opens the case
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.case_view, timeout=WAIT)
    assert page.case_view.case.id == case.id
    page.show_list()
    # a birth date as typed
    page.search.clear()
    qtbot.keyClicks(page.search, accented.birth_date.strftime("%d/%m/%Y"))
    qtbot.waitUntil(
        lambda: accented.id in {p.id for p in page.patients.source.records()}, timeout=WAIT
    )
    assert all(p.birth_date == accented.birth_date for p in page.patients.source.records())
    page.search.clear()
    qtbot.keyClicks(page.search, "zzzz-personne")
    qtbot.waitUntil(lambda: page.patients.source.total() == 0, timeout=WAIT)
    assert page.count.text() == "0 patient(s)" and page.patient is None
