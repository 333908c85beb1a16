"""Année CPTS: the year around the conference — the annual activity report (ACI targets, the
previous year, outcomes by pathway, the evaluation of the RCP, the coordinator's text) and the
participants' time for indemnisation."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout

from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.year.indemnities import IndemnitiesTab
from rcp_desktop.ui.year.report import ReportTab

YEARS_SHOWN = 10


class YearPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(services, tasks, parent)
        self.title = self.tr("Année CPTS")
        today = services.ctx.today()
        self.year = QComboBox()
        for year in range(today.year, today.year - YEARS_SHOWN, -1):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(1)  # the last whole year: the one reports and payments close
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.indemnities = IndemnitiesTab(services, tasks, self)
        self.report = ReportTab(services, tasks, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.report, self.tr("Rapport annuel"))
        self.tabs.addTab(self.indemnities, self.tr("Indemnisation"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Année :")))
        top.addWidget(self.year)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    def selected_year(self) -> int:
        return int(self.year.currentData())

    def set_year(self, year: int) -> None:
        self.year.setCurrentIndex(self.year.findData(year))

    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.indemnities:
            self.indemnities.load(self.selected_year())
        elif current is self.report:
            self.report.load(self.selected_year())
