"""The Annuaire dialogs under the pseudo-locale of test_translations: every text translated,
nothing clipped when it grows by a third."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from rcp_desktop.services.directory_import import ImportReport, Outcome, ReportLine, SkipReason
from rcp_desktop.ui.directory.import_dialog import ImportDialog
from rcp_desktop.ui.directory.professional_dialog import ProfessionalDialog
from rcp_desktop.ui.directory.report_dialog import ImportReportDialog
from tests.ui.test_translations import OPEN, pseudo, pseudo_catalogue, shown_texts  # noqa: F401


def _report() -> ImportReport:
    report = ImportReport(
        file_name="liste.csv", rows_read=3, professionals_in_file=2, added=1, committed=True
    )
    report.skipped[SkipReason.NO_IDENTIFIER] = 1
    report.lines.append(ReportLine(Outcome.ADDED, 2, "Zoé Martin", "RPPS 19990001018", ""))
    return report


DIALOGS = {
    "professional": lambda services, tasks: ProfessionalDialog(services),
    "import": lambda services, tasks: ImportDialog(services, tasks),
    "report": lambda services, tasks: ImportReportDialog(_report()),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_annuaire_dialogs_are_translated_and_not_clipped(qtbot, pseudo, services, tasks, name):  # noqa: F811
    dialog = DIALOGS[name](services, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.windowTitle().startswith(OPEN)
    # Data (a name, a file name) is shown as typed; everything else goes through the translator.
    untranslated = [
        f"{w}: {t!r}"
        for w, t in shown_texts(dialog)
        if OPEN not in t and t not in ("Zoé Martin", "RPPS 19990001018")
    ]
    assert untranslated == []
    clipped = [
        f"{type(w).__name__} {w.text()!r}"
        for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel)
        if w.isVisible()
        and w.text()
        and not getattr(w, "wordWrap", lambda: False)()
        and w.width() < w.minimumSizeHint().width()
    ]
    assert clipped == []
