"""Annuaire: the directory of professionals."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable
from rcp_desktop.ui.widgets.record_model import Column


class AnnuairePage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Annuaire")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filtrer : nom, commune, structure, RPPS…"))
        self.filter.setClearButtonEnabled(True)
        self.active_only = QCheckBox(self.tr("Actifs seulement"))
        self.active_only.setChecked(True)
        self.count = QLabel()
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.active_only.toggled.connect(lambda _on: self.refresh())
        self.table = RecordTable(
            [
                Column(self.tr("Nom"), lambda p: p.last_name),
                Column(self.tr("Prénom"), lambda p: p.first_name),
                Column(self.tr("Profession"), lambda p: p.profession),
                Column(self.tr("RPPS / ADELI"), lambda p: p.rpps or p.adeli),
                Column(self.tr("Structure"), lambda p: p.structure),
                Column(self.tr("Commune"), lambda p: p.commune),
                Column(self.tr("Membre CPTS"), lambda p: p.cpts_member),
                Column(self.tr("Actif"), lambda p: p.active),
                Column(self.tr("Messagerie sécurisée"), lambda p: p.secure_email),
            ]
        )
        self.table.source.highlight = lambda p: None if p.active else QColor("#77767b")
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.active_only)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        pros = self.services.directory.list(self.filter.text(), active_only=self.active_only.isChecked())
        self.table.set_records(pros, keep=self.table.current_record())
        self.count.setText(self.tr("{n} professionnel(s)").format(n=len(pros)))
