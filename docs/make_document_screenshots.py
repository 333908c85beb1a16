"""Render the first page of each session document of a fresh demo database to PNG, for the
README: ``make screenshots`` (or ``python docs/make_document_screenshots.py``); and the review
of a pseudonymised document as the preview shows it (a note with identifiers typed first).

Pages are rendered with QtPdf from the PDF bytes in memory, as the in-app preview does.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from rcp_desktop.app import configure_app, start_demo
from rcp_desktop.domain.dates import fr_date
from rcp_desktop.models import DocumentKind, MeetingStatus, Triage
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.services.documents import DocumentRegister, DocumentService
from rcp_desktop.ui.documents import ReviewedPreviewDialog
from rcp_desktop.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent / "screenshots"
WIDTH = 900


def demo_logo() -> bytes:
    """A made-up logo for the demo CPTS (drawn here, not a real organisation's)."""
    image = QImage(360, 120, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1a5fb4"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(4, 4, 112, 112), 24, 24)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 34, QFont.Weight.Bold))
    painter.drawText(QRectF(4, 4, 112, 112), Qt.AlignmentFlag.AlignCenter, "PE")
    painter.setPen(QColor("#1a5fb4"))
    painter.setFont(QFont("DejaVu Sans", 30, QFont.Weight.Bold))
    painter.drawText(QRectF(130, 4, 230, 112), Qt.AlignmentFlag.AlignVCenter, "CPTS")
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def first_page_png(pdf: bytes, path: Path) -> None:
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    while document.status() == QPdfDocument.Status.Loading:
        QGuiApplication.processEvents()
    points = document.pagePointSize(0)
    size = QSize(WIDTH, round(WIDTH * points.height() / points.width()))
    page = document.render(0, size)
    framed = QImage(page.size(), QImage.Format.Format_RGB32)
    framed.fill(QColor("white"))
    painter = QPainter(framed)
    painter.drawImage(0, 0, page)
    painter.setPen(QColor("#9a9996"))
    painter.drawRect(0, 0, framed.width() - 1, framed.height() - 1)
    painter.end()
    framed.save(str(path))


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_app(app)  # the app's style and Qt's French catalogue (« Fermer »)
    tasks = TaskRunner()
    opened = start_demo(tasks)
    try:
        services = opened.services
        services.settings.set_logo(demo_logo())
        summary = next(
            m
            for m in services.meetings.summaries()
            if m.status is MeetingStatus.VALIDATED and m.cases >= 4
        )
        documents = DocumentService(services.ctx)
        OUT.mkdir(exist_ok=True)
        target = OUT / "compte-rendu.png"
        first_page_png(build_minutes(documents.minutes(summary.id)), target)
        print(target)
        for path in pseudonymised_review(services):
            print(path)
    finally:
        opened.close()
        app.processEvents()
    return 0


def pseudonymised_review(services) -> list[Path]:
    """A note naming the patient, a neighbour and a phone number typed in a session whose
    minutes are not validated yet; its pseudonymised minutes (first page) and the preview with
    its review."""
    held = next(
        m
        for m in services.meetings.summaries()
        if m.status is not MeetingStatus.VALIDATED and m.cases >= 2
    )
    items = services.agenda.items(held.id)
    item = next((i for i in items if i.triage is Triage.FULL_DISCUSSION), items[0])
    patient = item.case.patient
    note = (
        f"{item.discussion_notes or ''}\nAppel de Mme {patient.birth_name} "
        f"({patient.first_names.split()[0]}, née le {fr_date(patient.birth_date)}) au "
        "06 12 34 56 78 ; sa voisine, Mme Grandcolas, s'inquiète. Dossier suivi au CMP de Savigny."
    ).strip()
    services.agenda.save_text(
        item.id, "discussion_notes", note, expected_version=None, previous=None
    )
    produced = DocumentRegister(services.ctx).produce(
        DocumentKind.MINUTES, held.id, build_minutes, pseudonymise=True
    )
    page = OUT / "compte-rendu-pseudonymise.png"
    first_page_png(produced.content, page)
    dialog = ReviewedPreviewDialog(
        produced,
        title=f"compte rendu pseudonymisé du {fr_date(held.held_on)}",
        suggested_name="compte-rendu-pseudonymise.pdf",
        remask=lambda _terms, _then: None,
    )
    dialog.resize(1280, 860)
    dialog.show()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:  # QPdfView renders its pages asynchronously
        QGuiApplication.processEvents()
        time.sleep(0.02)
    review = OUT / "relecture-pseudonymisation.png"
    dialog.grab().save(str(review))
    dialog.close()
    return [page, review]


if __name__ == "__main__":
    sys.exit(main())
