"""The Pièces jointes tab of a case: add a file (read off the GUI thread, size-limited), view
it inside the app from memory (image, PDF, text), save it to disk on explicit request, delete it.
No plaintext copy is ever written anywhere else."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import Attachment
from rcp_desktop.services import Services
from rcp_desktop.services.attachments import (
    MAX_DESCRIPTION,
    MAX_SIZE_TEXT,
    PREVIEW_IMAGE,
    PREVIEW_PDF,
    PREVIEW_TEXT,
    AttachmentContent,
    human_size,
    preview_kind,
)
from rcp_desktop.services.errors import FieldError, ServiceError, ValidationError
from rcp_desktop.ui.cases.common import MessageLabel, plain_label, small_button, text_edit
from rcp_desktop.ui.machine_settings import documents_folder, save_location
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.tasks import TaskRunner
from rcp_desktop.ui.widgets.common import RecordTable, ask
from rcp_desktop.ui.widgets.record_model import Column

_TYPE_NAMES = {
    "application/pdf": "PDF",
    "image/png": "Image PNG",
    "image/jpeg": "Image JPEG",
    "image/gif": "Image GIF",
    "image/bmp": "Image BMP",
    "text/plain": "Texte",
}


def type_name(mime_type: str) -> str:
    return _TYPE_NAMES.get(mime_type) or mime_type


def choose_save_path(parent: QWidget, filename: str) -> str:
    """Ask where to save (the user's explicit choice); '' if cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("attachments", "Enregistrer la pièce jointe sous"),
        save_location(filename),
    )
    return path


def choose_open_path(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("attachments", "Choisir le fichier à joindre"),
        str(documents_folder()),
    )
    return path


class AddAttachmentDialog(FormDialog):
    """Choose a file and describe it; the file is read and stored off the GUI thread."""

    def __init__(self, services: Services, tasks: TaskRunner, case_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.case_id = case_id
        self.result_attachment: Attachment | None = None
        self.setWindowTitle(self.tr("Ajouter une pièce jointe"))
        self.setMinimumWidth(600)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Chemin du fichier"))
        browse = QPushButton(self.tr("Parcourir…"))
        browse.clicked.connect(self.browse)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.path, 1)
        row_layout.addWidget(browse)
        self.description = text_edit(60, self.tr("Ce que contient le document (facultatif)"))
        form = QFormLayout()
        form.addRow(self.tr("Fichier :"), self.field("file", row))
        form.addRow(self.tr("Description :"), self.field("description", self.description))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Le fichier est copié, chiffré, dans la base ({max} au plus) ; l'original n'est "
                    "ni modifié ni supprimé. Description : {n} caractères au plus."
                ).format(max=MAX_SIZE_TEXT, n=MAX_DESCRIPTION)
            )
        )
        self.finish_layout(layout)
        # The error of the "file" field clears when the path is edited.
        self.path.textChanged.connect(lambda _t: self._fields["file"][1].hide())

    def browse(self) -> None:
        path = choose_open_path(self)
        if path:
            self.path.setText(path)

    def save(self) -> None:
        assert self.errors is not None
        text = self.path.text().strip()
        if not text:
            self.errors.show(
                ValidationError([FieldError("file", self.tr("Choisissez un fichier."))])
            )
            return
        description = self.description.toPlainText() or None
        result = self.attempt(
            lambda: run_with_progress(
                self,
                self.tr("Lecture et chiffrement du fichier…"),
                lambda: self.services.attachments.add_file(
                    self.case_id, Path(text), description=description
                ),
                tasks=self.tasks,
            )
        )
        if result is not None:
            self.result_attachment = result
            self.accept()


class AttachmentViewer(QDialog):
    """Shows an attachment from memory: image, PDF (QtPdf over a QBuffer) or text; other types
    can only be saved. The title never carries the file name (it may name the patient)."""

    loaded = Signal()

    def __init__(
        self, services: Services, tasks: TaskRunner, attachment: Attachment, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.attachment = attachment
        self.kind: str | None = None
        self.error = ""
        self.document: QPdfDocument | None = None
        self.buffer: QBuffer | None = None
        self.setWindowTitle(self.tr("Pièce jointe"))
        self.resize(860, 700)
        self.name = plain_label(
            self.tr("{name} — {type}, {size}").format(
                name=attachment.filename,
                type=type_name(attachment.mime_type),
                size=human_size(attachment.size),
            )
        )
        self.name.setStyleSheet("QLabel { font-weight: bold; }")
        self.stack = QStackedWidget()
        self.status = plain_label(self.tr("Chargement…"))
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.status)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        self.image_page = scroll
        self.stack.addWidget(scroll)
        self.pdf_view = QPdfView()
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.stack.addWidget(self.pdf_view)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.stack.addWidget(self.text)
        self.content: bytes | None = None
        self.save_button = QPushButton(self.tr("Enregistrer sous…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_as)
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        tasks.run(lambda: services.attachments.read(attachment.id), self._show, self._failed)

    def is_loaded(self) -> bool:
        return self.kind is not None

    def _failed(self, exc: BaseException) -> None:
        self.kind = "error"
        self.error = (
            exc.message
            if isinstance(exc, ServiceError)
            else self.tr("La pièce jointe n'a pas pu être lue.")
        )
        self.status.setText(self.error)
        self.loaded.emit()
        if not isinstance(exc, ServiceError):
            raise exc

    def _show(self, result: AttachmentContent) -> None:
        self.content = result.content
        self.save_button.setEnabled(True)
        kind = preview_kind(result.attachment.mime_type)
        if kind == PREVIEW_IMAGE:
            pixmap = QPixmap()
            if pixmap.loadFromData(result.content):
                self.image.setPixmap(pixmap)
                self.stack.setCurrentWidget(self.image_page)
                self._done(kind)
                return
        elif kind == PREVIEW_PDF:
            self.buffer = QBuffer(self)
            self.buffer.setData(QByteArray(result.content))
            self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document = QPdfDocument(self)
            self.document.load(self.buffer)
            if (
                self.document.status() == QPdfDocument.Status.Ready
                and self.document.pageCount() > 0
            ):
                self.pdf_view.setDocument(self.document)
                self.stack.setCurrentWidget(self.pdf_view)
                self._done(kind)
                return
        elif kind == PREVIEW_TEXT:
            self.text.setPlainText(result.content.decode("utf-8", errors="replace"))
            self.stack.setCurrentWidget(self.text)
            self._done(kind)
            return
        self.status.setText(
            self.tr(
                "Ce type de fichier ne peut pas être affiché dans l'application. Utilisez "
                "«\u00a0Enregistrer sous…\u00a0» pour l'ouvrir avec un autre logiciel."
            )
        )
        self.stack.setCurrentWidget(self.status)
        self._done("none")

    def _done(self, kind: str) -> None:
        self.kind = kind
        self.loaded.emit()

    def save_as(self) -> None:
        save_attachment(self, self.services, self.tasks, self.attachment, self.message)


def save_attachment(
    parent: QWidget,
    services: Services,
    tasks: TaskRunner,
    attachment: Attachment,
    message: MessageLabel,
) -> bool:
    """Ask where, then write the file off the GUI thread; report in *message*."""
    path = choose_save_path(parent, attachment.filename)
    if not path:
        return False
    try:
        run_with_progress(
            parent,
            QCoreApplication.translate("attachments", "Enregistrement du fichier…"),
            lambda: services.attachments.save_to(attachment.id, Path(path)),
            tasks=tasks,
        )
    except ServiceError as exc:
        message.setText(exc.message)
        return False
    message.show_info(
        QCoreApplication.translate("attachments", "Enregistré : {name}").format(
            name=Path(path).name
        )
    )
    return True


class AttachmentsPanel(QWidget):
    """The list of a case's attachments with add / view / save / delete. ``changed`` is
    emitted after an attachment is added or deleted."""

    changed = Signal()

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.case_id: int | None = None
        self.dialog: QDialog | None = None
        self.table = RecordTable(
            [
                Column(self.tr("Nom"), lambda a: a.filename),
                Column(self.tr("Type"), lambda a: type_name(a.mime_type)),
                Column(
                    self.tr("Taille"),
                    lambda a: human_size(a.size),
                    sort_key=lambda a: a.size,
                    align_right=True,
                ),
                Column(self.tr("Ajoutée le"), lambda a: a.added_at),
                Column(self.tr("Par"), lambda a: a.added_by),
                Column(
                    self.tr("Description"), lambda a: a.description, tooltip=lambda a: a.description
                ),
            ]
        )
        self.table.doubleClicked.connect(lambda _i: self.view())
        self.table.current_record_changed.connect(lambda _r: self._update_buttons())
        self.add_button = small_button(self.tr("Ajouter…"), self.add)
        self.view_button = small_button(self.tr("Voir"), self.view)
        self.save_button = small_button(self.tr("Enregistrer sous…"), self.save_as)
        self.delete_button = small_button(self.tr("Supprimer…"), self.delete)
        self.message = MessageLabel()
        buttons = QHBoxLayout()
        for b in (self.add_button, self.view_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        note = plain_label(
            self.tr(
                "Les pièces jointes sont chiffrées dans la base ({max} au plus par fichier). "
                "«\u00a0Voir\u00a0» les affiche sans les écrire sur le disque ; «\u00a0Enregistrer sous…\u00a0» en fait "
                "une copie en clair à l'endroit choisi."
            ).format(max=MAX_SIZE_TEXT)
        )
        note.setStyleSheet("QLabel { color: #5e5c64; }")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self._update_buttons()

    def set_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.message.clear()
        self.reload()

    def reload(self) -> None:
        keep = self.table.current_record()
        records = self.services.attachments.list(self.case_id) if self.case_id is not None else []
        self.table.set_records(records, keep=keep)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.table.current_record() is not None
        self.add_button.setEnabled(self.case_id is not None)
        for b in (self.view_button, self.save_button, self.delete_button):
            b.setEnabled(selected)

    def add(self) -> None:
        if self.case_id is None:
            return
        dialog = AddAttachmentDialog(self.services, self.tasks, self.case_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._added(dialog.result_attachment))
        self.dialog = dialog
        dialog.open()

    def _added(self, attachment: Attachment | None) -> None:
        self.reload()
        if attachment is not None:
            self.table.select_id(attachment.id)
            self.message.show_info(self.tr("Pièce jointe ajoutée."))
        self.changed.emit()

    def view(self) -> AttachmentViewer | None:
        attachment = self.table.current_record()
        if attachment is None:
            return None
        viewer = AttachmentViewer(self.services, self.tasks, attachment, parent=self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = viewer
        viewer.open()
        return viewer

    def save_as(self) -> None:
        attachment = self.table.current_record()
        if attachment is not None:
            save_attachment(self, self.services, self.tasks, attachment, self.message)

    def delete(self) -> None:
        attachment = self.table.current_record()
        if attachment is None:
            return
        if not ask(
            self,
            self.tr("Supprimer la pièce jointe"),
            self.tr("Supprimer définitivement «\u00a0{name}\u00a0» de ce dossier ?").format(
                name=attachment.filename
            ),
            self.tr("Supprimer"),
        ):
            return
        try:
            self.services.attachments.delete(attachment.id)
        except ServiceError as exc:
            self.message.setText(exc.message)
            self.reload()
            return
        self.message.show_info(self.tr("Pièce jointe supprimée."))
        self.reload()
        self.changed.emit()
