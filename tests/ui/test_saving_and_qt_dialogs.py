"""Saving a document: the file dialog speaks French (Qt's own strings too), opens in the folder
chosen in Paramètres (or Documents, or home: never the working directory); the crisis plan is
printable from the case; a demo base does not survive a SIGTERM."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from rcp_desktop.models import CrisisContactKind
from rcp_desktop.reports.crisis_plan import build_crisis_plan
from rcp_desktop.services.crisis import ContactDraft, PlanDraft
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.ui import machine_settings
from rcp_desktop.ui.cases.crisis import CrisisPlanPanel
from rcp_desktop.ui.documents import PdfPreviewDialog
from rcp_desktop.ui.settings_dialog import SettingsDialog
from tests.reports.factory import Pdf
from tests.workflow_world import D

WAIT = 30_000
ROOT = Path(__file__).resolve().parents[2]


def test_qt_file_dialog_speaks_french(app):
    dialog = QFileDialog(None, "Enregistrer")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    QApplication.processEvents()
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert "&Voir dans\u00a0:" in labels and "&Type de fichier\u00a0:" in labels
    assert not any("Look in" in t or "Files of" in t or "File name" in t for t in labels)
    dialog.close()
    # The supplement answers its few strings only: every other text is left to the others.
    assert QCoreApplication.translate("core", "Ouvert") == "Ouvert"
    assert QCoreApplication.translate("QFileDialog", "Open") == "Ouvrir"  # Qt's catalogue


def test_save_dialogs_open_in_the_chosen_folder_never_the_working_directory(
    qtbot, app, services, tmp_path, monkeypatch
):
    ini = QSettings(str(tmp_path / "machine.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(machine_settings, "store", lambda: ini)
    # No Documents folder: home, not the process's working directory.
    monkeypatch.setattr(machine_settings, "default_documents_folder", lambda: Path.home())
    monkeypatch.chdir(tmp_path)
    assert machine_settings.documents_folder() == Path.home()
    assert Path(machine_settings.save_location("cr.pdf")).parent == Path.home()
    # Chosen once in Paramètres: every save dialog opens there.
    chosen = tmp_path / "documents-rcp"
    chosen.mkdir()
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "ask_folder", lambda: str(chosen))
    qtbot.mouseClick(dialog.choose_folder, Qt.MouseButton.LeftButton)
    assert dialog.documents_folder.text() == str(chosen)
    dialog.save()
    assert machine_settings.DOCUMENTS_FOLDER.get(ini) == chosen
    seen = {}

    def fake_dialog(_parent, _title, directory, _filter=""):
        seen["directory"] = directory
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    preview = PdfPreviewDialog(b"%PDF-1.4\n%%EOF", title="t", suggested_name="compte-rendu.pdf")
    qtbot.addWidget(preview)
    preview.save_as()
    assert seen["directory"] == str(chosen / "compte-rendu.pdf")
    # The folder since removed: back to Documents (or home), still not the working directory.
    chosen.rmdir()
    assert machine_settings.documents_folder() == Path.home()


def plan_for(services, world):
    return services.crisis.create_version(
        world.case_review.id,
        PlanDraft(
            drawn_up_on=D,
            early_warning_signs="Insomnie, retrait social",
            what_helps="Un lieu calme",
            contacts=[
                ContactDraft(
                    CrisisContactKind.TRUSTED_PERSON,
                    name="Bernadette Arnaud",
                    role="Mère",
                    phone="06 11 22 33 44",
                    when_to_call="Dès les premiers signes",
                )
            ],
        ),
    )


def test_the_crisis_plan_is_printable_from_the_case(qtbot, app, services, world, tasks):
    plan = plan_for(services, world)
    pdf = Pdf(build_crisis_plan(DocumentService(services.ctx).crisis_plan(plan.id)))
    assert "Plan de crise conjoint" in pdf.flat and "Version 1 du 10/03/2026" in pdf.flat
    assert "ARNAUD Julie" in pdf.flat and "née le 04/05/1970" in pdf.flat
    assert "Signes d'alerte précoces Insomnie, retrait social" in pdf.flat
    # The phone number on one line, whole.
    assert "Bernadette Arnaud" in pdf.flat and "\n06 11 22 33 44\n" in pdf.text
    assert "Arnaud" not in pdf.title and pdf.title == "Plan de crise — version 1 du 10/03/2026"
    panel = CrisisPlanPanel(services, tasks)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(world.case_review.id)
    assert panel.print_button.isEnabled()
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(panel.generator and panel.generator.previews), timeout=WAIT)
    preview = panel.generator.previews[-1]
    assert "Arnaud" not in preview.windowTitle() and "version 1" in preview.windowTitle()
    qtbot.waitUntil(lambda: preview.document.pageCount() > 0, timeout=WAIT)
    preview.reject()
    panel.set_case(world.case_overdue.id)  # no plan: nothing to print
    assert not panel.print_button.isEnabled()


@pytest.mark.slow
def test_a_demo_base_does_not_survive_a_sigterm(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        [sys.executable, "-m", "rcp_desktop", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        # SIGTERM as soon as the demo base exists (start-up still running): honoured once the
        # window is up, the base closed and its folder removed.
        while not list(tmp_path.glob("rcp-desktop-demo-*/demo.db")):
            assert time.monotonic() < deadline
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)  # still starting: look again
                raise AssertionError("the app ended before its demo base existed")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert list(tmp_path.glob("rcp-desktop-demo-*")) == []
