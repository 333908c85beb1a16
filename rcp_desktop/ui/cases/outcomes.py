"""The "Événements de santé" tab of a case: crises, emergency visits and hospitalisations (date,
kind, planned or not, crisis plan used), and the readmissions after each USIPA exit."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.models import OutcomeEvent, OutcomeKind, label
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.outcomes import READMISSION_DAYS, OutcomeDraft, Readmission
from rcp_desktop.ui.meetings.common import FormDialog, error_label
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo
from rcp_desktop.ui.widgets.record_model import Column

PLAN_UNKNOWN, PLAN_YES, PLAN_NO = 0, 1, 2


class OutcomeDialog(FormDialog):
    """Record (or correct) one crisis, emergency visit or hospitalisation."""

    def __init__(self, services, case_id: int, event: OutcomeEvent | None = None, parent=None):
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.outcome = event
        self.result_event: OutcomeEvent | None = None
        self.setWindowTitle(
            self.tr("Modifier l'événement") if event else self.tr("Noter un événement de santé")
        )
        self.setMinimumWidth(520)
        self.occurred_on = DateField(event.occurred_on if event else services.ctx.today())
        self.kind = EnumCombo(OutcomeKind, empty=self.tr("— choisir —"))
        self.planned = QCheckBox(self.tr("Hospitalisation programmée"))
        self.plan_used = QComboBox()
        self.plan_used.addItem(self.tr("Non renseigné / pas de plan"), PLAN_UNKNOWN)
        self.plan_used.addItem(self.tr("Oui, le plan de crise a été utilisé"), PLAN_YES)
        self.plan_used.addItem(self.tr("Non, il n'a pas été utilisé"), PLAN_NO)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(90)
        self.note.setPlaceholderText(self.tr("Service, durée, circonstances…"))
        form = QFormLayout()
        form.addRow(self.tr("Date :"), self.field("occurred_on", self.occurred_on))
        form.addRow(self.tr("Événement :"), self.field("kind", self.kind))
        form.addRow("", self.field("planned", self.planned))
        form.addRow(self.tr("Plan de crise :"), self.field("crisis_plan_used", self.plan_used))
        form.addRow(self.tr("Note :"), self.field("note", self.note))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        if event is not None:
            self.kind.set_value(event.kind)
            self.planned.setChecked(event.planned)
            used = {None: PLAN_UNKNOWN, True: PLAN_YES, False: PLAN_NO}[event.crisis_plan_used]
            self.plan_used.setCurrentIndex(self.plan_used.findData(used))
            self.note.setPlainText(event.note or "")
        self._kind_changed()

    def _kind_changed(self) -> None:
        hospital = self.kind.value() is OutcomeKind.HOSPITALISATION
        self.planned.setEnabled(hospital)
        if not hospital:
            self.planned.setChecked(False)

    def draft(self) -> OutcomeDraft:
        used = {PLAN_UNKNOWN: None, PLAN_YES: True, PLAN_NO: False}[self.plan_used.currentData()]
        kind = self.kind.value()
        return OutcomeDraft(
            occurred_on=self.occurred_on.value(),
            kind=OutcomeKind(kind) if kind is not None else None,
            planned=self.planned.isChecked(),
            crisis_plan_used=used,
            note=self.note.toPlainText() or None,
        )

    def save(self) -> None:
        if self.bad_dates({"occurred_on": self.occurred_on}, required=("occurred_on",)):
            return
        draft = self.draft()
        event = self.outcome
        if event is None:
            result = self.attempt(lambda: self.services.outcomes.add(self.case_id, draft))
        else:
            result = self.attempt(
                lambda: self.services.outcomes.update(event.id, draft, event.version)
            )
        if result is not None:
            self.result_event = result
            self.accept()


class OutcomesPanel(QWidget):
    """Shown as a tab of the case view; ``changed`` after every write."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id: int | None = None
        self.dialog: QDialog | None = None
        intro = QLabel(
            self.tr(
                "Crises, passages aux urgences et hospitalisations du patient, avant comme après "
                "l'entrée dans le parcours : ils servent à mesurer ce que l'anticipation de crise "
                "et l'USIPA évitent (statistiques et rapport annuel, effectifs protégés)."
            )
        )
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.events = RecordTable(
            [
                Column(self.tr("Date"), lambda e: e.occurred_on),
                Column(self.tr("Événement"), lambda e: e.kind),
                Column(
                    self.tr("Programmée"),
                    lambda e: (
                        self._yes_no(e.planned) if e.kind is OutcomeKind.HOSPITALISATION else ""
                    ),
                ),
                Column(
                    self.tr("Plan de crise utilisé"),
                    lambda e: self._yes_no(e.crisis_plan_used, "—"),
                ),
                Column(
                    self.tr("Note"),
                    lambda e: (e.note or "").replace("\n", " "),
                    tooltip=lambda e: e.note,
                ),
            ]
        )
        self.events.doubleClicked.connect(lambda _i: self.edit_event())
        self.events.current_record_changed.connect(lambda _e: self._update_buttons())
        self.add_button = QPushButton(self.tr("Noter un événement…"))
        self.edit_button = QPushButton(self.tr("Modifier…"))
        self.delete_button = QPushButton(self.tr("Supprimer"))
        self.add_button.clicked.connect(self.add_event)
        self.edit_button.clicked.connect(self.edit_event)
        self.delete_button.clicked.connect(self.delete_event)
        self.message = error_label()
        columns = [
            Column(self.tr("Sortie d'USIPA"), lambda r: r.exit_on),
            Column(self.tr("Issue"), lambda r: r.outcome),
        ]
        for index, days in enumerate(READMISSION_DAYS):
            columns.append(
                Column(
                    self.tr("Réhospitalisé à {n} jours").format(n=days),
                    lambda r, i=index: self._yes_no(r.within[i], self.tr("en attente")),
                )
            )
        columns.append(
            Column(self.tr("Première hospitalisation après la sortie"), lambda r: r.first_on)
        )
        self.readmissions = RecordTable(columns)
        self.readmissions.setMaximumHeight(140)
        self.readmissions_empty = QLabel(self.tr("Aucune sortie d'USIPA pour ce dossier."))

        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.events, 1)
        layout.addLayout(buttons)
        layout.addWidget(section_title(self.tr("Réhospitalisations après une sortie d'USIPA")))
        layout.addWidget(self.readmissions_empty)
        layout.addWidget(self.readmissions)
        self.set_case(None)

    def _yes_no(self, value: bool | None, unknown: str = "") -> str:
        if value is None:
            return unknown
        return self.tr("Oui") if value else self.tr("Non")

    # --- loading ------------------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.message.clear()
        events = self.services.outcomes.of_case(self.case_id) if self.case_id is not None else []
        readmissions: list[Readmission] = (
            self.services.outcomes.readmissions(self.case_id) if self.case_id is not None else []
        )
        self.events.set_records(events)
        if select_id is not None:
            self.events.select_id(select_id)
        self.readmissions.set_records(readmissions)
        self.readmissions.setVisible(bool(readmissions))
        self.readmissions_empty.setVisible(self.case_id is not None and not readmissions)
        self._show_summary(events)
        self._update_buttons()

    def _show_summary(self, events: list[OutcomeEvent]) -> None:
        if self.case_id is None:
            self.summary.clear()
            return
        if not events:
            self.summary.setText(self.tr("Aucun événement noté."))
            return
        counts = Counter(e.kind for e in events)
        parts = [f"{label(kind)} : {counts[kind]}" for kind in OutcomeKind if counts[kind]]
        last = max(e.occurred_on for e in events)
        self.summary.setText(
            self.tr("{counts} — dernier le {date}").format(
                counts=" · ".join(parts), date=fr_date(last)
            )
        )

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.case_id is not None)
        selected = self.events.current_record() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    # --- writing ------------------------------------------------------------------------------

    def _open(self, dialog: OutcomeDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._written(dialog.result_event))
        self.dialog = dialog
        dialog.open()

    def _written(self, event: OutcomeEvent | None) -> None:
        self.reload(event.id if event is not None else None)
        self.changed.emit()

    def add_event(self) -> None:
        if self.case_id is not None:
            self._open(OutcomeDialog(self.services, self.case_id, parent=self))

    def edit_event(self) -> None:
        event = self.events.current_record()
        if self.case_id is not None and event is not None:
            self._open(OutcomeDialog(self.services, self.case_id, event, parent=self))

    def delete_event(self) -> None:
        event = self.events.current_record()
        if event is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Supprimer l'événement"),
            self.tr("Supprimer « {kind} » du {date} ?").format(
                kind=label(event.kind), date=fr_date(event.occurred_on)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.outcomes.delete(event.id)
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        self._written(None)
