"""Create or edit a professional of the directory.

The RPPS check-digit (Luhn) mismatch is a warning the user may accept; a malformed RPPS, a
duplicate RPPS or an invalid e-mail are refused at the field. Deactivating asks first when the
professional still owns open actions or is expected at sessions to come. A record changed
meanwhile (another window, another workstation, an import) is not overwritten."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.identifiers import compact, luhn_is_valid, rpps_is_well_formed
from rcp_desktop.i18n import translate
from rcp_desktop.models import Civility, Profession, Professional
from rcp_desktop.services import Services
from rcp_desktop.services.directory import Commitments, ProfessionalDraft
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import EnumCombo

WARNING_STYLE = "color: #9c4a00;"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfessionalDialog", text)


def commitments_text(commitments: Commitments) -> str:
    parts = []
    if commitments.open_decisions:
        parts.append(
            _tr("{n} action(s) ouverte(s) dont il ou elle est responsable").format(
                n=commitments.open_decisions
            )
        )
    if commitments.upcoming_sessions:
        parts.append(
            _tr("{n} séance(s) à venir où il ou elle est attendu(e) ou anime").format(
                n=commitments.upcoming_sessions
            )
        )
    return "; ".join(parts)


def confirm_deactivation(parent: QWidget, services: Services, pro: Professional) -> bool:
    """Ask before deactivating someone still involved; True if nothing to say or confirmed."""
    commitments = services.directory.commitments(pro.id)
    if not commitments.any:
        return True
    box = QMessageBox(
        QMessageBox.Icon.Question, _tr("Désactiver le professionnel"), "", parent=parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        _tr(
            "{name} reste lié(e) à : {what}.\n\nUne fois inactif, il ou elle reste dans "
            "l'historique (présences, décisions) mais n'est plus proposé(e) pour de nouvelles "
            "invitations ni de nouvelles décisions ; pensez à réattribuer ses actions depuis "
            "le Suivi. Désactiver quand même ?"
        ).format(name=pro.display_name, what=commitments_text(commitments))
    )
    yes = box.addButton(_tr("Désactiver"), QMessageBox.ButtonRole.YesRole)
    box.addButton(_tr("Annuler"), QMessageBox.ButtonRole.NoRole)
    box.exec()
    return box.clickedButton() is yes


class ProfessionalDialog(FormDialog):
    """New professional (``pro`` None) or edit one."""

    def __init__(self, services: Services, pro: Professional | None = None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.pro = pro
        self.result_professional: Professional | None = None
        self.warnings: list[str] = []
        self.setWindowTitle(
            self.tr("Modifier un professionnel") if pro else self.tr("Nouveau professionnel")
        )
        self.setMinimumWidth(600)

        def line(max_length: int, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit()
            edit.setMaxLength(max_length)
            edit.setPlaceholderText(placeholder)
            return edit

        self.civility = EnumCombo(Civility, empty=self.tr("— non précisée —"))
        self.civility.setToolTip(
            self.tr(
                "Accorde la profession sur les documents («\u00a0Infirmière\u00a0», «\u00a0Pharmacienne\u00a0»…)"
            )
        )
        self.last_name = line(200)
        self.first_name = line(200)
        self.profession = EnumCombo(Profession, empty=self.tr("— choisir —"))
        self.profession_detail = line(200, self.tr("Spécialité, orientation, exercice…"))
        self.rpps = line(20, self.tr("11 chiffres"))
        self.adeli = line(20, self.tr("9 caractères"))
        self.rpps_warning = QLabel()
        self.rpps_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.rpps_warning.setWordWrap(True)
        self.rpps_warning.setStyleSheet(WARNING_STYLE)
        self.rpps_warning.hide()
        self.structure = line(300, self.tr("Cabinet, MSP, centre de santé, établissement…"))
        self.commune = line(200)
        self.email = line(320, self.tr("nom@exemple.fr"))
        self.phone = line(40)
        self.secure_email = line(320, self.tr("nom@structure.mssante.fr"))
        self.cpts_member = QCheckBox(self.tr("Membre de la CPTS"))
        self.active = QCheckBox(self.tr("Actif (proposé pour les invitations et les décisions)"))
        self.active.setChecked(True)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)

        identifiers = QWidget()
        ids = QHBoxLayout(identifiers)
        ids.setContentsMargins(0, 0, 0, 0)
        ids.addWidget(QLabel(self.tr("RPPS :")))
        ids.addWidget(self.field("rpps", self.rpps), 1)
        ids.addWidget(QLabel(self.tr("ADELI :")))
        ids.addWidget(self.field("adeli", self.adeli), 1)

        form = QFormLayout()
        form.addRow(self.tr("Civilité :"), self.field("civility", self.civility))
        form.addRow(self.tr("Nom :"), self.field("last_name", self.last_name))
        form.addRow(self.tr("Prénom :"), self.field("first_name", self.first_name))
        form.addRow(self.tr("Profession :"), self.field("profession", self.profession))
        form.addRow(
            self.tr("Spécialité / précision :"),
            self.field("profession_detail", self.profession_detail),
        )
        form.addRow(self.tr("Identifiant :"), identifiers)
        form.addRow("", self.rpps_warning)
        form.addRow(self.tr("Structure :"), self.field("structure", self.structure))
        form.addRow(self.tr("Commune :"), self.field("commune", self.commune))
        form.addRow(self.tr("E-mail :"), self.field("email", self.email))
        form.addRow(self.tr("Téléphone :"), self.field("phone", self.phone))
        form.addRow(
            self.tr("Messagerie sécurisée (MSSanté) :"),
            self.field("secure_email", self.secure_email),
        )
        form.addRow("", self.cpts_member)
        form.addRow("", self.field("active", self.active))
        form.addRow(self.tr("Notes :"), self.field("notes", self.notes))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.reload_button = QPushButton(self.tr("Recharger"))
        self.reload_button.setToolTip(
            self.tr("Relire la fiche enregistrée (vos modifications sont abandonnées)")
        )
        self.reload_button.clicked.connect(self.reload)
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reload_button.hide()
        self.finish_layout(layout)
        self.rpps.textChanged.connect(self._check_rpps)
        if pro is not None:
            self._load(pro)

    # --- loading ------------------------------------------------------------------------------

    def _load(self, pro: Professional) -> None:
        self.pro = pro
        self.civility.set_value(pro.civility)
        self.last_name.setText(pro.last_name)
        self.first_name.setText(pro.first_name or "")
        self.profession.set_value(pro.profession)
        self.profession_detail.setText(pro.profession_detail or "")
        self.rpps.setText(pro.rpps or "")
        self.adeli.setText(pro.adeli or "")
        self.structure.setText(pro.structure or "")
        self.commune.setText(pro.commune or "")
        self.email.setText(pro.email or "")
        self.phone.setText(pro.phone or "")
        self.secure_email.setText(pro.secure_email or "")
        self.cpts_member.setChecked(pro.cpts_member)
        self.active.setChecked(pro.active)
        self.notes.setPlainText(pro.notes or "")

    def reload(self) -> None:
        if self.pro is None:
            return
        try:
            fresh = self.services.directory.get(self.pro.id)
        except ServiceError as exc:
            self.summary.setText(exc.message)
            return
        self._load(fresh)
        self.errors.clear()
        self.reload_button.hide()

    # --- checks -------------------------------------------------------------------------------

    def _check_rpps(self, text: str) -> None:
        digits = compact(text)
        if rpps_is_well_formed(digits) and not luhn_is_valid(digits):
            self.rpps_warning.setText(
                self.tr(
                    "⚠ La clé de contrôle du RPPS ne correspond pas : vérifiez le numéro "
                    "(vous pourrez enregistrer quand même)."
                )
            )
            self.rpps_warning.show()
        else:
            self.rpps_warning.hide()

    def draft(self) -> ProfessionalDraft:
        return ProfessionalDraft(
            last_name=self.last_name.text(),
            first_name=self.first_name.text(),
            civility=self.civility.value(),
            profession=self.profession.value(),
            profession_detail=self.profession_detail.text(),
            rpps=self.rpps.text(),
            adeli=self.adeli.text(),
            structure=self.structure.text(),
            commune=self.commune.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            secure_email=self.secure_email.text(),
            cpts_member=self.cpts_member.isChecked(),
            active=self.active.isChecked(),
            notes=self.notes.toPlainText(),
        )

    def accept_warnings(self, warnings: list[str]) -> bool:
        """Show the warnings; True if the user chooses to save anyway."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Vérification"), "", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            "\n".join(translate(w) for w in warnings) + "\n\n" + self.tr("Enregistrer quand même ?")
        )
        yes = box.addButton(self.tr("Enregistrer quand même"), QMessageBox.ButtonRole.YesRole)
        fix = box.addButton(self.tr("Corriger"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(fix)
        box.exec()
        return box.clickedButton() is yes

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        draft = self.draft()
        own_id = self.pro.id if self.pro else None
        warnings = self.attempt(lambda: self.services.directory.check(draft, own_id))
        if warnings is None:
            return
        if warnings and not self.accept_warnings(warnings):
            self.rpps.setFocus()
            return
        if (
            self.pro is not None
            and self.pro.active
            and not draft.active
            and not confirm_deactivation(self, self.services, self.pro)
        ):
            return
        if self.pro is None:
            result = self.attempt(lambda: self.services.directory.create(draft))
        else:
            pro = self.pro
            result = self.attempt(
                lambda: self.services.directory.update(
                    pro.id, draft, expected_updated_at=pro.updated_at
                )
            )
        if result is None:
            return
        self.result_professional, self.warnings = result
        self.accept()

    def on_conflict(self) -> None:
        self.reload_button.show()
