"""Open or edit a case file (adresseur, pathway, dates, referral reason, question, the
bio-psycho-social synthesis), and change its status (closing asks a date and a reason)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout

from rcp_desktop.i18n import translate
from rcp_desktop.models import CaseFile, CaseStatus, Pathway, Patient, choices, label
from rcp_desktop.services import Services
from rcp_desktop.services.cases import (
    CLOSURE_REASON_SUGGESTIONS,
    MAX_CASE_TEXT,
    MAX_CLOSURE_REASON,
    CaseDraft,
)
from rcp_desktop.services.errors import ConflictError, ServiceError, ValidationError
from rcp_desktop.ui.cases.common import plain_label, text_edit
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker
from rcp_desktop.ui.widgets.record_model import display


class CaseDialog(FormDialog):
    """``result_case`` is the case saved."""

    def __init__(
        self, services: Services, patient: Patient, case: CaseFile | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.patient = patient
        self.case = case
        self.result_case: CaseFile | None = None
        self.setWindowTitle(self.tr("Modifier le dossier") if case else self.tr("Nouveau dossier"))
        self.setMinimumWidth(720)
        current_referrer = case.referrer_id if case else None
        self.referrer = ProfessionalPicker(
            lambda: [p for p in services.directory.list() if p.active or p.id == current_referrer],
            empty=self.tr("— non renseigné —"),
        )
        self.pathway = EnumCombo(Pathway, empty=self.tr("— choisir —"))
        self.opened_on = DateField(None if case else services.ctx.today())
        self.referral_reason = text_edit(60, self.tr("Pourquoi la situation est adressée à la RCP"))
        self.question = text_edit(60, self.tr("La question posée aux participants"))
        self.synthesis_organic = text_edit(56, self.tr("Dimension organique (somatique)"))
        self.synthesis_psychic = text_edit(56, self.tr("Dimension psychique"))
        self.synthesis_social = text_edit(56, self.tr("Dimension sociale, entourage, ressources"))
        self.next_review_on = DateField()
        form = QFormLayout()
        number = case.number if case else self.tr("attribué à l'enregistrement")
        form.addRow(
            self.tr("Patient :"),
            plain_label(f"{patient.display_name} — {display(patient.birth_date)}"),
        )
        form.addRow(self.tr("N° de dossier :"), plain_label(number))
        form.addRow(self.tr("Adresseur :"), self.field("referrer_id", self.referrer))
        form.addRow(self.tr("Parcours* :"), self.field("pathway", self.pathway))
        form.addRow(self.tr("Ouvert le* :"), self.field("opened_on", self.opened_on))
        form.addRow(
            self.tr("Motif d'adressage* :"), self.field("referral_reason", self.referral_reason)
        )
        form.addRow(self.tr("Question à la RCP* :"), self.field("question", self.question))
        form.addRow(
            self.tr("Synthèse — organique :"),
            self.field("synthesis_organic", self.synthesis_organic),
        )
        form.addRow(
            self.tr("Synthèse — psychique :"),
            self.field("synthesis_psychic", self.synthesis_psychic),
        )
        form.addRow(
            self.tr("Synthèse — sociale :"), self.field("synthesis_social", self.synthesis_social)
        )
        form.addRow(
            self.tr("Prochaine révision :"), self.field("next_review_on", self.next_review_on)
        )
        self.reload_button = QPushButton(self.tr("Recharger la version enregistrée"))
        self.reload_button.clicked.connect(self.reload)
        self.reload_button.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                self.tr("* champs obligatoires. Textes : {n} caractères au plus par champ.").format(
                    n=f"{MAX_CASE_TEXT:,}".replace(",", " ")
                )
            )
        )
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.finish_layout(layout)
        if case is not None:
            self._load(case)

    def _load(self, case: CaseFile) -> None:
        self.referrer.set_value(case.referrer_id)
        self.pathway.set_value(case.pathway)
        self.opened_on.set_value(case.opened_on)
        self.referral_reason.setPlainText(case.referral_reason)
        self.question.setPlainText(case.question)
        self.synthesis_organic.setPlainText(case.synthesis_organic or "")
        self.synthesis_psychic.setPlainText(case.synthesis_psychic or "")
        self.synthesis_social.setPlainText(case.synthesis_social or "")
        self.next_review_on.set_value(case.next_review_on)

    def draft(self) -> CaseDraft:
        return CaseDraft(
            patient_id=self.patient.id,
            referrer_id=self.referrer.value(),
            pathway=self.pathway.value(),
            opened_on=self.opened_on.value(),
            referral_reason=self.referral_reason.toPlainText(),
            question=self.question.toPlainText(),
            synthesis_organic=self.synthesis_organic.toPlainText() or None,
            synthesis_psychic=self.synthesis_psychic.toPlainText() or None,
            synthesis_social=self.synthesis_social.toPlainText() or None,
            next_review_on=self.next_review_on.value(),
        )

    def save(self) -> None:
        assert self.errors is not None
        if self.bad_dates({"opened_on": self.opened_on, "next_review_on": self.next_review_on}):
            return
        draft = self.draft()
        self.errors.clear()
        try:
            if self.case is None:
                result = self.services.cases.create(draft)
            else:
                result = self.services.cases.update(
                    self.case.id, draft, expected_version=self.case.version
                )
        except ConflictError as exc:
            self.summary.setText(exc.message)
            self.reload_button.show()
            return
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except ServiceError as exc:
            self.summary.setText(exc.message)
            return
        self.result_case = result
        self.accept()

    def reload(self) -> None:
        assert self.case is not None and self.errors is not None
        try:
            self.case = self.services.cases.get(self.case.id)
        except ServiceError as exc:
            self.summary.setText(exc.message)
            return
        self._load(self.case)
        self.errors.clear()
        self.reload_button.hide()
        self.summary.setText(
            self.tr("Dossier rechargé : refaites vos modifications puis enregistrez.")
        )


class CaseStatusDialog(FormDialog):
    """Move a case to another status: in follow-up, closed (date and reason required) or open
    again."""

    def __init__(
        self, services: Services, case: CaseFile, parent=None, *, status: CaseStatus | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.case = case
        self.result_case: CaseFile | None = None
        self.setWindowTitle(self.tr("Statut du dossier"))
        self.setMinimumWidth(560)
        self.status = QComboBox()
        for member, text in choices(CaseStatus):
            if member is not case.status:
                self.status.addItem(text, member.value)
        if status is not None:
            self.status.setCurrentIndex(max(self.status.findData(status.value), 0))
        self.changed_on = DateField(services.ctx.today())
        self.reason = text_edit(70)
        self.suggestions = QComboBox()
        self.suggestions.addItem(self.tr("— motifs fréquents —"), None)
        for reason in CLOSURE_REASON_SUGGESTIONS:
            self.suggestions.addItem(translate(reason), reason)
        self.suggestions.activated.connect(self._suggest)
        self.reason_label = QLabel()
        form = QFormLayout()
        form.addRow(
            self.tr("Dossier :"), plain_label(f"{case.number} — {case.patient.display_name}")
        )
        form.addRow(self.tr("Statut actuel :"), plain_label(label(case.status)))
        form.addRow(self.tr("Nouveau statut :"), self.field("status", self.status))
        form.addRow(self.tr("Date :"), self.field("closed_on", self.changed_on))
        form.addRow(self.reason_label, self.field("closure_reason", self.reason))
        form.addRow("", self.suggestions)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(self.tr("Motif : {n} caractères au plus.").format(n=MAX_CLOSURE_REASON))
        )
        self.finish_layout(layout)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def new_status(self) -> CaseStatus:
        return CaseStatus(self.status.currentData())

    def _status_changed(self) -> None:
        closing = self.new_status() is CaseStatus.CLOSED
        self.reason_label.setText(
            self.tr("Motif de clôture* :") if closing else self.tr("Commentaire :")
        )
        self.suggestions.setVisible(closing)
        self.reason.setPlaceholderText(
            self.tr("Pourquoi le dossier est clos (obligatoire)")
            if closing
            else self.tr("Facultatif")
        )

    def _suggest(self, index: int) -> None:
        reason = self.suggestions.itemData(index)
        if reason:
            self.reason.setPlainText(translate(reason))

    def save(self) -> None:
        if self.bad_dates({"closed_on": self.changed_on}, required=("closed_on",)):
            return
        result = self.attempt(
            lambda: self.services.cases.set_status(
                self.case.id,
                self.new_status(),
                reason=self.reason.toPlainText() or None,
                on=self.changed_on.value(),
                expected_version=self.case.version,
            )
        )
        if result is not None:
            self.result_case = result
            self.accept()
