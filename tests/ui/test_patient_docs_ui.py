"""The patient's documents in the GUI: the crisis plan for the patient from the case's crisis
panel (who holds a copy ticked and typed), the letter from the Séances page's Documents menu,
the letter templates per pathway from Paramètres; bad input gets a French message and changes
nothing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.models import Pathway, PreparedKind
from rcp_desktop.services.cases import TimelineKind
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.cases.crisis import CrisisPlanPanel
from rcp_desktop.ui.patient_docs.dialogs import HoldersDialog, LetterTemplatesDialog
from rcp_desktop.ui.settings_dialog import SettingsDialog
from tests.hostile import MARKUP
from tests.reports.factory import Pdf
from tests.services.test_crisis import first_draft
from tests.ui.test_documents import make_page, select_meeting, wait_preview
from tests.workflow_world import D

WAIT = 30_000


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ok(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def open_holders(qtbot, services, world, tasks):
    services.crisis.create_version(world.case_overdue.id, first_draft(world))
    panel = CrisisPlanPanel(services, tasks)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(world.case_overdue.id)
    assert panel.patient_button.isEnabled()
    click(qtbot, panel.patient_button)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, HoldersDialog), timeout=WAIT)
    return panel, panel.dialog


def test_the_plan_for_the_patient_from_the_crisis_panel(qtbot, app, services, world, tasks):
    panel, dialog = open_holders(qtbot, services, world, tasks)
    assert dialog.holders_list.item(0).text() == "Le patient"
    qtbot.keyClicks(dialog.other, "Pharmacie du centre")
    click(qtbot, dialog.add_button)
    dialog.holders_list.item(1).setCheckState(Qt.CheckState.Unchecked)  # Anne Bertin: no copy
    unticked = dialog.holders_list.item(1).text()
    qtbot.keyClicks(dialog.signer, "Dr Marc Leroy")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):  # the case view reloads its timeline
        click(qtbot, ok(dialog))
    assert len(services.patient_docs.prepared(world.case_overdue.id)) == 1
    qtbot.waitUntil(lambda: bool(panel.generator and panel.generator.previews), timeout=WAIT)
    preview = panel.generator.previews[-1]
    assert "Bertin" not in preview.windowTitle()
    text = Pdf(preview.pdf).flat
    assert "Mon plan en cas de crise" in text and "☐ Pharmacie du centre" in text
    assert f"☐ {unticked}" not in text and "Nom : Dr Marc Leroy" in text
    [line] = services.patient_docs.prepared(world.case_overdue.id)
    assert line.kind is PreparedKind.PATIENT_CRISIS_PLAN and "Pharmacie du centre" in line.details
    events = services.cases.timeline(world.case_overdue.id)
    assert any(e.kind is TimelineKind.PREPARED for e in events)
    preview.reject()


def test_no_holder_or_a_huge_one_gets_a_french_message(qtbot, app, services, world, tasks):
    _panel, dialog = open_holders(qtbot, services, world, tasks)
    for i in range(dialog.holders_list.count()):
        dialog.holders_list.item(i).setCheckState(Qt.CheckState.Unchecked)
    click(qtbot, ok(dialog))
    assert dialog.isVisible()
    assert dialog.error.text() == "Indiquez au moins une personne qui détient un exemplaire."
    dialog._add("x" * 10_000)
    click(qtbot, ok(dialog))
    assert "200 caractères au plus" in dialog.error.text() and dialog.isVisible()
    assert services.patient_docs.prepared() == []
    dialog.reject()


def test_the_letter_from_the_documents_menu(qtbot, app, services, world, tasks):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(20, 0), animator_id=world.gp.id),
        [world.psychiatrist.id, world.nurse.id],
    )
    services.agenda.add_cases(meeting.id, [world.case_review.id])
    item = services.agenda.items(meeting.id)[0]
    services.meetings.start(meeting.id)
    services.agenda.save_text(
        item.id, "proposal", "Suivi en CMP", expected_version=None, previous=None
    )
    services.decisions.create(item.id, DecisionDraft(description="Rendez-vous au CMP"))
    page, actions = make_page(qtbot, services, tasks)
    select_meeting(qtbot, page, meeting.id)
    page.items.selectRow(0)
    actions._update_enabled()
    assert actions.patient_letter.isEnabled()
    actions.patient_letter.trigger()
    preview = wait_preview(qtbot, actions)
    text = Pdf(preview.pdf).flat
    assert "Madame," in text and "Suivi en CMP" in text and "• Rendez-vous au CMP" in text
    assert "Arnaud" not in preview.windowTitle()
    [line] = services.patient_docs.prepared(world.case_review.id)
    assert line.kind is PreparedKind.PATIENT_LETTER and line.meeting_id == meeting.id


def test_letter_templates_are_edited_per_pathway_in_settings(qtbot, app, services):
    settings = SettingsDialog(services)
    qtbot.addWidget(settings)
    settings.show()
    click(qtbot, settings.letters_button)
    dialog = settings.letters_dialog
    assert isinstance(dialog, LetterTemplatesDialog)
    dialog.pathway.setCurrentIndex(dialog.pathway.findData(Pathway.ELDERLY))
    assert dialog.state.text() == "Modèle d'origine" and not dialog.reset_button.isEnabled()
    original = dialog.editor.toPlainText()
    assert "{proposition}" in original
    # Hostile: markup and an unknown field; then 10,001 characters.
    dialog.editor.clear()
    qtbot.keyClicks(dialog.editor, MARKUP + " {script}")
    click(qtbot, dialog.save_button)
    assert "Champ(s) inconnu(s) : {script}" in dialog.error.text()
    dialog.editor.setPlainText("{civilite} " + "x" * 10_000)
    click(qtbot, dialog.save_button)
    assert "Modèle trop long" in dialog.error.text()
    assert services.patient_docs.is_default_template(Pathway.ELDERLY)
    # A real edit is stored for that pathway only.
    dialog.editor.setPlainText("{civilite},\n" + MARKUP + "\n{proposition}\n{signataire}")
    click(qtbot, dialog.save_button)
    assert dialog.error.text() == "" and dialog.state.text() == "Modèle modifié"
    assert MARKUP in services.patient_docs.letter_template(Pathway.ELDERLY)
    assert services.patient_docs.is_default_template(Pathway.MENTAL_HEALTH)
    click(qtbot, dialog.reset_button)
    assert dialog.editor.toPlainText() == original
    assert services.patient_docs.is_default_template(Pathway.ELDERLY)
    dialog.reject()


def test_record_documents_and_the_message_to_the_gp(
    qtbot, app, services, world, tasks, tmp_path, monkeypatch
):
    import email
    import stat
    from email import policy

    from rcp_desktop.models import Patient, Professional
    from rcp_desktop.reports.cda import cda_problems
    from rcp_desktop.reports.pdfa import pdfa_problems
    from tests.reports.test_patient_docs import held_with_proposal

    meeting = held_with_proposal(services, world)
    page, actions = make_page(qtbot, services, tasks)
    select_meeting(qtbot, page, meeting.id)
    page.items.selectRow(0)
    record = actions.record
    record.update_enabled()
    assert all(action.isEnabled() for action in record.all)
    # PDF/A minutes and fiche, previewed like the others.
    record.minutes_pdfa.trigger()
    assert pdfa_problems(wait_preview(qtbot, actions).pdf) == []
    record.case_sheet_pdfa.trigger()
    qtbot.waitUntil(lambda: len(actions.generator.previews) == 2, timeout=WAIT)
    preview = wait_preview(qtbot, actions)
    assert pdfa_problems(preview.pdf) == [] and "Arnaud" not in preview.windowTitle()
    # CDA R2, saved where the user says.
    monkeypatch.setattr(record, "ask_path", lambda title, suggested, pattern: str(tmp_path / "f"))
    record.case_sheet_cda.trigger()
    cda = tmp_path / "f.xml"
    qtbot.waitUntil(cda.exists, timeout=WAIT)
    assert stat.S_IMODE(cda.stat().st_mode) == 0o600 and cda_problems(cda.read_bytes()) == []
    # The GP: none yet → a French message, no file.
    warnings, infos = [], []
    monkeypatch.setattr(
        "rcp_desktop.ui.documents.QMessageBox.warning", lambda p, t, text: warnings.append(text)
    )
    monkeypatch.setattr(
        "rcp_desktop.ui.patient_docs.record_actions.QMessageBox.information",
        lambda p, t, text: infos.append(text),
    )
    monkeypatch.setattr(record, "ask_path", lambda title, suggested, pattern: str(tmp_path / "m"))
    record.send_to_gp.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=WAIT)
    assert "Aucun médecin traitant" in warnings[0] and not (tmp_path / "m.eml").exists()
    case = services.cases.get(world.case_review.id)
    with services.db.write(services.ctx.actor) as s:
        s.get(Patient, case.patient_id).gp_id = world.gp.id
        s.get(Professional, world.gp.id).secure_email = "claire.dupont@medecin.mssante.fr"
    record.send_to_gp.trigger()
    qtbot.waitUntil(lambda: bool(infos), timeout=WAIT)
    eml = tmp_path / "m.eml"
    assert "claire.dupont@medecin.mssante.fr" in infos[0] and str(eml) in infos[0]
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert len(list(message.iter_attachments())) == 2
    kinds = [line.kind for line in services.patient_docs.prepared(case.id)]
    assert kinds == [PreparedKind.CASE_SHEET_CDA, PreparedKind.GP_MESSAGE]
