"""Statistiques: activity figures for a chosen period."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from rcp_desktop.ui.pages.base import Page


def _to_date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class StatistiquesPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Statistiques")
        today = services.ctx.today()
        self.start = QDateEdit(QDate(today.year - 1, today.month, 1))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.compute = QPushButton(self.tr("Calculer"))
        self.compute.clicked.connect(self.refresh)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.figures = {
            key: QLabel("—")
            for key in ("sessions_held", "presentations", "situations", "professionals")
        }
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Du")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("au")))
        top.addWidget(self.end)
        top.addWidget(self.compute)
        top.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Séances tenues :"), self.figures["sessions_held"])
        form.addRow(self.tr("Présentations de dossiers :"), self.figures["presentations"])
        form.addRow(self.tr("Situations présentées (dossiers distincts) :"), self.figures["situations"])
        form.addRow(self.tr("Professionnels mobilisés :"), self.figures["professionals"])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addStretch(1)

    def refresh(self) -> None:
        start, end = _to_date(self.start.date()), _to_date(self.end.date())
        if end < start:
            self.error.setText(self.tr("La fin de la période précède son début."))
            return
        self.error.clear()
        overview = self.services.statistics.overview(start, end)
        for key, widget in self.figures.items():
            widget.setText(str(getattr(overview, key)))
