"""The crisis-anticipation plan panel of a case (versions, editor, comparison)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class CrisisPlanPanel(QWidget):
    """Shown as a tab of the case view. ``set_case(None)`` empties it; ``changed`` is emitted
    after every write so the case view can reload its timeline."""

    changed = Signal()

    def __init__(self, services, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.case_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Plan de crise : à venir.")))

    def set_case(self, case_id: int | None) -> None:
        self.case_id = case_id
