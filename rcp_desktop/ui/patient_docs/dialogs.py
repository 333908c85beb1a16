"""The dialogs of the patient's documents: who holds a copy of the crisis plan, the letter
templates per pathway (from Paramètres)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.i18n import translate
from rcp_desktop.models import Pathway, label
from rcp_desktop.services import Services
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.patient_docs import check_holders
from rcp_desktop.services.patient_docs.letters import FIELDS, MAX_TEMPLATE


def _error_label() -> QLabel:
    error = QLabel()
    error.setObjectName("fieldError")
    error.setWordWrap(True)
    error.setTextFormat(Qt.TextFormat.PlainText)
    return error


class HoldersDialog(QDialog):
    """Who holds a copy of the plan given to the patient: the patient, the GP, the plan's
    contacts (ticked), others typed in; the professional who signs with the patient."""

    def __init__(self, services: Services, plan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plan de crise pour le patient"))
        self.holders_list = QListWidget()
        for text in services.patient_docs.holder_choices(plan_id):
            self._add(text)
        self.other = QLineEdit()
        self.other.setMaxLength(200)
        self.other.setPlaceholderText(self.tr("Autre détenteur (ex. : pharmacie, CMP)"))
        self.add_button = QPushButton(self.tr("Ajouter"))
        self.add_button.clicked.connect(self.add_other)
        self.other.returnPressed.connect(self.add_other)
        row = QHBoxLayout()
        row.addWidget(self.other, 1)
        row.addWidget(self.add_button)
        self.signer = QLineEdit()
        self.signer.setMaxLength(200)
        self.signer.setPlaceholderText(self.tr("vide : ligne à remplir"))
        self.signer.setMinimumWidth(260)
        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Préparer le document"))
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Le plan est imprimé en langage simple, avec les lignes d'accord et de "
                "signature. Cochez qui en détient un exemplaire :"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.holders_list, 1)
        layout.addLayout(row)
        form = QFormLayout()
        form.addRow(self.tr("Professionnel qui signe avec le patient :"), self.signer)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.chosen: tuple[str, ...] = ()

    def _add(self, text: str, checked: bool = True) -> None:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.holders_list.addItem(item)

    def add_other(self) -> None:
        text = " ".join(self.other.text().split())
        if text:
            self._add(text)
            self.other.clear()

    def holders(self) -> list[str]:
        return [
            self.holders_list.item(i).text()
            for i in range(self.holders_list.count())
            if self.holders_list.item(i).checkState() is Qt.CheckState.Checked
        ]

    def check(self) -> None:
        try:
            self.chosen = check_holders(self.holders())
        except ServiceError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class LetterTemplatesDialog(QDialog):
    """The letter to the patient, one template per pathway: edited, checked, stored in the
    base; "Modèle d'origine" brings the built-in one back."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Modèles de courrier au patient"))
        self.pathway = QComboBox()
        for pathway in Pathway:
            self.pathway.addItem(label(pathway), pathway)
        self.editor = QPlainTextEdit()
        self.editor.setMinimumHeight(220)
        fields = "  ".join("{" + name + "}" for name, _text in FIELDS)
        self.help = QLabel(
            self.tr("Champs remplis à l'impression : {fields}").format(fields=fields)
        )
        self.help.setWordWrap(True)
        self.help.setToolTip(
            "\n".join("{" + name + "} : " + translate(text) for name, text in FIELDS)
        )
        self.state = QLabel()
        self.reset_button = QPushButton(self.tr("Modèle d'origine"))
        self.reset_button.clicked.connect(self.reset)
        self.save_button = QPushButton(self.tr("Enregistrer ce modèle"))
        self.save_button.clicked.connect(self.save)
        self.error = _error_label()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = QFormLayout()
        top.addRow(self.tr("Parcours :"), self.pathway)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.reset_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.help)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.pathway.currentIndexChanged.connect(self.load)
        self.load()

    def current_pathway(self) -> Pathway:
        return Pathway(self.pathway.currentData())

    def load(self) -> None:
        pathway = self.current_pathway()
        self.editor.setPlainText(self.services.patient_docs.letter_template(pathway))
        self.error.clear()
        self._show_state()

    def _show_state(self) -> None:
        default = self.services.patient_docs.is_default_template(self.current_pathway())
        self.state.setText(self.tr("Modèle d'origine") if default else self.tr("Modèle modifié"))
        self.reset_button.setEnabled(not default)

    def save(self) -> bool:
        text = self.editor.toPlainText()
        if len(text) > MAX_TEMPLATE * 2:  # never hand a pasted book to the checks
            text = text[: MAX_TEMPLATE * 2]
        try:
            self.services.patient_docs.set_letter_template(self.current_pathway(), text)
        except ServiceError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        self._show_state()
        return True

    def reset(self) -> None:
        self.services.patient_docs.set_letter_template(self.current_pathway(), None)
        self.load()
