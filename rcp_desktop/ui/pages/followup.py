"""Suivi: open decisions across cases — overdue, due soon, by owner, by pathway — and their
follow-up (mark done with the completion date and note, in progress, edit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import DecisionStatus, Pathway
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.followup import DUE_SOON_DAYS, DecisionFilter
from rcp_desktop.ui.latest import LatestLoad
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.meetings.decisions import DecisionDialog, MarkDoneDialog
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.fields import EnumCombo
from rcp_desktop.ui.widgets.record_model import Column

OVERDUE_COLOR = QColor("#c01c28")
DUE_SOON_COLOR = QColor("#c64600")
NO_OWNER = -1


class FollowupPage(Page):
    """The board loads off the GUI thread (thousands of open actions on a large base): each
    :meth:`refresh` starts a load, the newest one is shown, :attr:`refreshed` says when."""

    refreshed = Signal()

    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.loader = LatestLoad(tasks, self)
        self.loader.finished.connect(self.refreshed)
        self.title = self.tr("Suivi")
        self.dialog = None
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Toutes les actions ouvertes"), DecisionFilter())
        self.scope.addItem(self.tr("En retard"), DecisionFilter(overdue_only=True))
        self.scope.addItem(
            self.tr("Échéance dans les {n} jours").format(n=DUE_SOON_DAYS),
            DecisionFilter(due_within_days=DUE_SOON_DAYS),
        )
        self.owner = QComboBox()
        self.pathway = EnumCombo(Pathway, empty=self.tr("Tous les parcours"))
        for combo in (self.scope, self.owner, self.pathway):
            # Long names are elided in the closed combo (whole in its list): the filters never
            # push the table off a 1024-pixel screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(20 if combo is self.scope else 12)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.owner.currentIndexChanged.connect(lambda _i: self.refresh())
        self.pathway.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel()
        self.table = RecordTable(
            [
                Column(self.tr("Échéance"), lambda d: d.due_on),
                Column(self.tr("Action"), lambda d: d.description),
                Column(self.tr("Responsable"), lambda d: d.owner.display_name if d.owner else ""),
                Column(self.tr("Statut"), lambda d: d.status),
                Column(self.tr("Dossier"), lambda d: d.item.case.number, optional=True),
                Column(self.tr("Patient"), lambda d: d.item.case.patient.display_name),
                Column(self.tr("Parcours"), lambda d: d.item.case.pathway, optional=True),
                Column(self.tr("Décidée le"), lambda d: d.item.meeting.held_on, optional=True),
            ]
        )
        self.table.source.highlight = self._due_color
        self.table.current_record_changed.connect(lambda _d: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.by_owner = RecordTable(
            [
                Column(self.tr("Responsable"), lambda g: g.label or self.tr("(sans responsable)")),
                Column(self.tr("Ouvertes"), lambda g: g.open, align_right=True),
                Column(self.tr("En retard"), lambda g: g.overdue, align_right=True),
                Column(self.tr("Bientôt"), lambda g: g.due_soon, align_right=True, optional=True),
            ]
        )
        self.by_owner.source.highlight = lambda g: OVERDUE_COLOR if g.overdue else None
        self.by_owner.doubleClicked.connect(
            lambda _i: self._filter_owner(self.by_owner.current_record())
        )
        self.by_pathway = RecordTable(
            [
                Column(self.tr("Parcours"), lambda g: g.label),
                Column(self.tr("Ouvertes"), lambda g: g.open, align_right=True),
                Column(self.tr("En retard"), lambda g: g.overdue, align_right=True),
                Column(self.tr("Bientôt"), lambda g: g.due_soon, align_right=True, optional=True),
            ]
        )
        self.by_pathway.source.highlight = lambda g: OVERDUE_COLOR if g.overdue else None
        self.by_pathway.doubleClicked.connect(
            lambda _i: self._filter_pathway(self.by_pathway.current_record())
        )
        self.done_button = QPushButton(self.tr("Marquer comme fait…"))
        self.progress_button = QPushButton(self.tr("En cours"))
        self.edit_button = QPushButton(self.tr("Modifier…"))
        self.done_button.clicked.connect(self.mark_done)
        self.progress_button.clicked.connect(self.mark_in_progress)
        self.edit_button.clicked.connect(self.edit)
        self.message = error_label()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Afficher :")))
        top.addWidget(self.scope)
        top.addWidget(QLabel(self.tr("Responsable :")))
        top.addWidget(self.owner)
        top.addWidget(QLabel(self.tr("Parcours :")))
        top.addWidget(self.pathway)
        top.addStretch(1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        for b in (self.done_button, self.progress_button, self.edit_button):
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(section_title(self.tr("Par responsable")))
        right_layout.addWidget(self.by_owner, 3)
        right_layout.addWidget(section_title(self.tr("Par parcours")))
        right_layout.addWidget(self.by_pathway, 2)
        hint = QLabel(self.tr("Double-clic sur une ligne pour filtrer."))
        hint.setObjectName("hint")
        right_layout.addWidget(hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        right.setMinimumWidth(280)
        splitter.setSizes([760, 460])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._owners_loaded = False  # the directory is read with the first load, off-thread
        self._fill_owners([])
        self._update_buttons()

    def _load_owners(self) -> None:
        self._fill_owners(self.services.directory.list())

    def _fill_owners(self, professionals) -> None:
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(self.tr("Tous les responsables"), None)
        self.owner.addItem(self.tr("(sans responsable)"), NO_OWNER)
        for pro in professionals:
            self.owner.addItem(pro.display_name, pro.id)
        index = self.owner.findData(current)
        self.owner.setCurrentIndex(max(index, 0))
        self.owner.blockSignals(False)

    def _due_color(self, decision) -> QColor | None:
        today: dt.date = self.services.ctx.today()
        if decision.due_on is None:
            return None
        if decision.due_on < today:
            return OVERDUE_COLOR
        if decision.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
            return DUE_SOON_COLOR
        return None

    def current_filter(self) -> DecisionFilter:
        flt: DecisionFilter = self.scope.currentData()
        owner = self.owner.currentData()
        if owner == NO_OWNER:
            flt = replace(flt, without_owner=True)
        elif owner is not None:
            flt = replace(flt, owner_id=owner)
        return replace(flt, pathway=self.pathway.value())

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def refresh(self) -> None:
        flt = self.current_filter()
        scope_only = self.scope.currentData()
        owner_scope = replace(scope_only, pathway=self.pathway.value())
        followup = self.services.followup
        directory = self.services.directory if not self._owners_loaded else None

        def load():
            return (
                followup.open_decisions(flt),
                followup.by_owner(owner_scope),
                followup.by_pathway(scope_only),
                directory.list() if directory is not None else None,
            )

        self.loader.run(load, self._show, self.message.setText)

    def _show(self, result) -> None:
        decisions, by_owner, by_pathway, owners = result
        if owners is not None:
            self._fill_owners(owners)
            self._owners_loaded = True
        self.table.set_records(decisions, keep=self.table.current_record())
        self.count.setText(self.tr("{n} action(s)").format(n=len(decisions)))
        self.by_owner.set_records(by_owner)
        self.by_pathway.set_records(by_pathway)
        self._update_buttons()

    def _filter_owner(self, group) -> None:
        if group is not None:
            index = self.owner.findData(group.key if group.key is not None else NO_OWNER)
            if index < 0:
                self._load_owners()
                index = self.owner.findData(group.key)
            self.owner.setCurrentIndex(max(index, 0))

    def _filter_pathway(self, group) -> None:
        if group is not None:
            self.pathway.set_value(group.key)

    def _update_buttons(self) -> None:
        d = self.table.current_record()
        for b in (self.done_button, self.edit_button):
            b.setEnabled(d is not None)
        self.progress_button.setEnabled(d is not None and d.status is DecisionStatus.TODO)

    # --- follow-up actions --------------------------------------------------------------------

    def _open(self, dialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        self.dialog = dialog
        dialog.open()

    def mark_done(self) -> None:
        d = self.table.current_record()
        if d is not None:
            self._open(MarkDoneDialog(self.services, d, self))

    def edit(self) -> None:
        d = self.table.current_record()
        if d is not None:
            status = d.item.meeting.status
            self._open(DecisionDialog(self.services, d.item, d, meeting_status=status, parent=self))

    def mark_in_progress(self) -> None:
        d = self.table.current_record()
        if d is None:
            return
        self.message.clear()
        try:
            self.services.decisions.set_status(
                d.id, DecisionStatus.IN_PROGRESS, expected_version=d.version
            )
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        self.refresh()
