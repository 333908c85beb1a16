"""The Annuaire page through its real widgets: create and edit a professional (RPPS key warning
accepted, duplicate RPPS refused at the field, concurrent edit), deactivate / reactivate, and a
file import from the Annuaire Santé format with its progress, cancel and report."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from rcp_desktop.models import Pathway, Profession
from rcp_desktop.services.directory import ProfessionalDraft
from rcp_desktop.services.errors import ValidationError
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.directory.import_dialog import ImportDialog
from rcp_desktop.ui.directory.professional_dialog import ProfessionalDialog
from rcp_desktop.ui.directory.report_dialog import ImportReportDialog
from rcp_desktop.ui.pages.directory import DirectoryPage
from rcp_desktop.ui.widgets.record_model import RECORD_ROLE
from tests import annuaire_files as af
from tests import workflow_world
from tests.hostile import EMOJI, MARKUP
from tests.ui.keys import type_text

WAIT = 20_000
BAD_KEY_RPPS = "12345678901"  # 11 digits, wrong Luhn key


def make_page(qtbot, services, tasks):
    page = DirectoryPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    return page


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def save(qtbot, dialog):
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def answer(qtbot, role=QMessageBox.ButtonRole.YesRole, seen=None):
    """Click the button of *role* in the next message box (and note its text in *seen*)."""

    def handle():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(box.text())
            button = next(b for b in box.buttons() if box.buttonRole(b) == role)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def shown_rows(page):
    return [
        page.table.proxy.index(r, 0).data(RECORD_ROLE) for r in range(page.table.proxy.rowCount())
    ]


def cell(page, pro_id, column):
    for r in range(page.table.proxy.rowCount()):
        if page.table.proxy.index(r, 0).data(RECORD_ROLE).id == pro_id:
            return page.table.proxy.index(r, column).data()
    raise AssertionError(pro_id)


# --- create, edit ------------------------------------------------------------------------------


def test_create_a_professional_accepting_the_rpps_key_warning(qtbot, services, tasks):
    page = make_page(qtbot, services, tasks)
    assert page.empty.isVisible()
    click(qtbot, page.new_button)
    dialog = page.dialog
    assert isinstance(dialog, ProfessionalDialog) and dialog.isVisible()
    type_text(dialog.last_name, "Lefèvre-Noël")
    type_text(dialog.first_name, "Zoé")
    dialog.profession.set_value(Profession.PSYCHIATRIST)
    type_text(dialog.profession_detail, "Pédopsychiatrie")
    type_text(dialog.rpps, BAD_KEY_RPPS)
    assert dialog.rpps_warning.isVisible() and "clé de contrôle" in dialog.rpps_warning.text()
    type_text(dialog.commune, "Juvisy-sur-Orge")
    type_text(dialog.secure_email, "zoe.lefevre@exemple.mssante.fr")
    dialog.cpts_member.setChecked(True)
    # First "Corriger": nothing saved, the dialog stays open.
    seen = []
    answer(qtbot, QMessageBox.ButtonRole.NoRole, seen)
    save(qtbot, dialog)
    assert "ne correspond pas" in seen[0]
    assert services.directory.list() == [] and dialog.isVisible()
    # Then "Enregistrer quand même".
    answer(qtbot, QMessageBox.ButtonRole.YesRole)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    (pro,) = services.directory.list()
    assert (pro.last_name, pro.first_name, pro.rpps, pro.profession, pro.profession_detail) == (
        "Lefèvre-Noël",
        "Zoé",
        BAD_KEY_RPPS,
        Profession.PSYCHIATRIST,
        "Pédopsychiatrie",
    )
    assert (pro.secure_email, pro.cpts_member, pro.active) == (
        "zoe.lefevre@exemple.mssante.fr",
        True,
        True,
    )
    assert page.current().id == pro.id and not page.empty.isVisible()


def test_duplicate_rpps_and_invalid_email_are_refused_at_the_field(qtbot, services, tasks):
    existing, _ = services.directory.create(
        ProfessionalDraft(last_name="Existant", profession=Profession.NURSE, rpps=af.RPPS_NURSE)
    )
    page = make_page(qtbot, services, tasks)
    click(qtbot, page.new_button)
    dialog = page.dialog
    save(qtbot, dialog)
    assert dialog.message("last_name") == "Ce champ est obligatoire."
    assert dialog.message("profession") == "Ce champ est obligatoire."
    type_text(dialog.last_name, "Doublon")
    dialog.profession.set_value(Profession.NURSE)
    type_text(dialog.rpps, af.RPPS_NURSE)
    type_text(dialog.email, "pas-une-adresse")
    save(qtbot, dialog)
    assert dialog.message("email") == "Adresse électronique invalide."
    dialog.email.clear()
    save(qtbot, dialog)
    assert dialog.message("rpps") == "Ce RPPS est déjà dans l'annuaire."
    assert not dialog.rpps_warning.isVisible()  # the key of this RPPS is right
    dialog.rpps.clear()
    type_text(dialog.rpps, "123")
    save(qtbot, dialog)
    assert dialog.message("rpps") == "Le RPPS compte 11 chiffres."
    assert [p.id for p in services.directory.list()] == [existing.id]
    dialog.rpps.clear()
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert len(services.directory.list()) == 2


def test_hostile_names_are_stored_and_shown_as_typed(qtbot, services, tasks):
    page = make_page(qtbot, services, tasks)
    click(qtbot, page.new_button)
    dialog = page.dialog
    type_text(dialog.last_name, MARKUP)
    type_text(dialog.first_name, EMOJI)
    dialog.profession.set_value(Profession.OTHER)
    dialog.notes.setPlainText("x" * 10_000)
    dialog.structure.setText("S" * 10_000)  # the field keeps 300 characters
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    (pro,) = services.directory.list()
    assert (pro.last_name, pro.first_name, len(pro.structure), len(pro.notes)) == (
        MARKUP,
        EMOJI,
        300,
        10_000,
    )
    assert cell(page, pro.id, 0) == MARKUP and cell(page, pro.id, 1) == EMOJI


def test_edit_by_double_click_and_a_concurrent_edit_overwrites_nothing(qtbot, services, tasks):
    pro, _ = services.directory.create(
        ProfessionalDraft(
            last_name="Martin",
            first_name="Anne",
            profession=Profession.NURSE,
            phone="01 00 00 00 00",
        )
    )
    page = make_page(qtbot, services, tasks)
    center = page.table.visualRect(page.table.proxy.index(0, 0)).center()
    # An item view takes a double click after a press on the item (as a real mouse gives).
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.waitUntil(
        lambda: isinstance(page.dialog, ProfessionalDialog) and page.dialog.isVisible(),
        timeout=WAIT,
    )
    first = page.dialog
    assert first.last_name.text() == "Martin" and first.phone.text() == "01 00 00 00 00"
    second = ProfessionalDialog(services, services.directory.get(pro.id))
    qtbot.addWidget(second)
    second.show()
    first.phone.clear()
    type_text(first.phone, "01 69 00 00 01")
    save(qtbot, first)
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=WAIT)
    assert cell(page, pro.id, 6) == "01 69 00 00 01"
    second.structure.setText("Autre poste")
    save(qtbot, second)
    assert "modifié entre-temps" in second.summary.text()
    assert second.reload_button.isVisible()
    after = services.directory.get(pro.id)
    assert (after.phone, after.structure) == ("01 69 00 00 01", None)
    click(qtbot, second.reload_button)
    assert second.phone.text() == "01 69 00 00 01" and second.structure.text() == ""
    second.structure.setText("Autre poste")
    save(qtbot, second)
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=WAIT)
    assert services.directory.get(pro.id).structure == "Autre poste"


# --- deactivate --------------------------------------------------------------------------------


def test_deactivate_then_reactivate_from_the_page(qtbot, services, tasks):
    world = workflow_world.build(services)
    page = make_page(qtbot, services, tasks)
    assert world.inactive.id not in [p.id for p in shown_rows(page)]
    assert page.select_professional(world.nurse.id)
    assert page.toggle_button.text() == "Désactiver"
    # The nurse still owns an open (overdue) action: the page says so before deactivating.
    seen = []
    answer(qtbot, QMessageBox.ButtonRole.NoRole, seen)
    click(qtbot, page.toggle_button)
    assert "1 action(s) ouverte(s)" in seen[0]
    assert services.directory.get(world.nurse.id).active
    answer(qtbot, QMessageBox.ButtonRole.YesRole)
    click(qtbot, page.toggle_button)
    qtbot.waitUntil(lambda: not services.directory.get(world.nurse.id).active, timeout=WAIT)
    # Shown again with "Actifs seulement" off, greyed, and offered for reactivation.
    assert not page.active_only.isChecked() and page.current().id == world.nurse.id
    assert page.toggle_button.text() == "Réactiver"
    # Consistent with the workflow: kept on her old action, not invited nor animating anew.
    assert services.decisions.get(world.overdue_decision.id).owner_id == world.nurse.id
    draft = MeetingDraft(
        held_on=workflow_world.D + dt.timedelta(days=7),
        start_time=dt.time(18, 0),
        duration_minutes=60,
        pathway=Pathway.MENTAL_HEALTH,
    )
    with pytest.raises(ValidationError) as info:
        services.meetings.plan(draft, [world.nurse.id])
    assert (
        info.value.errors["participants"]
        == "Professionnels inactifs dans l'annuaire : Sonia Petit."
    )
    draft.animator_id = world.nurse.id
    with pytest.raises(ValidationError) as info:
        services.meetings.plan(draft, [])
    assert "n'est plus actif" in info.value.errors["animator_id"]
    click(qtbot, page.toggle_button)  # reactivate: no question asked
    qtbot.waitUntil(lambda: services.directory.get(world.nurse.id).active, timeout=WAIT)
    assert page.toggle_button.text() == "Désactiver"


def test_deactivate_in_the_dialog(qtbot, services, tasks):
    pro, _ = services.directory.create(
        ProfessionalDraft(last_name="Sans", profession=Profession.DIETITIAN)
    )
    dialog = ProfessionalDialog(services, pro)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.active.setChecked(False)
    save(qtbot, dialog)  # no commitments: no question
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert not services.directory.get(pro.id).active


# --- import ------------------------------------------------------------------------------------


def open_import(qtbot, page):
    click(qtbot, page.import_button)
    dialog = page.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    return dialog


def test_import_an_annuaire_sante_file_through_the_dialog(
    qtbot, services, tasks, tmp_path, monkeypatch
):
    services.directory.create(
        ProfessionalDraft(last_name="Local", profession=Profession.NURSE, commune="Morangis")
    )
    services.directory.create(
        ProfessionalDraft(last_name="Voisin", profession=Profession.NURSE, commune="Athis-Mons")
    )
    path = af.write_annuaire(
        tmp_path / "extraction.txt",
        af.sample_rows() + list(af.national_rows(3000)),
        encoding="cp1252",
    )
    page = make_page(qtbot, services, tasks)
    dialog = open_import(qtbot, page)
    # The territory defaults to the directory's communes.
    assert dialog.restrict.isChecked() and dialog.territory.text() == "Athis-Mons, Morangis"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    click(qtbot, dialog.browse)
    assert dialog.path.text() == str(path)
    assert not dialog.import_button.isEnabled()
    click(qtbot, dialog.analyse_button)
    assert (
        dialog.busy == "analyse"
        and dialog.progress.isVisible()
        and dialog.cancel_button.isVisible()
    )
    qtbot.waitUntil(lambda: dialog.busy is None, timeout=WAIT)
    assert "À importer : " in dialog.status.text() and not dialog.progress.isVisible()
    assert dialog.plan.preview.encoding == "cp1252"
    assert services.directory.count() == 2  # the analysis wrote nothing
    # A change of territory asks for a new analysis.
    dialog.territory.setText(
        "Athis-Mons, Morangis, Juvisy-sur-Orge, Viry-Châtillon, Savigny-sur-Orge, Paray-Vieille-Poste"
    )
    assert not dialog.import_button.isEnabled() and "relancez l'analyse" in dialog.status.text()
    click(qtbot, dialog.analyse_button)
    qtbot.waitUntil(lambda: dialog.busy is None and dialog.plan is not None, timeout=WAIT)
    expected = dialog.plan.preview.added
    assert expected >= 10
    click(qtbot, dialog.details_button)
    qtbot.waitUntil(
        lambda: dialog.report_dialog is not None and dialog.report_dialog.isVisible(), timeout=WAIT
    )
    assert dialog.report_dialog.windowTitle() == "Aperçu de l'import"
    dialog.report_dialog.close()
    qtbot.waitUntil(lambda: dialog.report_dialog is None, timeout=WAIT)
    click(qtbot, dialog.import_button)
    qtbot.waitUntil(
        lambda: dialog.report_dialog is not None and dialog.report_dialog.isVisible(), timeout=WAIT
    )
    report_dialog: ImportReportDialog = dialog.report_dialog
    assert report_dialog.windowTitle() == "Rapport d'import"
    assert f"{expected} ajouté(s)" in report_dialog.summary.text()
    assert "Laissés de côté hors du territoire" in report_dialog.summary.text()
    reasons = {
        report_dialog.reasons.item(r, 0).text() for r in range(report_dialog.reasons.rowCount())
    }
    assert {
        "Hors du territoire choisi",
        "Ni RPPS ni ADELI",
        "RPPS invalide (11 chiffres attendus)",
    } <= reasons
    report_dialog.filter.setCurrentIndex(3)  # Écartés
    shown = report_dialog.table.source.records()
    assert shown and all(line.outcome.value == "skipped" for line in shown)
    # Export as CSV (the save dialog is replaced by a path).
    out = tmp_path / "rapport"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, report_dialog.export_button)
    data = (tmp_path / "rapport.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"Hors du territoire choisi" in data
    assert "Rapport enregistré" in report_dialog.saved.text()
    # The page shows what was imported.
    assert services.directory.count() == 2 + expected
    qtbot.waitUntil(lambda: page.count.text() == f"{2 + expected} professionnel(s)", timeout=WAIT)
    names = {p.last_name for p in shown_rows(page)}
    assert {"FICTIVE-ABELARD", "ZEPHYRIN", "BRIANÇON"} <= names


def test_a_file_with_the_wrong_headers_is_refused_at_the_field(qtbot, services, tasks, tmp_path):
    services.directory.create(
        ProfessionalDraft(last_name="Témoin", profession=Profession.NURSE, commune="Morangis")
    )
    bad = tmp_path / "liste.csv"
    bad.write_text("Couleur;Taille\nbleu;12\n", encoding="utf-8")
    page = make_page(qtbot, services, tasks)
    dialog = open_import(qtbot, page)
    assert dialog.restrict.isChecked()
    click(qtbot, dialog.analyse_button)
    assert dialog.path_error.text() == "Choisissez le fichier à importer."
    dialog.set_file(bad)
    assert not dialog.path_error.isVisible()
    # A CSV list is not restricted to the territory by default; an extraction is.
    assert not dialog.restrict.isChecked()
    dialog.set_file(af.write_annuaire(tmp_path / "a.txt", af.sample_rows()))
    assert dialog.restrict.isChecked()
    dialog.set_file(bad)
    click(qtbot, dialog.analyse_button)
    qtbot.waitUntil(lambda: dialog.busy is None and dialog.path_error.isVisible(), timeout=WAIT)
    assert "Colonnes obligatoires absentes" in dialog.path_error.text()
    assert "«\u00a0Nom\u00a0», «\u00a0Profession\u00a0»" in dialog.path_error.text()
    assert dialog.status.text() == "Rien n'a été enregistré."
    assert not dialog.import_button.isEnabled()
    (tmp_path / "vide.txt").write_bytes(b"")
    dialog.set_file(tmp_path / "vide.txt")
    click(qtbot, dialog.analyse_button)
    qtbot.waitUntil(lambda: dialog.busy is None and dialog.path_error.isVisible(), timeout=WAIT)
    assert dialog.path_error.text() == "Le fichier est vide."
    assert [p.last_name for p in services.directory.list()] == ["Témoin"]


def test_cancel_an_import_then_close_during_an_analysis(qtbot, services, tasks, tmp_path):
    path = af.write_annuaire(tmp_path / "n.txt", af.national_rows(6000))
    page = make_page(qtbot, services, tasks)
    dialog = open_import(qtbot, page)
    assert not dialog.restrict.isChecked()  # empty directory: no default territory
    dialog.set_file(path)
    click(qtbot, dialog.analyse_button)
    qtbot.waitUntil(lambda: dialog.busy is None and dialog.plan is not None, timeout=WAIT)
    assert "Attention" in dialog.warning.text() and dialog.warning.isVisible()
    click(qtbot, dialog.import_button)
    assert dialog.busy == "import"
    click(qtbot, dialog.cancel_button)
    assert dialog.status.text() == "Annulation…"
    qtbot.waitUntil(lambda: dialog.busy is None, timeout=WAIT)
    assert dialog.status.text() == "Import annulé : l'annuaire n'a pas été modifié."
    assert services.directory.count() == 0 and dialog.report_dialog is None
    # Closing while analysing cancels, then closes.
    click(qtbot, dialog.analyse_button)
    assert dialog.busy == "analyse"
    dialog.reject()
    assert dialog.isVisible() and dialog.status.text() == "Annulation…"
    # Closed (and deleted) once the analysis has stopped.
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=WAIT)
    assert tasks.wait(WAIT)
    assert services.directory.count() == 0


def test_a_huge_directory_lists_the_first_rows_and_asks_to_filter(
    qtbot, services, tasks, monkeypatch
):
    from rcp_desktop.ui.pages import directory

    monkeypatch.setattr(directory, "MAX_ROWS", 3)
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"):
        services.directory.create(ProfessionalDraft(last_name=name, profession=Profession.NURSE))
    page = make_page(qtbot, services, tasks)
    assert [p.last_name for p in shown_rows(page)] == ["Alpha", "Bravo", "Charlie"]
    assert page.count.text() == "3 premiers affichés : affinez le filtre"
    qtbot.keyClicks(page.filter, "Echo")
    qtbot.waitUntil(lambda: page.count.text() == "1 professionnel(s)", timeout=WAIT)
    assert [p.last_name for p in shown_rows(page)] == ["Echo"]
