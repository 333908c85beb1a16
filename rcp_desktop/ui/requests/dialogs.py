"""A request typed in (or completed after a request for more information), built from the same
field list as the PDF form; the triage dialogs: accept, ask for more, refuse."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date, short_time
from rcp_desktop.i18n import translate
from rcp_desktop.models import CaseStatus, MeetingStatus, ReferralRequest, label
from rcp_desktop.models.enums import born_on
from rcp_desktop.services import Services
from rcp_desktop.services.errors import ValidationError
from rcp_desktop.services.requests import (
    EMPTY_CHOICE,
    FIELDS,
    SECTIONS,
    FieldKind,
    RequestDraft,
    choice_text,
    draft_from_values,
)
from rcp_desktop.ui.cases.common import text_edit
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import DateField


class RequestDialog(FormDialog):
    """Type a request received by phone or on paper, or correct / complete a waiting one."""

    def __init__(
        self, services: Services, request: ReferralRequest | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.request = request
        self.result_request: ReferralRequest | None = None
        self.setWindowTitle(
            self.tr("Saisir une demande d'inscription")
            if request is None
            else self.tr("Compléter la demande {number}").format(number=request.number)
        )
        self.widgets: dict[str, QWidget] = {}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        draft = RequestDraft.of(request) if request is not None else RequestDraft()
        for section in SECTIONS:
            group = QGroupBox(translate(section))
            form = QFormLayout(group)
            for spec in FIELDS:
                if spec.section != section:
                    continue
                widget = self._widget(spec, getattr(draft, spec.name))
                self.widgets[spec.name] = widget
                text = translate(spec.label) + (" *" if spec.required else "")
                if spec.kind is FieldKind.CHECK:
                    widget.setText(text)
                    form.addRow(self.field(spec.name, widget))
                else:
                    form.addRow(text, self.field(spec.name, widget))
            body_layout.addWidget(group)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Les champs marqués * sont obligatoires."))
        hint.setObjectName("hint")
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        self.finish_layout(layout)
        self.setMinimumWidth(max(self.minimumWidth(), 640))
        self.resize(760, 700)

    def _widget(self, spec, value) -> QWidget:
        if spec.kind is FieldKind.CHECK:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if spec.kind is FieldKind.CHOICE:
            combo = QComboBox()
            combo.addItem(EMPTY_CHOICE, None)
            for member in spec.choices:
                combo.addItem(choice_text(member), member)
            if value is not None:
                combo.setCurrentIndex(max(combo.findData(value), 0))
            return combo
        if spec.kind is FieldKind.DATE:
            return DateField(value)
        if spec.kind is FieldKind.LONG_TEXT:
            edit = text_edit()
            edit.setPlainText(value or "")
            return edit
        line = QLineEdit(value or "")
        if spec.hint:
            line.setPlaceholderText(translate(spec.hint))
        return line

    def values(self) -> dict[str, object]:
        """The raw values, as the PDF form gives them."""
        out: dict[str, object] = {}
        for name, widget in self.widgets.items():
            if isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentText()
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text()
        return out

    def save(self) -> None:
        draft, errors = draft_from_values(self.values())
        if self.request is None:
            result = self.attempt(lambda: self.services.requests.create(draft, errors=errors))
        else:
            draft.referrer_id = self.request.referrer_id
            request = self.request
            if errors:
                assert self.errors is not None
                self.errors.show(ValidationError(errors))
                return
            result = self.attempt(
                lambda: self.services.requests.update(
                    request.id, draft, expected_version=request.version
                )
            )
        if result is not None:
            self.result_request = result
            self.accept()


class AnswerDialog(FormDialog):
    """Ask the referrer for more, or refuse: the text is required (it is what they are told)."""

    def __init__(
        self, services: Services, request: ReferralRequest, *, refuse: bool, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.request = request
        self.refusing = refuse
        self.result_request: ReferralRequest | None = None
        title = (
            self.tr("Refuser la demande {number}")
            if refuse
            else self.tr("Demander un complément — demande {number}")
        )
        self.setWindowTitle(title.format(number=request.number))
        self.text = text_edit(
            placeholder=self.tr("Motif du refus, adressé au demandeur")
            if refuse
            else self.tr("Ce qu'il manque pour traiter la demande")
        )
        form = QFormLayout()
        form.addRow(
            self.tr("Motif") if refuse else self.tr("Complément demandé"),
            self.field("answer", self.text),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("{patient} — adressée par {referrer}").format(
                    patient=request.patient_label, referrer=request.referrer_name
                )
            )
        )
        layout.addLayout(form)
        self.finish_layout(layout)
        self.setMinimumWidth(max(self.minimumWidth(), 520))

    def save(self) -> None:
        request, text = self.request, self.text.toPlainText()
        call = self.services.requests.refuse if self.refusing else self.services.requests.ask_more
        result = self.attempt(lambda: call(request.id, text, expected_version=request.version))
        if result is not None:
            self.result_request = result
            self.accept()


class AcceptDialog(FormDialog):
    """Accept: which patient (one of the base's that may be them, or a new one), which session
    to propose the case for, and a word for the referrer."""

    def __init__(self, services: Services, request: ReferralRequest, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.request = request
        self.result_request: ReferralRequest | None = None
        self.setWindowTitle(self.tr("Accepter la demande {number}").format(number=request.number))
        self.patient_choice = QButtonGroup(self)
        patients = QGroupBox(self.tr("Patient"))
        patients_layout = QVBoxLayout(patients)
        self.candidates = services.requests.candidates(request.id)
        for index, patient in enumerate(self.candidates):
            button = QRadioButton(
                self.tr("Patient déjà enregistré : {name}, {born}").format(
                    name=patient.display_name,
                    born=born_on(patient.sex, fr_date(patient.birth_date)),
                )
            )
            self.patient_choice.addButton(button, patient.id)
            patients_layout.addWidget(button)
            if index == 0:
                button.setChecked(True)
        self.new_patient = QRadioButton(
            self.tr("Nouveau patient : {name}, {born}").format(
                name=request.patient_label,
                born=born_on(request.sex, fr_date(request.birth_date)),
            )
        )
        self.patient_choice.addButton(self.new_patient, 0)
        patients_layout.addWidget(self.new_patient)
        if not self.candidates:
            self.new_patient.setChecked(True)
        else:
            warning = QLabel(
                self.tr(
                    "Un patient de même identité existe déjà : vérifiez qu'il s'agit bien de la "
                    "même personne avant de l'associer."
                )
            )
            warning.setWordWrap(True)
            patients_layout.addWidget(warning)
        self.meeting = QComboBox()
        self.meeting.addItem(self.tr("Ne pas proposer de séance pour l'instant"), None)
        today = services.ctx.today()
        for row in services.meetings.summaries(start=today):
            if row.status is MeetingStatus.PLANNED and row.held_on >= today:
                if row.pathway is not None and row.pathway is not request.pathway:
                    continue
                self.meeting.addItem(
                    self.tr("Séance du {date} à {time} — {theme}").format(
                        date=fr_date(row.held_on),
                        time=short_time(row.start_time),
                        theme=label(row.pathway) or row.theme or self.tr("tous parcours"),
                    ),
                    row.id,
                )
        if self.meeting.count() > 1:
            self.meeting.setCurrentIndex(1)
        self.reply = text_edit(placeholder=self.tr("Réponse au demandeur (facultatif)"))
        self.case = QComboBox()
        self.patient_choice.idToggled.connect(lambda _id, on: on and self._load_cases())
        self._load_cases()
        form = QFormLayout()
        form.addRow(self.tr("Dossier"), self.field("case_id", self.case))
        form.addRow(self.tr("Proposer pour"), self.field("meeting_id", self.meeting))
        form.addRow(self.tr("Réponse"), self.field("answer", self.reply))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Le dossier sera ouvert avec la question et la synthèse de la demande ; le "
                    "formulaire reçu y sera joint ; le consentement déclaré sera enregistré."
                )
            )
        )
        layout.addWidget(patients)
        layout.addLayout(form)
        self.finish_layout(layout)
        self.setMinimumWidth(max(self.minimumWidth(), 560))

    def _load_cases(self) -> None:
        """A new case, or one of the chosen patient's open cases (the request joins it)."""
        self.case.clear()
        self.case.addItem(self.tr("Ouvrir un nouveau dossier"), None)
        choice = self.patient_choice.checkedId()
        if choice > 0:
            for case in self.services.cases.list(
                patient_id=choice, statuses=(CaseStatus.OPEN, CaseStatus.FOLLOW_UP)
            ):
                self.case.addItem(
                    self.tr("Rattacher au dossier {number} — {pathway}").format(
                        number=case.number, pathway=label(case.pathway)
                    ),
                    case.id,
                )

    def save(self) -> None:
        choice = self.patient_choice.checkedId()
        request = self.request
        result = self.attempt(
            lambda: self.services.requests.accept(
                request.id,
                patient_id=choice if choice > 0 else None,
                allow_new_patient=choice <= 0,
                case_id=self.case.currentData() if choice > 0 else None,
                meeting_id=self.meeting.currentData(),
                message=self.reply.toPlainText(),
                expected_version=request.version,
            )
        )
        if result is not None:
            self.result_request = result
            self.accept()
