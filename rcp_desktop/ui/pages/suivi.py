"""Suivi: open decisions across cases, overdue first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from rcp_desktop.services.followup import DecisionFilter
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable
from rcp_desktop.ui.widgets.record_model import Column

DUE_SOON_DAYS = 14
OVERDUE_COLOR = QColor("#c01c28")


class SuiviPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Suivi")
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Toutes les actions ouvertes"), DecisionFilter())
        self.scope.addItem(self.tr("En retard"), DecisionFilter(overdue_only=True))
        self.scope.addItem(
            self.tr("Échéance dans les {n} jours").format(n=DUE_SOON_DAYS),
            DecisionFilter(due_within_days=DUE_SOON_DAYS),
        )
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel()
        self.table = RecordTable(
            [
                Column(self.tr("Échéance"), lambda d: d.due_on),
                Column(self.tr("Action"), lambda d: d.description),
                Column(self.tr("Responsable"), lambda d: d.owner.display_name if d.owner else ""),
                Column(self.tr("Statut"), lambda d: d.status),
                Column(self.tr("Dossier"), lambda d: d.item.case.number),
                Column(self.tr("Patient"), lambda d: d.item.case.patient.display_name),
                Column(self.tr("Parcours"), lambda d: d.item.case.pathway),
                Column(self.tr("Décidée le"), lambda d: d.item.meeting.held_on),
            ]
        )
        self.table.source.highlight = self._overdue_color
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Afficher :")))
        top.addWidget(self.scope)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def _overdue_color(self, decision) -> QColor | None:
        today: dt.date = self.services.ctx.today()
        return OVERDUE_COLOR if decision.due_on is not None and decision.due_on < today else None

    def refresh(self) -> None:
        decisions = self.services.followup.open_decisions(self.scope.currentData())
        self.table.set_records(decisions, keep=self.table.current_record())
        self.count.setText(self.tr("{n} action(s)").format(n=len(decisions)))
