"""Decision dialogs: record or edit a decision, mark it done from the follow-up board, and the
addendum to validated minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from rcp_desktop.domain.dates import short_datetime
from rcp_desktop.models import AgendaItem, Decision, DecisionStatus, MeetingStatus
from rcp_desktop.services import Services
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker


class DecisionDialog(FormDialog):
    """What, owner, due date, status, completion and — HAS practice — whether what was done
    differs from the proposal, and why. Once the minutes are validated, only the follow-up part
    can change."""

    def __init__(
        self,
        services: Services,
        item: AgendaItem,
        decision: Decision | None = None,
        *,
        meeting_status: MeetingStatus | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.item = item
        self.decision = decision
        self.result_decision: Decision | None = None
        self.setWindowTitle(
            self.tr("Modifier la décision") if decision else self.tr("Nouvelle décision")
        )
        self.setMinimumWidth(560)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        self.owner = ProfessionalPicker(
            lambda: services.directory.list(active_only=True), empty=self.tr("— aucun —")
        )
        self.due_on = DateField()
        self.status = EnumCombo(DecisionStatus)
        self.completed_on = DateField()
        self.completion_note = QPlainTextEdit()
        self.completion_note.setFixedHeight(60)
        self.differs = QCheckBox(self.tr("Ce qui a été fait diffère de la proposition de la RCP"))
        self.difference_reason = QPlainTextEdit()
        self.difference_reason.setFixedHeight(60)
        self.difference_reason.setPlaceholderText(self.tr("En quoi, et pourquoi ?"))
        form = QFormLayout()
        form.addRow(self.tr("Action décidée :"), self.field("description", self.description))
        form.addRow(self.tr("Responsable :"), self.field("owner_id", self.owner))
        form.addRow(self.tr("Échéance :"), self.field("due_on", self.due_on))
        form.addRow(self.tr("Statut :"), self.field("status", self.status))
        form.addRow(self.tr("Réalisée le :"), self.field("completed_on", self.completed_on))
        form.addRow(
            self.tr("Note de réalisation :"), self.field("completion_note", self.completion_note)
        )
        form.addRow("", self.differs)
        form.addRow(
            self.tr("Écart et raison :"), self.field("difference_reason", self.difference_reason)
        )
        layout = QVBoxLayout(self)
        self.lock_note = QLabel(
            self.tr(
                "Compte rendu validé : l'action décidée, son responsable et son échéance ne "
                "changent plus ; seul son suivi se met à jour."
            )
        )
        self.lock_note.setWordWrap(True)
        layout.addWidget(self.lock_note)
        layout.addLayout(form)
        self.finish_layout(layout)
        if decision is not None:
            self.description.setPlainText(decision.description)
            self.owner.set_value(decision.owner_id)
            self.due_on.set_value(decision.due_on)
            self.status.set_value(decision.status)
            self.completed_on.set_value(decision.completed_on)
            self.completion_note.setPlainText(decision.completion_note or "")
            self.differs.setChecked(bool(decision.differs_from_proposal))
            self.difference_reason.setPlainText(decision.difference_reason or "")
        locked = meeting_status is MeetingStatus.VALIDATED
        self.lock_note.setVisible(locked)
        for w in (self.description, self.owner, self.due_on):
            w.setEnabled(not locked)
        self.differs.toggled.connect(self.difference_reason.setEnabled)
        self.difference_reason.setEnabled(self.differs.isChecked())

    def save(self) -> None:
        if self.bad_dates({"due_on": self.due_on, "completed_on": self.completed_on}):
            return
        draft = DecisionDraft(
            description=self.description.toPlainText(),
            owner_id=self.owner.value(),
            due_on=self.due_on.value(),
            status=self.status.value(),
            completed_on=self.completed_on.value(),
            completion_note=self.completion_note.toPlainText() or None,
            differs_from_proposal=self.differs.isChecked() or None,
            difference_reason=self.difference_reason.toPlainText() or None,
        )
        if self.decision is None:
            result = self.attempt(lambda: self.services.decisions.create(self.item.id, draft))
        else:
            result = self.attempt(
                lambda: self.services.decisions.update(
                    self.decision.id, draft, expected_version=self.decision.version
                )
            )
        if result is not None:
            self.result_decision = result
            self.accept()


class MarkDoneDialog(FormDialog):
    """Mark an action done from the follow-up board: date, note, difference from the proposal."""

    def __init__(self, services: Services, decision: Decision, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.decision = decision
        self.setWindowTitle(self.tr("Marquer l'action comme faite"))
        self.setMinimumWidth(520)
        what = QLabel(decision.description)
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        self.completed_on = DateField(services.ctx.today())
        self.note = QLineEdit()
        self.differs = QCheckBox(self.tr("Ce qui a été fait diffère de la proposition de la RCP"))
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(60)
        self.reason.setPlaceholderText(self.tr("En quoi, et pourquoi ?"))
        self.reason.setEnabled(False)
        self.differs.toggled.connect(self.reason.setEnabled)
        form = QFormLayout()
        form.addRow(self.tr("Action :"), what)
        form.addRow(self.tr("Réalisée le :"), self.field("completed_on", self.completed_on))
        form.addRow(self.tr("Note :"), self.field("completion_note", self.note))
        form.addRow("", self.differs)
        form.addRow(self.tr("Écart et raison :"), self.field("difference_reason", self.reason))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)

    def save(self) -> None:
        if self.bad_dates({"completed_on": self.completed_on}):
            return
        result = self.attempt(
            lambda: self.services.decisions.mark_done(
                self.decision.id,
                completed_on=self.completed_on.value(),
                note=self.note.text() or None,
                differs_from_proposal=self.differs.isChecked(),
                difference_reason=self.reason.toPlainText() or None,
                expected_version=self.decision.version,
            )
        )
        if result is not None:
            self.accept()


class AddendumDialog(FormDialog):
    """A dated correction to validated minutes (the original stays readable)."""

    def __init__(self, services: Services, meeting_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting_id = meeting_id
        self.setWindowTitle(self.tr("Ajouter un addendum"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "Le compte rendu validé ne change pas. L'addendum est daté ({date}), signé de "
                "votre nom et joint à la séance."
            ).format(date=short_datetime(services.ctx.now()))
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.field("text", self.text), 1)
        self.finish_layout(layout)

    def save(self) -> None:
        if self.attempt(
            lambda: self.services.meetings.add_addendum(self.meeting_id, self.text.toPlainText())
        ):
            self.accept()
