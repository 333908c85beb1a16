"""The review of a pseudonymised document in the GUI, driven through the visible widgets: the
preview lists what was masked and what remains; printing and saving wait; one click masks what
remains; every production, print and save is in the document register."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from rcp_desktop.models import DocumentAction, DocumentKind
from rcp_desktop.services.documents import DocumentRegister
from rcp_desktop.ui.documents import PdfPreviewDialog, ReviewedPreviewDialog
from tests.reports.factory import Pdf
from tests.reports.pseudonymised_world import build
from tests.ui.test_documents import TIMEOUT, make_page, ready, select_meeting, wait_preview

TEXT = "Vue avec Mme Delahaye et sa voisine Léonie Grandcolas ; badge 4471982. Appeler le 06 12 34 56 78."


def open_pseudonymised_minutes(qtbot, services, tasks):
    world = build(services, text=TEXT, chunked=False)
    page, actions = make_page(qtbot, services, tasks)
    select_meeting(qtbot, page, world.meeting_id)
    actions._update_enabled()
    actions.minutes_pseudonymised.trigger()
    preview = wait_preview(qtbot, actions)
    assert isinstance(preview, ReviewedPreviewDialog)
    return world, actions, preview


def suspects(preview: ReviewedPreviewDialog) -> list[str]:
    panel = preview.review_panel
    return [panel.suspect_list.item(i).text() for i in range(panel.suspect_list.count())]


def test_the_review_lists_masked_and_remaining_and_one_click_masks_more(
    qtbot, services, tasks, tmp_path, monkeypatch
):
    world, _actions, preview = open_pseudonymised_minutes(qtbot, services, tasks)
    panel = preview.review_panel
    masked = [panel.masked_list.item(i).text() for i in range(panel.masked_list.count())]
    assert any("nom — « Delahaye » — Situation A" in m for m in masked)
    assert any(m.startswith("téléphone — « 06 12 34 56 78 »") for m in masked)
    assert "« Léonie Grandcolas » — Situation A, Situation B, Addenda" in suspects(preview)
    assert any(s.startswith("« 4471982 »") for s in suspects(preview))
    first = Pdf(preview.pdf)
    assert "Grandcolas" in first.text and "Delahaye" not in first.text
    # Nothing leaves the preview while something remains to check.
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    qtbot.mouseClick(panel.mask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Grandcolas" not in Pdf(preview.pdf).text, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: ready(preview), timeout=TIMEOUT)
    again = Pdf(preview.pdf)
    assert "4471982" not in again.text and "[masqué]" in again.text
    assert suspects(preview) == []
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    target = tmp_path / "cr.pdf"
    monkeypatch.setattr(preview, "ask_save_path", lambda: str(target))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == preview.pdf
    records = DocumentRegister(services.ctx).records(world.meeting_id)
    assert [(r.kind, r.action, r.pseudonymised) for r in records] == [
        (DocumentKind.MINUTES, DocumentAction.PRODUCED, True),
        (DocumentKind.MINUTES, DocumentAction.PRODUCED, True),
        (DocumentKind.MINUTES, DocumentAction.SAVED, True),
    ]
    assert records[2].produced_id == records[1].id
    assert records[2].sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert records[1].labels == (
        ("Situation A", world.case_id),
        ("Situation B", world.listed_case_id),
    )


def test_what_may_stay_is_unticked_and_the_reader_says_so(
    qtbot, services, tasks, tmp_path, monkeypatch
):
    _world, _actions, preview = open_pseudonymised_minutes(qtbot, services, tasks)
    panel = preview.review_panel
    for row in range(panel.suspect_list.count()):
        item = panel.suspect_list.item(row)
        if "4471982" in item.text():
            item.setCheckState(Qt.CheckState.Unchecked)
    assert panel.checked_terms() == ["Léonie Grandcolas"]
    qtbot.mouseClick(panel.mask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Grandcolas" not in Pdf(preview.pdf).text, timeout=TIMEOUT)
    assert any("4471982" in s for s in suspects(preview))
    assert not preview.save_button.isEnabled()
    panel.reviewed.click()
    assert preview.save_button.isEnabled() and preview.print_button.isEnabled()
    assert "4471982" in Pdf(preview.pdf).text


def test_printing_a_named_document_is_recorded(qtbot, services, tasks, tmp_path, monkeypatch):
    world = build(services, clean=True, chunked=False)
    page, actions = make_page(qtbot, services, tasks)
    select_meeting(qtbot, page, world.meeting_id)
    actions.minutes.trigger()
    preview = wait_preview(qtbot, actions)
    assert type(preview) is PdfPreviewDialog  # no review for a named document
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer)
    records = DocumentRegister(services.ctx).records(world.meeting_id)
    assert [(r.action, r.pseudonymised) for r in records] == [
        (DocumentAction.PRODUCED, False),
        (DocumentAction.PRINTED, False),
    ]
    assert records[1].sha256 == records[0].sha256  # the very bytes produced were printed


def test_live_mode_pseudonymised_view_uses_the_documents_masking(qtbot, services):
    """The projected view masks the question, the crisis plan and the open actions as the
    pseudonymised documents do, and shows the cases by their labels."""
    from rcp_desktop.ui.live.window import LiveMeetingWindow
    from tests import pseudonymise_corpus as corpus

    world = build(services, text=TEXT, chunked=False)
    with services.db.write(services.ctx.actor) as s:
        from rcp_desktop.models import CrisisPlanVersion

        plan = s.get(CrisisPlanVersion, 1)
        plan.triggers = "Disputes avec Gaspard Ébrard ; appels de Mme Delahaye au 06 12 34 56 78."
    live = LiveMeetingWindow(services, world.meeting_id)
    qtbot.addWidget(live)
    live.show()
    assert "Delahaye" in live.case_panel.question.text()
    qtbot.mouseClick(live.pseudo_button, Qt.MouseButton.LeftButton)
    assert live.case_panel.case_title.text() == "Situation A"
    question = live.case_panel.question.text()
    assert "Delahaye" not in question and "[nom]" in question and "[téléphone]" in question
    plan_text = live.context_panel.crisis_plan.text()
    assert "Ébrard" not in plan_text and "Delahaye" not in plan_text and "06 12" not in plan_text
    assert corpus.TRUSTED["role"] in plan_text
    items = [live.agenda_list.item(i).text() for i in range(live.agenda_list.count())]
    assert items[0].startswith("1. Situation A") and items[1].startswith("2. Situation B")
    assert not any(corpus.CASE_NUMBER in t for t in items)
