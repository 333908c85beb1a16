"""Create or edit a patient: the INS identity traits, NIR with its key, médecin traitant,
fragility flags (ALD, C2S, "> 70 ans" computed). A new patient resembling an existing one
(same birth name, first name and birth date) prompts before anything is created; an edit made
stale by another window is refused, then reloaded on request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from rcp_desktop.domain.ages import FRAGILE_AGE, age_on, is_fragile_age
from rcp_desktop.domain.identifiers import NIR_PATTERN, nir_is_valid, normalise_nir
from rcp_desktop.models import IdentityStatus, Patient, Sex
from rcp_desktop.models.enums import MEDICAL_PROFESSIONS
from rcp_desktop.services import Services
from rcp_desktop.services.errors import ServiceError, ValidationError
from rcp_desktop.services.patients import DuplicatePatientError, PatientDraft
from rcp_desktop.ui.cases.common import plain_label
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker
from rcp_desktop.ui.widgets.record_model import display


def _text(edit: QLineEdit) -> str | None:
    return edit.text() or None


class PatientDialog(FormDialog):
    """``result_patient`` is the patient saved (or the existing one the user chose to open
    instead, with ``opened_existing`` set)."""

    def __init__(self, services: Services, patient: Patient | None = None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.patient = patient
        self.result_patient: Patient | None = None
        self.opened_existing = False
        self.duplicate_box: QMessageBox | None = None
        self.setWindowTitle(
            self.tr("Modifier le patient") if patient else self.tr("Nouveau patient")
        )
        self.setMinimumWidth(900)

        self.birth_name = QLineEdit()
        self.first_names = QLineEdit()
        self.first_names.setPlaceholderText(self.tr("Tous les prénoms de naissance, dans l'ordre"))
        self.used_name = QLineEdit()
        self.used_first_name = QLineEdit()
        self.birth_date = DateField()
        self.age = plain_label()
        self.sex = EnumCombo(Sex, empty=self.tr("— choisir —"))
        self.birth_place_code = QLineEdit()
        self.birth_place_code.setPlaceholderText(self.tr("Code INSEE : 91027, 2A004, 99134…"))
        self.identity_status = EnumCombo(IdentityStatus)
        self.nir = QLineEdit()
        self.nir.setPlaceholderText(self.tr("15 caractères, clé comprise (facultatif)"))
        self.nir_state = plain_label()
        self.commune = QLineEdit()
        self.phone = QLineEdit()
        current_gp = patient.gp_id if patient else None
        self.gp = ProfessionalPicker(
            lambda: [
                p
                for p in services.directory.list()
                if p.id == current_gp or (p.active and p.profession in MEDICAL_PROFESSIONS)
            ],
            empty=self.tr("— hors annuaire ou aucun —"),
        )
        self.gp_free_text = QLineEdit()
        self.gp_free_text.setPlaceholderText(self.tr("S'il n'est pas dans l'annuaire : nom, ville"))
        self.ald = QCheckBox(self.tr("ALD (affection de longue durée)"))
        self.c2s = QCheckBox(self.tr("C2S (complémentaire santé solidaire)"))
        self.over_70 = plain_label()

        identity = QGroupBox(self.tr("Identité (traits INS)"))
        form = QFormLayout(identity)
        form.addRow(self.tr("Nom de naissance* :"), self.field("birth_name", self.birth_name))
        form.addRow(
            self.tr("Prénom(s) de naissance* :"), self.field("first_names", self.first_names)
        )
        form.addRow(self.tr("Nom d'usage :"), self.field("used_name", self.used_name))
        form.addRow(
            self.tr("Prénom utilisé :"), self.field("used_first_name", self.used_first_name)
        )
        birth = QHBoxLayout()
        birth.setContentsMargins(0, 0, 0, 0)
        birth.addWidget(self.field("birth_date", self.birth_date), 1)
        birth.addWidget(self.age, 1, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Date de naissance* :"), birth)
        form.addRow(self.tr("Sexe* :"), self.field("sex", self.sex))
        form.addRow(
            self.tr("Lieu de naissance :"), self.field("birth_place_code", self.birth_place_code)
        )
        form.addRow(
            self.tr("Statut de l'identité :"), self.field("identity_status", self.identity_status)
        )
        form.addRow(self.tr("NIR :"), self.field("nir", self.nir))
        form.addRow("", self.nir_state)

        other = QGroupBox(self.tr("Coordonnées, médecin traitant, fragilité"))
        form2 = QFormLayout(other)
        form2.addRow(self.tr("Commune de résidence :"), self.field("commune", self.commune))
        form2.addRow(self.tr("Téléphone :"), self.field("phone", self.phone))
        form2.addRow(self.tr("Médecin traitant :"), self.field("gp_id", self.gp))
        form2.addRow(self.tr("ou, hors annuaire :"), self.field("gp_free_text", self.gp_free_text))
        form2.addRow(self.tr("Fragilité :"), self.ald)
        form2.addRow("", self.c2s)
        form2.addRow("", self.over_70)

        columns = QHBoxLayout()
        columns.addWidget(identity, 1)
        columns.addWidget(other, 1)
        self.reload_button = QPushButton(self.tr("Recharger la version enregistrée"))
        self.reload_button.clicked.connect(self.reload)
        self.reload_button.hide()
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("* champs obligatoires. Noms : 200 caractères au plus ; prénoms : 300.")
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(columns)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.finish_layout(layout)

        self.birth_date.textChanged.connect(self._update_age)
        self.nir.textChanged.connect(self._update_nir_state)
        if patient is not None:
            self._load(patient)
        self._update_age()
        self._update_nir_state()
        self.birth_name.setFocus()

    # --- display -------------------------------------------------------------------------------

    def _load(self, patient: Patient) -> None:
        self.birth_name.setText(patient.birth_name)
        self.first_names.setText(patient.first_names)
        self.used_name.setText(patient.used_name or "")
        self.used_first_name.setText(patient.used_first_name or "")
        self.birth_date.set_value(patient.birth_date)
        self.sex.set_value(patient.sex)
        self.birth_place_code.setText(patient.birth_place_code or "")
        self.identity_status.set_value(patient.identity_status)
        self.nir.setText(patient.nir or "")
        self.commune.setText(patient.commune or "")
        self.phone.setText(patient.phone or "")
        self.gp.set_value(patient.gp_id)
        self.gp_free_text.setText(patient.gp_free_text or "")
        self.ald.setChecked(patient.ald)
        self.c2s.setChecked(patient.c2s)

    def _update_age(self) -> None:
        try:
            born = self.birth_date.value()
        except ValueError:
            born = None
        today = self.services.ctx.today()
        if born is None or born > today:
            self.age.clear()
            self.over_70.setText(
                self.tr("Plus de {n} ans : calculé d'après la date de naissance").format(
                    n=FRAGILE_AGE
                )
            )
            return
        years = age_on(born, today)
        self.age.setText(self.tr("{n} ans").format(n=years))
        self.over_70.setText(
            (
                self.tr("Plus de {n} ans : oui")
                if is_fragile_age(born, today)
                else self.tr("Plus de {n} ans : non")
            ).format(n=FRAGILE_AGE)
            + self.tr(" (calculé)")
        )

    def _update_nir_state(self) -> None:
        nir = normalise_nir(self.nir.text())
        if not nir:
            self.nir_state.clear()
        elif len(nir) < 15:
            self.nir_state.setText(self.tr("{n} caractère(s) sur 15").format(n=len(nir)))
        elif len(nir) == 15 and NIR_PATTERN.match(nir) and nir_is_valid(nir):
            self.nir_state.setText(self.tr("✔ clé de contrôle correcte"))
        else:
            self.nir_state.setText(self.tr("✘ NIR incorrect (format ou clé)"))

    # --- saving --------------------------------------------------------------------------------

    def draft(self) -> PatientDraft:
        return PatientDraft(
            birth_name=self.birth_name.text(),
            first_names=self.first_names.text(),
            used_name=_text(self.used_name),
            used_first_name=_text(self.used_first_name),
            birth_date=self.birth_date.value(),
            sex=self.sex.value(),
            birth_place_code=_text(self.birth_place_code),
            identity_status=self.identity_status.value(),
            nir=_text(self.nir),
            commune=_text(self.commune),
            phone=_text(self.phone),
            gp_id=self.gp.value(),
            gp_free_text=_text(self.gp_free_text),
            ald=self.ald.isChecked(),
            c2s=self.c2s.isChecked(),
        )

    def save(self) -> None:
        if self.bad_dates({"birth_date": self.birth_date}):
            return
        draft = self.draft()
        if self.patient is None:
            result = self._create(draft)
        else:
            result = self._update(draft)
        if result is not None:
            self.result_patient = result
            self.accept()

    def _create(self, draft: PatientDraft) -> Patient | None:
        assert self.errors is not None
        self.errors.clear()
        try:
            return self.services.patients.create(draft)
        except DuplicatePatientError as exc:
            duplicate = exc
        except ValidationError as exc:
            self.errors.show(exc)
            return None
        except ServiceError as exc:
            self.summary.setText(exc.message)
            return None
        choice = self.ask_duplicate(duplicate)
        if choice == "open":
            self.opened_existing = True
            return duplicate.candidates[0]
        if choice == "create":
            return self.attempt(lambda: self.services.patients.create(draft, allow_duplicate=True))
        self.summary.setText(self.tr("Rien n'a été créé."))
        return None

    def ask_duplicate(self, exc: DuplicatePatientError) -> str:
        """'open', 'create' or 'cancel'."""
        lines = []
        for p in exc.candidates[:5]:
            numbers = ", ".join(
                c.number for c in self.services.cases.list(patient_id=p.id)
            ) or self.tr("aucun dossier")
            lines.append(
                self.tr("• {name} {first}, né(e) le {date} — {commune} — {cases}").format(
                    name=p.birth_name.upper(),
                    first=p.first_names,
                    date=display(p.birth_date),
                    commune=p.commune or "—",
                    cases=numbers,
                )
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Patient peut-être déjà enregistré"), "", parent=self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            exc.message
            + "\n\n"
            + "\n".join(lines)
            + "\n\n"
            + self.tr("Ouvrez le patient existant plutôt que de créer un doublon.")
        )
        open_button = box.addButton(
            self.tr("Ouvrir le patient existant"), QMessageBox.ButtonRole.AcceptRole
        )
        create_button = box.addButton(
            self.tr("Créer quand même"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(self.tr("Annuler"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        self.duplicate_box = box
        box.exec()
        self.duplicate_box = None
        clicked = box.clickedButton()
        if clicked is open_button:
            return "open"
        if clicked is create_button:
            return "create"
        return "cancel"

    def _update(self, draft: PatientDraft) -> Patient | None:
        assert self.patient is not None
        return self.attempt(
            lambda: self.services.patients.update(
                self.patient.id, draft, expected_version=self.patient.version
            )
        )

    def on_conflict(self) -> None:
        self.reload_button.show()

    def reload(self) -> None:
        """Show the version stored now (after a conflict); what was typed is replaced."""
        assert self.patient is not None and self.errors is not None
        try:
            self.patient = self.services.patients.get(self.patient.id)
        except ServiceError as exc:
            self.summary.setText(exc.message)
            return
        self._load(self.patient)
        self.errors.clear()
        self.reload_button.hide()
        self.summary.setText(
            self.tr("Fiche rechargée : refaites vos modifications puis enregistrez.")
        )
