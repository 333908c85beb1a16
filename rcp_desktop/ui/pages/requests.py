"""Demandes: the queue of referral requests — the blank form to hand out, a filled form
imported, a request typed in; each request read in full; triage: accept, ask for more, refuse."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.i18n import translate
from rcp_desktop.models import OPEN_REQUEST_STATUSES, ReferralRequest, RequestUrgency, label
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.requests import FIELDS, SECTIONS, FieldKind
from rcp_desktop.ui.cases.common import MessageLabel
from rcp_desktop.ui.documents import DocumentGenerator
from rcp_desktop.ui.machine_settings import documents_folder, save_location
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.requests.dialogs import AcceptDialog, AnswerDialog, RequestDialog
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.record_model import Column

URGENT_COLOR = QColor("#c01c28")


class RequestsPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Demandes")
        self.dialog: QDialog | None = None
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        self.blank_button = QPushButton(self.tr("Formulaire vierge…"))
        self.blank_button.setToolTip(
            self.tr("Le formulaire PDF à remplir, à donner aux professionnels qui adressent")
        )
        self.blank_button.clicked.connect(self.save_blank_form)
        self.import_button = QPushButton(self.tr("Importer un formulaire…"))
        self.import_button.clicked.connect(self.import_form)
        self.type_button = QPushButton(self.tr("Saisir une demande…"))
        self.type_button.clicked.connect(self.type_request)
        self.show_filter = QComboBox()
        self.show_filter.addItem(self.tr("Demandes en attente"), True)
        self.show_filter.addItem(self.tr("Toutes les demandes"), False)
        self.show_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = RecordTable(
            [
                Column(self.tr("N°"), lambda r: r.number),
                Column(self.tr("Reçue le"), lambda r: r.received_on),
                Column(self.tr("Urgence"), lambda r: label(r.urgency)),
                Column(self.tr("Patient"), lambda r: r.patient_label),
                Column(self.tr("Parcours"), lambda r: label(r.pathway), optional=True),
                Column(self.tr("Adressée par"), lambda r: r.referrer_name, optional=True),
                Column(self.tr("Statut"), lambda r: label(r.status)),
            ]
        )
        self.table.source.highlight = lambda r: (
            URGENT_COLOR
            if r.urgency is RequestUrgency.URGENT and r.status in OPEN_REQUEST_STATUSES
            else None
        )
        self.table.current_record_changed.connect(lambda _r: self._show_request())
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setObjectName("requestDetail")
        self.accept_button = QPushButton(self.tr("Accepter…"))
        self.accept_button.clicked.connect(self.accept_request)
        self.more_button = QPushButton(self.tr("Demander un complément…"))
        self.more_button.clicked.connect(lambda: self.answer(refuse=False))
        self.refuse_button = QPushButton(self.tr("Refuser…"))
        self.refuse_button.clicked.connect(lambda: self.answer(refuse=True))
        self.edit_button = QPushButton(self.tr("Compléter…"))
        self.edit_button.clicked.connect(self.complete_request)
        self.form_button = QPushButton(self.tr("Voir le formulaire reçu"))
        self.form_button.clicked.connect(self.show_form)
        self.generator = DocumentGenerator(self, tasks)
        self.message = MessageLabel()

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_filter)
        actions = QHBoxLayout()
        for button in (self.blank_button, self.import_button, self.type_button):
            actions.addWidget(button)
        actions.addStretch(1)
        triage = QHBoxLayout()
        for button in (self.accept_button, self.more_button, self.refuse_button, self.edit_button):
            triage.addWidget(button)
        triage.addStretch(1)
        triage.addWidget(self.form_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_title = section_title(self.tr("Demande"))
        lower_layout.addWidget(self.detail_title)
        lower_layout.addLayout(triage)
        lower_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self._show_request()

    # --- the queue ------------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        keep = (
            select_id if select_id is not None else getattr(self.table.current_record(), "id", None)
        )
        waiting_only = bool(self.show_filter.currentData())
        rows = self.services.requests.list(OPEN_REQUEST_STATUSES if waiting_only else None)
        self.table.set_records(rows)
        if rows and (keep is None or not self.table.select_id(keep)):
            self.table.selectRow(0)
        waiting = self.services.requests.waiting_count()
        self.summary.setText(self.tr("{n} demande(s) en attente de réponse").format(n=waiting))
        self._show_request()

    def current(self) -> ReferralRequest | None:
        return self.table.current_record()

    def _show_request(self) -> None:
        row = self.current()
        waiting = row is not None and row.status in OPEN_REQUEST_STATUSES
        for button in (self.accept_button, self.more_button, self.refuse_button, self.edit_button):
            button.setEnabled(waiting)
        self.form_button.setEnabled(row is not None and row.form_filename is not None)
        if row is None:
            self.detail.clear()
            self.detail_title.setText(self.tr("Demande"))
            return
        try:
            request = self.services.requests.get(row.id)
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        self.detail_title.setText(
            self.tr("Demande {number} — {status}").format(
                number=request.number, status=label(request.status)
            )
        )
        self.detail.setPlainText(self.describe(request))

    def describe(self, request: ReferralRequest) -> str:
        """The request in full, as plain text (never interpreted as markup)."""
        lines = [
            self.tr("Reçue le {date} ({source})").format(
                date=fr_date(request.received_on), source=label(request.source).lower()
            )
        ]
        for section in SECTIONS:
            lines += ["", translate(section).upper()]
            for spec in FIELDS:
                if spec.section != section:
                    continue
                value = getattr(request, spec.name)
                if spec.kind is FieldKind.CHECK:
                    text = self.tr("oui") if value else self.tr("non")
                elif spec.kind is FieldKind.DATE:
                    text = fr_date(value)
                elif spec.kind is FieldKind.CHOICE:
                    text = label(value)
                else:
                    text = value or ""
                if text:
                    lines.append(f"{translate(spec.label)} : {text}")
        lines += ["", self.tr("HISTORIQUE")]
        for step in request.steps:
            lines.append(
                f"{fr_date(step.happened_on)} — {label(step.step)}"
                + (f" : {step.text}" if step.text else "")
            )
        if request.case is not None:
            lines.append(self.tr("Dossier ouvert : {number}").format(number=request.case.number))
        return "\n".join(lines)

    # --- receiving ------------------------------------------------------------------------------

    def save_blank_form(self) -> None:
        from rcp_desktop.reports.request_form import build_request_form

        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Enregistrer le formulaire vierge"),
            save_location(self.tr("demande-inscription-rcp.pdf")),
            self.tr("PDF (*.pdf)"),
        )
        if not path:
            return
        services = self.services

        def work() -> None:
            content = build_request_form(DocumentService(services.ctx).letterhead())
            atomic_write_bytes(Path(path), content)

        try:
            run_with_progress(self, self.tr("Préparation du formulaire…"), work, tasks=self.tasks)
        except OSError as exc:
            self.message.setText(
                self.tr("Le formulaire n'a pas pu être enregistré : {error}").format(
                    error=exc.strerror or type(exc).__name__
                )
            )
            return
        self.message.show_info(self.tr("Formulaire vierge enregistré : {path}").format(path=path))

    def import_form(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Importer un formulaire de demande rempli"),
            str(documents_folder()),
            self.tr("PDF (*.pdf);;Tous les fichiers (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        services = self.services

        def work():
            content = path.read_bytes()
            return services.requests.import_form(content, path.name)

        try:
            request = run_with_progress(
                self, self.tr("Lecture du formulaire…"), work, tasks=self.tasks
            )
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        except OSError as exc:
            self.message.setText(
                self.tr("Le fichier n'a pas pu être lu : {error}").format(
                    error=exc.strerror or type(exc).__name__
                )
            )
            return
        self.message.show_info(
            self.tr("Demande {number} enregistrée : à trier ci-dessous.").format(
                number=request.number
            )
        )
        self.show_filter.setCurrentIndex(0)
        self.refresh(request.id)

    def show_form(self) -> None:
        """The filled form as received, previewed from memory (never as a loose file)."""
        row = self.current()
        if row is None or row.form_filename is None:
            return
        services, request_id = self.services, row.id
        self.generator.preview(
            self.tr("Ouverture du formulaire…"),
            lambda: services.requests.form_content(request_id) or b"",
            title=self.tr("Formulaire reçu — demande {number}").format(number=row.number),
            suggested_name=row.form_filename,
        )

    def type_request(self) -> None:
        self._open(RequestDialog(self.services, parent=self))

    def complete_request(self) -> None:
        row = self.current()
        if row is not None:
            self._open(RequestDialog(self.services, self.services.requests.get(row.id), self))

    # --- triage ---------------------------------------------------------------------------------

    def accept_request(self) -> None:
        row = self.current()
        if row is not None:
            self._open(AcceptDialog(self.services, self.services.requests.get(row.id), self))

    def answer(self, *, refuse: bool) -> None:
        row = self.current()
        if row is not None:
            self._open(
                AnswerDialog(
                    self.services, self.services.requests.get(row.id), refuse=refuse, parent=self
                )
            )

    def _open(self, dialog) -> None:
        self.message.clear()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._answered(dialog.result_request))
        self.dialog = dialog
        dialog.open()

    def _answered(self, request: ReferralRequest | None) -> None:
        if request is None:
            return
        if request.case is not None:
            self.message.show_info(
                self.tr("Demande {number} acceptée : dossier {case} ouvert.").format(
                    number=request.number, case=request.case.number
                )
            )
        self.refresh(request.id)
