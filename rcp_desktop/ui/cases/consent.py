"""Record a patient's consent to information sharing within the conference (or an explicit,
reasoned exception), and withdraw one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.i18n import translate
from rcp_desktop.models import Consent, ConsentForm, ConsentKind, Patient, label
from rcp_desktop.services import Services
from rcp_desktop.services.patients import DEFAULT_CONSENT_SCOPE, MAX_CONSENT_TEXT
from rcp_desktop.ui.cases.common import plain_label, text_edit
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo
from rcp_desktop.ui.widgets.record_model import display


class ConsentDialog(FormDialog):
    """A new consent (date, oral / written form, scope) or exception (reason required)."""

    def __init__(self, services: Services, patient: Patient, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.patient = patient
        self.result_consent: Consent | None = None
        self.setWindowTitle(self.tr("Consentement au partage d'informations"))
        self.setMinimumWidth(620)
        intro = QLabel(
            self.tr(
                "Présenter la situation en RCP suppose le consentement du patient au partage des "
                "informations entre les participants (art. L1110-4 du code de la santé publique). "
                "À défaut, une exception motivée peut être enregistrée (urgence, patient hors "
                "d'état d'exprimer sa volonté…)."
            )
        )
        intro.setWordWrap(True)
        self.consent_choice = QRadioButton(self.tr("Consentement du patient"))
        self.exception_choice = QRadioButton(self.tr("Exception motivée (sans consentement)"))
        self.consent_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.consent_choice)
        group.addButton(self.exception_choice)
        kinds = QWidget()
        kinds_layout = QHBoxLayout(kinds)
        kinds_layout.setContentsMargins(0, 0, 0, 0)
        kinds_layout.addWidget(self.consent_choice)
        kinds_layout.addWidget(self.exception_choice)
        kinds_layout.addStretch(1)
        self.given_on = DateField(services.ctx.today())
        self.form_combo = EnumCombo(ConsentForm, empty=self.tr("— choisir —"))
        self.scope = text_edit(70)
        self.scope.setPlainText(translate(DEFAULT_CONSENT_SCOPE))
        self.reason = text_edit(
            70, self.tr("Pourquoi la situation est présentée sans consentement")
        )
        form = QFormLayout()
        form.addRow(self.tr("Patient :"), plain_label(patient.display_name))
        form.addRow(self.tr("Nature :"), kinds)
        form.addRow(self.tr("Date :"), self.field("given_on", self.given_on))
        form.addRow(self.tr("Forme :"), self.field("form", self.form_combo))
        form.addRow(self.tr("Portée :"), self.field("scope", self.scope))
        form.addRow(self.tr("Motif de l'exception :"), self.field("reason", self.reason))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(self.tr("Textes : {n} caractères au plus.").format(n=MAX_CONSENT_TEXT))
        )
        self.finish_layout(layout)
        self.exception_choice.toggled.connect(self._kind_changed)
        self._kind_changed()

    def kind(self) -> ConsentKind:
        return ConsentKind.EXCEPTION if self.exception_choice.isChecked() else ConsentKind.CONSENT

    def _kind_changed(self) -> None:
        exception = self.kind() is ConsentKind.EXCEPTION
        self.form_combo.setEnabled(not exception)
        self.reason.setEnabled(exception)

    def save(self) -> None:
        if self.bad_dates({"given_on": self.given_on}, required=("given_on",)):
            return
        kind = self.kind()
        result = self.attempt(
            lambda: self.services.patients.record_consent(
                self.patient.id,
                given_on=self.given_on.value(),
                form=self.form_combo.value() if kind is ConsentKind.CONSENT else None,
                scope=self.scope.toPlainText() or None,
                kind=kind,
                reason=self.reason.toPlainText() if kind is ConsentKind.EXCEPTION else None,
            )
        )
        if result is not None:
            self.result_consent = result
            self.accept()


class WithdrawConsentDialog(FormDialog):
    """Withdraw a consent (or end an exception) from a date, with a note."""

    def __init__(self, services: Services, consent: Consent, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.consent = consent
        self.setWindowTitle(self.tr("Retrait du consentement"))
        self.setMinimumWidth(520)
        self.withdrawn_on = DateField(services.ctx.today())
        self.note = text_edit(70, self.tr("Circonstances du retrait (facultatif)"))
        form = QFormLayout()
        form.addRow(
            self.tr("Consentement :"),
            plain_label(
                self.tr("{kind} du {date}").format(
                    kind=consent_kind_text(consent), date=display(consent.given_on)
                )
            ),
        )
        form.addRow(self.tr("Retiré le :"), self.field("withdrawn_on", self.withdrawn_on))
        form.addRow(self.tr("Note :"), self.field("withdrawal_note", self.note))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                self.tr(
                    "À partir de cette date, les dossiers du patient ne peuvent plus être inscrits à "
                    "l'ordre du jour d'une séance. L'historique garde le consentement et son retrait."
                )
            )
        )
        self.finish_layout(layout)

    def save(self) -> None:
        if self.bad_dates({"withdrawn_on": self.withdrawn_on}, required=("withdrawn_on",)):
            return
        result = self.attempt(
            lambda: self.services.patients.withdraw_consent(
                self.consent.id, on=self.withdrawn_on.value(), note=self.note.toPlainText() or None
            )
        )
        if result is not None:
            self.accept()


def consent_kind_text(consent: Consent) -> str:
    text = label(consent.kind)
    if consent.form is not None:
        text += f" ({label(consent.form).lower()})"
    return text
