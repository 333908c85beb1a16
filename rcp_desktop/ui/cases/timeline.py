"""The Chronologie tab of a case: every dated event, filterable, newest or oldest first. The
events are read off the GUI thread (:attr:`TimelinePanel.loading` until they are shown)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from rcp_desktop.i18n import translate
from rcp_desktop.services import Services
from rcp_desktop.services.cases import TIMELINE_FILTERS, TimelineEvent, TimelineKind
from rcp_desktop.ui.cases.common import MessageLabel
from rcp_desktop.ui.latest import LatestLoad
from rcp_desktop.ui.widgets.common import RecordTable
from rcp_desktop.ui.widgets.record_model import Column

KIND_COLORS = {
    TimelineKind.PRESENTATION: QColor("#1a5fb4"),
    TimelineKind.DECISION: QColor("#613583"),
    TimelineKind.DECISION_DONE: QColor("#26a269"),
    TimelineKind.CRISIS_PLAN: QColor("#c64600"),
    TimelineKind.CLOSED: QColor("#77767b"),
    TimelineKind.USIPA_INCLUSION: QColor("#0e7c86"),
    TimelineKind.USIPA_EXIT: QColor("#0e7c86"),
    TimelineKind.REQUEST: QColor("#986a44"),
    TimelineKind.INFORMED: QColor("#26a269"),
    TimelineKind.OUTCOME: QColor("#a51d2d"),
}


class TimelinePanel(QWidget):
    def __init__(self, services: Services, tasks=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.loader = LatestLoad(tasks, self)
        self.case_id: int | None = None
        self.filter = QComboBox()
        for text, kinds in TIMELINE_FILTERS:
            self.filter.addItem(translate(text), kinds)
        self.order = QComboBox()
        self.order.addItem(self.tr("Plus récent d'abord"), True)
        self.order.addItem(self.tr("Plus ancien d'abord"), False)
        self.count = QLabel()
        self.message = MessageLabel()
        self.table = RecordTable(
            [
                Column(self.tr("Date"), lambda e: e.on),
                Column(self.tr("Type"), lambda e: e.kind_label),
                Column(self.tr("Événement"), lambda e: e.title, tooltip=lambda e: e.title),
                Column(self.tr("Détails"), lambda e: e.detail, tooltip=lambda e: e.detail or None),
            ]
        )
        # The service's order (same-day events in the order they happened) is the one shown.
        self.table.setSortingEnabled(False)
        self.table.source.highlight = lambda e: KIND_COLORS.get(e.kind)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.order.currentIndexChanged.connect(lambda _i: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Afficher :")))
        top.addWidget(self.filter)
        top.addWidget(self.order)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def set_case(self, case_id: int | None) -> None:
        if case_id != self.case_id:
            self.table.set_records([])  # never another case's events while this one loads
        self.case_id = case_id
        self.reload()

    def events(self) -> list[TimelineEvent]:
        return self.table.source.records()

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def reload(self) -> None:
        self.message.clear()
        if self.case_id is None:
            self.loader.cancel()
            self.table.set_records([])
            self.count.clear()
            return
        kinds = self.filter.currentData()
        case_id, newest_first = self.case_id, bool(self.order.currentData())
        cases = self.services.cases
        if self.table.source.total() == 0:
            self.count.setText(self.tr("Chargement…"))
        self.loader.run(
            lambda: cases.timeline(case_id, newest_first=newest_first, kinds=kinds),
            self._show,
            self._failed,
        )

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.table.set_records([])
        self.count.clear()

    def _show(self, events: list[TimelineEvent]) -> None:
        self.table.set_records(events)
        for column in (2, 3):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 520))
        self.count.setText(self.tr("{n} événement(s)").format(n=len(events)))
