"""Documents in the GUI: preview from memory, print through the print dialog to a PDF printer,
explicit save (0600), the Séances page's Documents menu, the recovery sheet."""

from __future__ import annotations

import io
import os
import stat

import pypdf
import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from rcp_desktop.models import MeetingStatus
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.storage import DatabaseKey
from rcp_desktop.ui.dialogs import RecoveryCodeDialog
from rcp_desktop.ui.documents import CaseChooserDialog, PdfPreviewDialog, install_document_actions
from rcp_desktop.ui.pages.meetings import MeetingsPage
from tests.reports.factory import MARKUP, Pdf, build_hostile_session
from tests.ui.loading import loaded

TIMEOUT = 30_000


def ready(dialog: PdfPreviewDialog) -> bool:
    return dialog.document.status() == QPdfDocument.Status.Ready and dialog.document.pageCount() > 0


def print_to_file(monkeypatch, dialog: PdfPreviewDialog, target) -> None:
    """The preview's printer is a PDF printer writing to *target* (a "printer to file")."""
    original = dialog.make_printer

    def make_printer():
        printer = original()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(dialog, "make_printer", make_printer)


def accept_print_dialog(qtbot, seen):
    """Accept the print dialog when it shows (its printer is already set to a file)."""

    def handle():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QPrintDialog):
            seen.append(widget.printer().outputFileName())
            widget.accept()
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


@pytest.fixture
def hostile_pdf(services):
    built = build_hostile_session(services)
    return built, build_minutes(DocumentService(services.ctx).minutes(built.meeting_id))


def test_preview_loads_from_memory_and_prints_through_the_dialog(
    qtbot, app, hostile_pdf, tmp_path, monkeypatch
):
    _built, pdf = hostile_pdf
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    dialog = PdfPreviewDialog(pdf, title="compte rendu du 03/03/2026", suggested_name="cr.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: ready(dialog), timeout=TIMEOUT)
    pages = Pdf(pdf).count
    assert dialog.document.pageCount() == pages
    assert dialog.pages_label.text() == f"{pages} page(s)"
    assert "ZYGOMAR" not in dialog.windowTitle()
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "printed.pdf"
    print_to_file(monkeypatch, dialog, out)
    seen = []
    accept_print_dialog(qtbot, seen)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert seen == [str(out)], "the print dialog was shown with the file printer"
    assert out.exists()
    printed = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert len(printed.pages) == pages
    assert "envoyée(s) à l'imprimante" in dialog.status.text()
    # Printing wrote nothing else: no temp file, nothing beside the chosen output.
    assert list(spool.iterdir()) == []
    assert [p.name for p in out.parent.iterdir()] == ["printed.pdf"]


def test_cancelling_the_print_dialog_prints_nothing(qtbot, app, hostile_pdf, tmp_path):
    _built, pdf = hostile_pdf
    dialog = PdfPreviewDialog(pdf, title="cr", suggested_name="cr.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: ready(dialog), timeout=TIMEOUT)

    def cancel():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QPrintDialog):
            widget.reject()
        else:
            QTimer.singleShot(20, cancel)

    QTimer.singleShot(20, cancel)
    assert dialog.print_document() is False
    assert dialog.status.text() == ""


def test_save_as_pdf_is_explicit_atomic_and_private(qtbot, app, hostile_pdf, tmp_path, monkeypatch):
    _built, pdf = hostile_pdf
    dialog = PdfPreviewDialog(pdf, title="cr", suggested_name="cr.pdf")
    qtbot.addWidget(dialog)
    target = tmp_path / "envoi" / "compte-rendu"
    target.parent.mkdir()
    monkeypatch.setattr(dialog, "ask_save_path", lambda: str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_name("compte-rendu.pdf")
    assert dialog.saved_path == saved
    assert saved.read_bytes() == pdf
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert os.listdir(target.parent) == ["compte-rendu.pdf"]  # no temp file left behind
    assert "Enregistré" in dialog.status.text()
    # Cancelling the file dialog writes nothing.
    monkeypatch.setattr(dialog, "ask_save_path", lambda: "")
    assert dialog.save_as() is None


def make_page(qtbot, services, tasks):
    page = MeetingsPage(services, tasks)
    qtbot.addWidget(page)
    actions = install_document_actions(page, services, tasks)
    page.refresh()
    page.show()
    return page, actions


def select_meeting(qtbot, page, meeting_id):
    """Select a session once the list is in (loaded off the GUI thread) and wait for it."""
    loaded(qtbot, page)
    assert page.meetings.select_id(meeting_id)
    assert page.current_meeting_id() == meeting_id
    loaded(qtbot, page)


def wait_preview(qtbot, actions):
    qtbot.waitUntil(
        lambda: bool(actions.generator.previews) and ready(actions.generator.previews[-1]),
        timeout=TIMEOUT,
    )
    return actions.generator.previews[-1]


def test_seances_documents_menu_minutes_and_pseudonymised_minutes(qtbot, demo_services, tasks):
    page, actions = make_page(qtbot, demo_services, tasks)
    assert actions.button.text() == "Documents"
    assert page.actions_bar.isAncestorOf(actions.button)
    actions._update_enabled()
    assert not actions.minutes.isEnabled()  # no session selected yet
    summary = next(
        m
        for m in demo_services.meetings.summaries()
        if m.status is MeetingStatus.VALIDATED and m.cases >= 3
    )
    select_meeting(qtbot, page, summary.id)
    actions._update_enabled()
    assert actions.minutes.isEnabled()
    actions.minutes.trigger()
    preview = wait_preview(qtbot, actions)
    named = Pdf(preview.pdf)
    assert "Compte rendu de séance" in named.text
    assert summary.held_on.strftime("%d/%m/%Y") in preview.windowTitle()
    preview.close()
    qtbot.waitUntil(lambda: not actions.generator.previews, timeout=TIMEOUT)
    actions.minutes_pseudonymised.trigger()
    preview = wait_preview(qtbot, actions)
    pseudo = Pdf(preview.pdf)
    meeting = demo_services.meetings.get(summary.id)
    for item in meeting.items:
        patient = item.case.patient  # documents print the birth name first, then a used name
        assert patient.birth_name.upper() in named.flat
        assert patient.display_name not in pseudo.flat
        assert patient.birth_name.upper() not in pseudo.flat
    assert preview.suggested_name == f"compte-rendu-pseudonymise-{summary.held_on.isoformat()}.pdf"


def test_case_sheet_asks_which_case_when_none_is_selected(qtbot, demo_services, tasks):
    page, actions = make_page(qtbot, demo_services, tasks)
    summary = next(
        m
        for m in demo_services.meetings.summaries()
        if m.status is MeetingStatus.VALIDATED and m.cases >= 2
    )
    select_meeting(qtbot, page, summary.id)
    page.items.clearSelection()
    page.items.setCurrentIndex(page.items.model().index(-1, -1))
    choices = DocumentService(demo_services.ctx).agenda_choices(summary.id)
    picked = {}

    def choose():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, CaseChooserDialog):
            assert widget.list.count() == len(choices)
            widget.list.setCurrentRow(1)
            picked["id"] = widget.chosen_case_id()
            widget.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        else:
            QTimer.singleShot(20, choose)

    QTimer.singleShot(20, choose)
    actions.case_sheet.trigger()
    preview = wait_preview(qtbot, actions)
    assert picked["id"] == choices[1].case_id
    text = Pdf(preview.pdf).flat
    assert "Fiche RCP" in text and choices[1].case_number in text
    assert choices[1].case_number in preview.windowTitle()
    assert choices[1].patient.split()[0] not in preview.windowTitle()


def test_case_sheet_of_the_selected_agenda_item(qtbot, demo_services, tasks):
    page, actions = make_page(qtbot, demo_services, tasks)
    summary = next(
        m
        for m in demo_services.meetings.summaries()
        if m.status is MeetingStatus.VALIDATED and m.cases >= 2
    )
    select_meeting(qtbot, page, summary.id)
    page.items.selectRow(0)
    item = page.items.current_item()
    assert page.current_case_id() == item.case_id
    actions.case_sheet.trigger()  # no chooser: the selected item is used
    preview = wait_preview(qtbot, actions)
    assert item.case.number in Pdf(preview.pdf).flat


def test_agenda_attendance_and_invitation(qtbot, services, tasks, tmp_path, monkeypatch):
    built = build_hostile_session(services)
    page, actions = make_page(qtbot, services, tasks)
    select_meeting(qtbot, page, built.meeting_id)
    actions.agenda.trigger()
    agenda = Pdf(wait_preview(qtbot, actions).pdf)
    assert "Convocation — ordre du jour" in agenda.text and "ZYGOMAR" not in agenda.text
    actions.attendance.trigger()
    qtbot.waitUntil(
        lambda: len(actions.generator.previews) == 2 and ready(actions.generator.previews[-1]),
        timeout=TIMEOUT,
    )
    sheet = Pdf(actions.generator.previews[-1].pdf)
    assert "Feuille d'émargement" in sheet.text and MARKUP in sheet.flat
    target = tmp_path / "invitation"
    monkeypatch.setattr(actions, "ask_ics_path", lambda suggested: str(target))
    actions.invitation.trigger()
    ics = target.with_name("invitation.ics")
    qtbot.waitUntil(ics.exists, timeout=TIMEOUT)
    assert stat.S_IMODE(ics.stat().st_mode) == 0o600
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert "ZYGOMAR" not in ics.read_text(encoding="utf-8")
    assert event.decoded("dtstart").hour == 20


def test_an_unknown_session_gives_a_french_message(qtbot, services, tasks, monkeypatch):
    page, actions = make_page(qtbot, services, tasks)
    monkeypatch.setattr(page, "current_meeting_id", lambda: 4242)
    seen = []
    monkeypatch.setattr(
        "rcp_desktop.ui.documents.QMessageBox.warning",
        lambda parent, title, text: seen.append(text),
    )
    actions.minutes.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT)
    assert "Séance introuvable" in seen[0]
    assert not actions.generator.previews and not actions.generator.busy


def test_recovery_dialog_previews_and_prints_the_sheet(qtbot, tasks, tmp_path, monkeypatch):
    key = DatabaseKey.generate()
    dialog = RecoveryCodeDialog(key, database=str(tmp_path / "rcp.db"), tasks=tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.print_sheet, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            dialog.sheet_preview is not None
            and bool(dialog.sheet_preview.previews)
            and ready(dialog.sheet_preview.previews[-1])
        ),
        timeout=TIMEOUT,
    )
    preview = dialog.sheet_preview.previews[-1]
    assert not preview.save_button.isVisible()  # the code must not go to the disk
    text = Pdf(preview.pdf).text
    assert key.recovery_code().split("-")[0] in text and "Attention" in text
    out = tmp_path / "secours.pdf"
    print_to_file(monkeypatch, preview, out)
    seen = []
    accept_print_dialog(qtbot, seen)
    assert preview.print_document()
    assert len(pypdf.PdfReader(str(out)).pages) == 1


def test_settings_dialog_checks_and_stores_the_logo(qtbot, services, tmp_path):
    from PIL import Image

    from rcp_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.choose_logo.text() == "Choisir un logo…"
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"<svg>pas une image</svg>")
    assert not dialog.load_logo(bad)
    assert "PNG ou JPEG" in dialog.logo_error.text()
    dialog.save()
    assert services.settings.logo() is None  # nothing stored
    good = tmp_path / "logo.jpg"
    Image.new("RGB", (300, 120), (200, 30, 30)).save(good, format="JPEG")
    assert dialog.load_logo(good)
    assert dialog.logo_error.text() == "" and dialog.logo_preview.pixmap() is not None
    dialog.save()
    assert services.settings.logo() == good.read_bytes()
    again = SettingsDialog(services)
    qtbot.addWidget(again)
    assert again.remove_logo.isEnabled()
    qtbot.mouseClick(again.remove_logo, Qt.MouseButton.LeftButton)
    again.save()
    assert services.settings.logo() is None
