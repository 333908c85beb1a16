"""Screenshots of the requests and of the people around the patient (``make screenshots``): the
Demandes page with its queue, the acceptance dialog, the blank request form and a fiche RCP
that says whether the GP attended and how the patient was informed (PDF pages rendered with
pdftoppm when it is installed).

Builds a one-year demo base in a temporary folder (fictional data) and opens the real window.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from rcp_desktop.app import configure_app
from rcp_desktop.models import MeetingStatus
from rcp_desktop.reports.case_sheet import build_case_sheet
from rcp_desktop.reports.request_form import build_request_form
from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.pages.requests import RequestsPage
from rcp_desktop.ui.requests.dialogs import AcceptDialog
from rcp_desktop.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent / "screenshots"


def shoot(widget, name: str) -> None:
    QApplication.processEvents()
    target = OUT / f"{name}.png"
    widget.grab().save(str(target))
    print(target)


def render_pdf(content: bytes, name: str, folder: Path) -> None:
    """The first page of a PDF as a PNG (pdftoppm, poppler-utils), if available."""
    if shutil.which("pdftoppm") is None:
        print(f"pdftoppm absent: {name} not rendered")
        return
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(OUT / name),
        ],
        check=True,
    )
    print(OUT / f"{name}.png")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_app(app)
    tasks = TaskRunner()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rcp-doc-") as tmp:
        db = Database.create(Path(tmp) / "demo.db", DatabaseKey.generate())
        services = Services(db, Actor("doc", "Dr Exemple"))
        demo.generate(services.ctx, years=1, seed=1)
        window = MainWindow(services, tasks, demo=True, protection="démonstration")
        window.resize(1280, 800)
        window.show()
        page = window.page(RequestsPage)
        window.nav.setCurrentRow(window.pages.index(page))
        page.table.selectRow(0)
        shoot(window, "demandes")
        request = services.requests.get(page.current().id)
        dialog = AcceptDialog(services, request, window)
        dialog.show()
        shoot(dialog, "demande-accepter")
        dialog.close()

        documents = DocumentService(services.ctx)
        render_pdf(build_request_form(documents.letterhead()), "formulaire-demande", Path(tmp))
        held = [m for m in services.meetings.summaries() if m.status is MeetingStatus.VALIDATED]
        for summary in reversed(held):
            choices = documents.agenda_choices(summary.id)
            sheets = [documents.case_sheet(summary.id, c.case_id) for c in choices]
            sheet = next((d for d in sheets if d.patient_informed and d.guests), None)
            if sheet is not None:
                render_pdf(build_case_sheet(sheet), "fiche-rcp-medecin-patient", Path(tmp))
                break
        window.close()
        db.close()
    tasks.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
