"""Documents in the GUI: generate off the GUI thread, preview from memory, print, save on request.

* :class:`PdfPreviewDialog` shows a PDF held in memory (QPdfDocument over a QBuffer), prints it
  through QPrintDialog by rendering its pages from memory onto the QPrinter, and writes it to a
  file only when the user chooses "Enregistrer en PDF…" (atomically, mode 0600).
* :class:`ReviewedPreviewDialog` adds, for a pseudonymised document, the review beside the
  preview (:mod:`rcp_desktop.ui.review_panel`): what was masked is highlighted, what remains is
  listed and one click masks it; printing and saving wait until nothing remains to check or the
  reader says the rest may stay.
* :func:`install_document_actions` adds a "Documents" menu to the Séances page: minutes (named or
  pseudonymised), fiche RCP, agenda / convocation, attendance sheet, .ics invitation. Every
  document is made through :class:`~rcp_desktop.services.documents.DocumentRegister`, which
  records producing it; printing and saving it are recorded too.
* :func:`show_recovery_sheet` previews and prints the recovery sheet of a new database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.models import DocumentAction, DocumentKind
from rcp_desktop.services.documents import DocumentRegister, DocumentService, Produced
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.machine_settings import save_location
from rcp_desktop.ui.review_panel import ReviewPanel
from rcp_desktop.ui.tasks import TaskRunner

# What the preview is told when its document is printed or saved (the bytes printed / written).
UseHook = Callable[[DocumentAction, bytes], None]

log = logging.getLogger(__name__)

PRINT_MAX_DPI = 300


def render_pages(
    document: QPdfDocument, printer: QPrinter, progress: Callable[[int, int], None] | None = None
) -> int:
    """Paint every page of *document* (in memory) onto *printer*; return the number of pages.

    Pages are rasterised at the printer's resolution (at most 300 dpi) and drawn on the whole
    sheet: the PDF already carries its margins. Nothing is written anywhere but to the printer."""
    count = document.pageCount()
    if count <= 0:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer")
    try:
        dpi = min(printer.resolution(), PRINT_MAX_DPI)
        for index in range(count):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            area = QRectF(painter.viewport())
            scale = min(area.width() / size.width(), area.height() / size.height())
            target = QRectF(QPointF(0, 0), size.toSizeF() * scale)
            target.moveCenter(area.center())
            painter.drawImage(target, image)
            if progress is not None:
                progress(index + 1, count)
    finally:
        painter.end()
    return count


class PdfPreviewDialog(QDialog):
    """Preview of a PDF held in memory, with print and an explicit "save as PDF"."""

    def __init__(
        self,
        pdf: bytes,
        *,
        title: str,
        suggested_name: str,
        allow_save: bool = True,
        on_used: UseHook | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.on_used = on_used
        self.saved_path: Path | None = None
        # The window title names the document, never a patient.
        self.setWindowTitle(self.tr("Aperçu — {title}").format(title=title))
        self.resize(820, 900)
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.print_button = QPushButton(self.tr("Imprimer…"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("Enregistrer en PDF…"))
        self.save_button.setToolTip(
            self.tr("Écrit une copie non chiffrée du document : à réserver aux envois nécessaires.")
        )
        self.save_button.clicked.connect(self.save_as)
        self.save_button.setVisible(allow_save)
        zoom_out = QToolButton()
        zoom_out.setText("−")
        zoom_out.setToolTip(self.tr("Zoom arrière"))
        zoom_out.clicked.connect(lambda: self._zoom(1 / 1.25))
        zoom_in = QToolButton()
        zoom_in.setText("+")
        zoom_in.setToolTip(self.tr("Zoom avant"))
        zoom_in.clicked.connect(lambda: self._zoom(1.25))
        fit = QToolButton()
        fit.setText(self.tr("Largeur"))
        fit.setToolTip(self.tr("Ajuster à la largeur"))
        fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.pages_label = QLabel()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addSpacing(12)
        bar.addWidget(zoom_out)
        bar.addWidget(zoom_in)
        bar.addWidget(fit)
        bar.addSpacing(12)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        self.body = QHBoxLayout()
        self.body.addWidget(self.view, 1)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.status)
        self.document.statusChanged.connect(self._update_pages)
        self._update_pages()

    def _update_pages(self, *_args) -> None:
        n = self.document.pageCount()
        ready = self.document.status() == QPdfDocument.Status.Ready
        self.print_button.setEnabled(ready and n > 0 and self.may_release())
        self.save_button.setEnabled(self.may_release())
        self.pages_label.setText(self.tr("{n} page(s)").format(n=n) if ready else "")

    def may_release(self) -> bool:
        """Whether the document may be printed or saved now."""
        return True

    def set_pdf(self, pdf: bytes) -> None:
        """Show another version of the document (from memory)."""
        self.pdf = pdf
        self.document.close()
        self._data = QByteArray(pdf)
        old = self._buffer
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        old.close()
        old.deleteLater()
        self._update_pages()

    def _used(self, action: DocumentAction) -> None:
        if self.on_used is not None:
            self.on_used(action, self.pdf)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    # --- printing -------------------------------------------------------------------------

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        return printer

    def print_document(self) -> bool:
        """Ask where and how to print, then print from memory. True if something was printed."""
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimer"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        progress = QProgressDialog(
            self.tr("Impression en cours…"), "", 0, self.document.pageCount(), self
        )
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setValue(done)
            QApplication.processEvents()

        try:
            pages = render_pages(self.document, printer, step)
        except OSError:
            progress.close()
            QMessageBox.warning(
                self, self.tr("Impression"), self.tr("L'imprimante n'a pas pu être ouverte.")
            )
            return False
        progress.close()
        self.status.setText(self.tr("{n} page(s) envoyée(s) à l'imprimante.").format(n=pages))
        if pages > 0:
            self._used(DocumentAction.PRINTED)
        return pages > 0

    # --- saving ---------------------------------------------------------------------------

    def ask_save_path(self) -> str:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Enregistrer en PDF"),
            save_location(self.suggested_name),
            self.tr("Document PDF (*.pdf)"),
        )
        return name

    def save_as(self) -> Path | None:
        name = self.ask_save_path()
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            atomic_write_bytes(path, self.pdf)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Enregistrer en PDF"),
                self.tr("Impossible d'écrire le fichier : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                ),
            )
            return None
        self.saved_path = path
        self.status.setText(self.tr("Enregistré : {path}").format(path=path))
        self._used(DocumentAction.SAVED)
        return path


class ReviewedPreviewDialog(PdfPreviewDialog):
    """The preview of a pseudonymised document with its review beside it. "Masquer" asks
    *remask* (terms masked so far) for a new version, made off the GUI thread; printing and
    saving wait for the review (see :class:`~rcp_desktop.ui.review_panel.ReviewPanel`)."""

    def __init__(
        self,
        produced: Produced,
        *,
        title: str,
        suggested_name: str,
        remask: Callable[[tuple[str, ...], Callable[[Produced], None]], None],
        on_used: UseHook | None = None,
        parent: QWidget | None = None,
    ) -> None:
        assert produced.review is not None
        super().__init__(
            produced.content,
            title=title,
            suggested_name=suggested_name,
            on_used=on_used,
            parent=parent,
        )
        self.produced = produced
        self.terms: tuple[str, ...] = ()
        self.remask = remask
        self.review_panel = ReviewPanel(produced.review)
        self.resize(1180, 900)
        self.body.addWidget(self.review_panel)
        self.review_panel.cleared.connect(lambda _ok: self._update_pages())
        self.review_panel.mask_requested.connect(self.mask_more)
        self._update_pages()

    def may_release(self) -> bool:
        panel = getattr(self, "review_panel", None)
        return panel is not None and panel.is_cleared()

    def mask_more(self, terms: list[str]) -> None:
        self.terms = tuple(dict.fromkeys((*self.terms, *terms)))
        self.review_panel.set_busy(True)
        self.status.setText(self.tr("Nouvelle version en préparation…"))
        self.remask(self.terms, self.show_produced)

    def show_produced(self, produced: Produced) -> None:
        assert produced.review is not None
        self.produced = produced
        self.set_pdf(produced.content)
        self.review_panel.show_review(produced.review)
        self.status.setText(self.tr("Document mis à jour."))


class CaseChooserDialog(QDialog):
    """Which case of the session? (for the fiche RCP when none is selected on the page)."""

    def __init__(self, choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fiche RCP — choisir le dossier"))
        self.list = QListWidget()
        for choice in choices:
            text = self.tr("{position}. Dossier {number} — {patient}").format(
                position=choice.position, number=choice.case_number, patient=choice.patient
            )
            if choice.listed:
                text += self.tr(" (listé, non discuté)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, choice.case_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Dossiers à l'ordre du jour de la séance :")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(480, 360)

    def chosen_case_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


class DocumentGenerator(QObject):
    """Runs a document builder on the thread pool behind a progress dialog, then hands the
    bytes to a callback on the GUI thread; French messages for refused operations."""

    def __init__(self, parent: QWidget, tasks: TaskRunner) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.tasks = tasks
        self.previews: list[PdfPreviewDialog] = []
        self.busy = False

    def run(self, label: str, build: Callable[[], Any], on_ready: Callable[[Any], None]) -> None:
        if self.busy:
            return
        self.busy = True
        progress = QProgressDialog(label, "", 0, 0, self.parent_widget)
        progress.setWindowTitle(self.tr("Documents"))
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.show()

        def done(result: Any) -> None:
            self.busy = False
            progress.close()
            progress.deleteLater()
            on_ready(result)

        def failed(exc: BaseException) -> None:
            self.busy = False
            progress.close()
            progress.deleteLater()
            if isinstance(exc, ServiceError):
                QMessageBox.warning(self.parent_widget, self.tr("Document impossible"), exc.message)
            else:
                raise exc

        self.tasks.run(build, done, failed)

    def preview(
        self,
        label: str,
        build: Callable[[], bytes],
        *,
        title: str,
        suggested_name: str,
        allow_save: bool = True,
        on_ready: Callable[[], None] | None = None,
    ) -> None:
        """*on_ready*: called once the document is made, before its preview shows."""

        def show(pdf: bytes) -> None:
            if on_ready is not None:
                on_ready()
            dialog = PdfPreviewDialog(
                pdf,
                title=title,
                suggested_name=suggested_name,
                allow_save=allow_save,
                parent=self.parent_widget,
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.previews.append(dialog)
            dialog.finished.connect(lambda _code, d=dialog: self._forget(d))
            dialog.open()

        self.run(label, build, show)

    def preview_document(
        self,
        label: str,
        make: Callable[[tuple[str, ...]], Produced],
        register: DocumentRegister,
        *,
        title: str,
        suggested_name: str,
    ) -> None:
        """Make a session document off the GUI thread (*make*: terms to mask more → the
        recorded document) and preview it; a pseudonymised one with its review. Printing and
        saving it are recorded in the register."""

        def remask(terms: tuple[str, ...], then: Callable[[Produced], None]) -> None:
            self.run(label, lambda: make(terms), then)

        def show(produced: Produced) -> None:
            dialog: PdfPreviewDialog
            if produced.review is not None:
                dialog = ReviewedPreviewDialog(
                    produced,
                    title=title,
                    suggested_name=suggested_name,
                    remask=remask,
                    parent=self.parent_widget,
                )
            else:
                dialog = PdfPreviewDialog(
                    produced.content,
                    title=title,
                    suggested_name=suggested_name,
                    parent=self.parent_widget,
                )

            def used(action: DocumentAction, content: bytes, d: PdfPreviewDialog = dialog) -> None:
                shown = d.produced if isinstance(d, ReviewedPreviewDialog) else produced
                register.record_use(shown.record_id, action, content)

            dialog.on_used = used
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.previews.append(dialog)
            dialog.finished.connect(lambda _code, d=dialog: self._forget(d))
            dialog.open()

        self.run(label, lambda: make(()), show)

    def _forget(self, dialog: PdfPreviewDialog) -> None:
        if dialog in self.previews:
            self.previews.remove(dialog)


class MeetingDocumentActions(QObject):
    """The "Documents" menu of the Séances page."""

    def __init__(self, page, services, tasks: TaskRunner) -> None:
        super().__init__(page)
        self.page = page
        self.services = services
        self.documents = DocumentService(services.ctx)
        self.register = DocumentRegister(services.ctx)
        self.generator = DocumentGenerator(page, tasks)
        self.menu = QMenu(self.tr("Documents"), page)
        self.minutes = self._action(self.tr("Compte rendu de séance…"), self.show_minutes)
        self.minutes_pseudonymised = self._action(
            self.tr("Compte rendu pseudonymisé…"), lambda: self.show_minutes(pseudonymise=True)
        )
        self.case_sheet = self._action(self.tr("Fiche RCP du dossier…"), self.show_case_sheet)
        self.patient_letter = self._action(
            self.tr("Courrier au patient…"), self.show_patient_letter
        )
        self.menu.addSeparator()
        self.agenda = self._action(self.tr("Ordre du jour / convocation…"), self.show_agenda)
        self.attendance = self._action(self.tr("Feuille d'émargement…"), self.show_attendance_sheet)
        self.invitation = self._action(self.tr("Invitation agenda (.ics)…"), self.export_invitation)
        from rcp_desktop.ui.patient_docs.record_actions import RecordDocumentActions

        self.record = RecordDocumentActions(self)
        self.button = QToolButton()
        self.button.setText(self.tr("Documents"))
        self.button.setToolTip(
            self.tr("Compte rendu, fiches RCP, ordre du jour, émargement, invitation")
        )
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu.aboutToShow.connect(self._update_enabled)

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _update_enabled(self) -> None:
        selected = self.page.current_meeting_id() is not None
        for action in (
            self.minutes,
            self.minutes_pseudonymised,
            self.case_sheet,
            self.patient_letter,
            self.agenda,
            self.attendance,
            self.invitation,
        ):
            action.setEnabled(selected)

    def _meeting_id(self) -> int | None:
        meeting_id = self.page.current_meeting_id()
        if meeting_id is None:
            QMessageBox.information(
                self.page, self.tr("Documents"), self.tr("Sélectionnez d'abord une séance.")
            )
        return meeting_id

    def _meeting_day(self, meeting_id: int) -> tuple[str, str]:
        """The session's date for titles (jj/mm/aaaa) and file names (aaaa-mm-jj): from the
        page's list when the session is in it (no query), else read."""
        held_on = None
        table = getattr(self.page, "meetings", None)
        row = table.source.row_of(meeting_id) if table is not None else None
        if row is not None:
            held_on = table.source.record(row).held_on
        else:
            try:
                held_on = self.services.meetings.get(meeting_id).held_on
            except ServiceError:
                pass
        if held_on is None:
            return str(meeting_id), str(meeting_id)
        return fr_date(held_on), held_on.isoformat()

    # --- the documents ----------------------------------------------------------------------

    def show_minutes(self, *, pseudonymise: bool = False) -> None:
        from rcp_desktop.reports.minutes import build_minutes

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        day, iso = self._meeting_day(meeting_id)
        register = self.register
        self.generator.preview_document(
            self.tr("Préparation du compte rendu…"),
            lambda terms: register.produce(
                DocumentKind.MINUTES,
                meeting_id,
                build_minutes,
                pseudonymise=pseudonymise,
                extra_terms=terms,
            ),
            register,
            title=(
                self.tr("compte rendu pseudonymisé du {day}")
                if pseudonymise
                else self.tr("compte rendu du {day}")
            ).format(day=day),
            suggested_name=(
                f"compte-rendu-pseudonymise-{iso}.pdf"
                if pseudonymise
                else f"compte-rendu-{iso}.pdf"
            ),
        )

    def selected_case_id(self, meeting_id: int) -> int | None:
        """The case of the agenda item selected on the page, if it belongs to *meeting_id*."""
        case_id = self.page.current_case_id()
        if case_id is None or self.page.current_meeting_id() != meeting_id:
            return None
        return case_id

    def choose_case(self, meeting_id: int) -> int | None:
        choices = self.documents.agenda_choices(meeting_id)
        if not choices:
            QMessageBox.information(
                self.page,
                self.tr("Fiche RCP"),
                self.tr("Aucun dossier à l'ordre du jour de cette séance."),
            )
            return None
        dialog = CaseChooserDialog(choices, self.page)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_case_id()

    def show_case_sheet(self, case_id: int | None = None) -> None:
        from rcp_desktop.reports.case_sheet import build_case_sheet

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        case_id = case_id or self.selected_case_id(meeting_id) or self.choose_case(meeting_id)
        if case_id is None:
            return
        day, iso = self._meeting_day(meeting_id)
        documents = self.documents
        number = next(
            (c.case_number for c in documents.agenda_choices(meeting_id) if c.case_id == case_id),
            str(case_id),
        )
        register = self.register
        self.generator.preview_document(
            self.tr("Préparation de la fiche RCP…"),
            lambda _terms: register.produce(
                DocumentKind.CASE_SHEET, meeting_id, build_case_sheet, case_id=case_id
            ),
            register,
            title=self.tr("fiche RCP du dossier {number}, séance du {day}").format(
                number=number, day=day
            ),
            suggested_name=f"fiche-rcp-{number}-{iso}.pdf",
        )

    def show_patient_letter(self, case_id: int | None = None) -> None:
        """The letter explaining the proposal to the patient of the chosen case (the
        pathway's template, Paramètres); its preparation goes on the case's timeline."""
        from rcp_desktop.reports.patient_docs import build_patient_letter

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        case_id = case_id or self.selected_case_id(meeting_id) or self.choose_case(meeting_id)
        if case_id is None:
            return
        day, iso = self._meeting_day(meeting_id)
        number = next(
            (
                c.case_number
                for c in self.documents.agenda_choices(meeting_id)
                if c.case_id == case_id
            ),
            str(case_id),
        )
        patient_docs = self.services.patient_docs
        self.generator.preview(
            self.tr("Préparation du courrier au patient…"),
            lambda: patient_docs.produce_letter(meeting_id, case_id, build_patient_letter)[0],
            title=self.tr("courrier au patient, dossier {number}, séance du {day}").format(
                number=number, day=day
            ),
            suggested_name=f"courrier-patient-{number}-{iso}.pdf",
        )

    def show_agenda(self) -> None:
        from rcp_desktop.reports.agenda import build_agenda

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        day, iso = self._meeting_day(meeting_id)
        register = self.register
        self.generator.preview_document(
            self.tr("Préparation de l'ordre du jour…"),
            lambda terms: register.produce(
                DocumentKind.AGENDA, meeting_id, build_agenda, extra_terms=terms
            ),
            register,
            title=self.tr("ordre du jour du {day}").format(day=day),
            suggested_name=f"ordre-du-jour-{iso}.pdf",
        )

    def show_attendance_sheet(self) -> None:
        from rcp_desktop.reports.agenda import build_attendance_sheet

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        day, iso = self._meeting_day(meeting_id)
        register = self.register
        self.generator.preview_document(
            self.tr("Préparation de la feuille d'émargement…"),
            lambda terms: register.produce(
                DocumentKind.ATTENDANCE_SHEET, meeting_id, build_attendance_sheet, extra_terms=terms
            ),
            register,
            title=self.tr("feuille d'émargement du {day}").format(day=day),
            suggested_name=f"emargement-{iso}.pdf",
        )

    def ask_ics_path(self, suggested: str) -> str:
        name, _filter = QFileDialog.getSaveFileName(
            self.page,
            self.tr("Exporter l'invitation"),
            save_location(suggested),
            self.tr("Invitation agenda (*.ics)"),
        )
        return name

    def export_invitation(self) -> None:
        from rcp_desktop.reports.ics import build_invitation

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        _day, iso = self._meeting_day(meeting_id)
        register = self.register

        def write(produced: Produced) -> None:
            data = produced.content
            name = self.ask_ics_path(f"seance-{iso}.ics")
            if not name:
                return
            path = Path(name)
            if path.suffix.lower() != ".ics":
                path = path.with_name(path.name + ".ics")
            try:
                atomic_write_bytes(path, data)
            except OSError as exc:
                QMessageBox.warning(
                    self.page,
                    self.tr("Invitation"),
                    self.tr("Impossible d'écrire le fichier : {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    ),
                )
                return
            register.record_use(produced.record_id, DocumentAction.SAVED, data)
            self.last_invitation = path

        self.generator.run(
            self.tr("Préparation de l'invitation…"),
            lambda: register.produce(DocumentKind.INVITATION, meeting_id, build_invitation),
            write,
        )


def install_document_actions(page, services, tasks: TaskRunner) -> MeetingDocumentActions:
    """Add the "Documents" menu to the Séances page's action bar (``page.actions_bar``); uses
    only ``page.current_meeting_id()`` (and the selected agenda item when the page has one)."""
    actions = MeetingDocumentActions(page, services, tasks)
    page.actions_bar.addWidget(actions.button)
    page.document_actions = actions
    return actions


def show_recovery_sheet(
    parent: QWidget, code: str, *, database: str = "", tasks: TaskRunner | None = None
) -> DocumentGenerator:
    """Preview (and print) the recovery sheet; no "save" button: the code must stay off the disk."""
    import datetime as dt

    from rcp_desktop.reports.recovery import build_recovery_sheet

    created = dt.datetime.now()
    generator = DocumentGenerator(parent, tasks or TaskRunner(parent=parent))
    generator.preview(
        QCoreApplication.translate("documents", "Préparation de la fiche de secours…"),
        lambda: build_recovery_sheet(code, database=database, created=created),
        title=QCoreApplication.translate("documents", "fiche de secours"),
        suggested_name="fiche-de-secours.pdf",
        allow_save=False,
    )
    return generator
