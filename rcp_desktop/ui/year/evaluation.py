"""The end-of-session evaluation: a short dialog the referent fills with the room (satisfaction
and usefulness of the decisions from 1 to 5, how the length felt, a free comment), opened from
one action of the Séances page ("Évaluation…") for the selected session once it has started."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import DurationFeeling
from rcp_desktop.services.evaluation import EvaluationDraft
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import EnumCombo


class ScoreButtons(QWidget):
    """Five radio buttons, 1 to 5 (keyboard: Tab then arrows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for score in range(1, 6):
            button = QRadioButton(str(score))
            self.group.addButton(button, score)
            layout.addWidget(button)
        layout.addStretch(1)

    def value(self) -> int | None:
        score = self.group.checkedId()
        return score if score > 0 else None

    def set_value(self, score: int | None) -> None:
        button = self.group.button(score) if score else None
        if button is not None:
            button.setChecked(True)


class EvaluationDialog(FormDialog):
    def __init__(self, services, meeting_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting_id = meeting_id
        self.setWindowTitle(self.tr("Évaluation de la séance"))
        self.satisfaction = ScoreButtons()
        self.usefulness = ScoreButtons()
        self.duration = EnumCombo(DurationFeeling, empty=self.tr("— choisir —"))
        self.comment = QPlainTextEdit()
        self.comment.setFixedHeight(80)
        self.comment.setPlaceholderText(
            self.tr("Ce qui a aidé, ce qui manquait… (sans nom de patient)")
        )
        current = services.evaluations.of_meeting(meeting_id)
        if current is not None:
            self.satisfaction.set_value(current.satisfaction)
            self.usefulness.set_value(current.usefulness)
            self.duration.set_value(current.duration)
            self.comment.setPlainText(current.comment or "")
        intro = QLabel(
            self.tr(
                "À remplir avec la salle en fin de séance : 1 = pas du tout, 5 = tout à fait. "
                "Les moyennes de l'année figurent dans le rapport annuel (les commentaires "
                "restent dans la base)."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Satisfaction :"), self.field("satisfaction", self.satisfaction))
        form.addRow(self.tr("Utilité des décisions :"), self.field("usefulness", self.usefulness))
        form.addRow(self.tr("Durée de la séance :"), self.field("duration", self.duration))
        form.addRow(self.tr("Commentaire :"), self.field("comment", self.comment))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.finish_layout(layout)

    def draft(self) -> EvaluationDraft:
        duration = self.duration.value()
        return EvaluationDraft(
            self.satisfaction.value(),
            self.usefulness.value(),
            DurationFeeling(duration) if duration is not None else None,
            self.comment.toPlainText() or None,
        )

    def save(self) -> None:
        draft = self.draft()
        if self.attempt(lambda: self.services.evaluations.record(self.meeting_id, draft)):
            self.accept()


def install_evaluation_action(page, services) -> QAction:
    """Add "Évaluation…" to the Séances page's action bar (``page.actions_bar``); uses only
    ``page.current_meeting_id()``. The dialog is kept on ``page.evaluation_dialog``."""
    action = page.actions_bar.addAction(
        QCoreApplication.translate("EvaluationDialog", "Évaluation…")
    )

    def open_dialog() -> None:
        meeting_id = page.current_meeting_id()
        if meeting_id is None:
            return
        dialog = EvaluationDialog(services, meeting_id, page)
        dialog.setModal(True)
        page.evaluation_dialog = dialog
        dialog.show()

    action.triggered.connect(lambda _checked=False: open_dialog())
    page.evaluation_action = action
    return action
