"""USIPA: the board of the patients in intensive ambulatory follow-up — contacts over the last
7 days against the planned intensity (behind / on track), last contact, days since inclusion —
with a quick "log a contact"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.usipa import BoardRow
from rcp_desktop.ui.cases.usipa import UsipaContactDialog
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.record_model import Column

BEHIND_COLOR = QColor("#c01c28")


class UsipaPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("USIPA")
        self.dialog: QDialog | None = None
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        self.board = RecordTable(
            [
                Column(
                    self.tr("État"), self._state, sort_key=lambda r: (not r.behind, r.case_number)
                ),
                Column(self.tr("Dossier"), lambda r: r.case_number),
                Column(self.tr("Patient"), lambda r: r.patient),
                Column(
                    self.tr("Contacts (7 j)"),
                    lambda r: self.tr("{done} / {expected}").format(
                        done=r.contacts_this_week, expected=r.expected_this_week
                    ),
                    sort_key=lambda r: r.contacts_this_week - r.expected_this_week,
                    tooltip=lambda r: self.tr(
                        "{done} contact(s) ces 7 derniers jours, {expected} attendu(s) "
                        "({planned} prévus par semaine)"
                    ).format(
                        done=r.contacts_this_week,
                        expected=r.expected_this_week,
                        planned=r.planned_per_week,
                    ),
                ),
                Column(self.tr("Prévus / sem."), lambda r: r.planned_per_week, align_right=True),
                Column(
                    self.tr("Dernier contact"),
                    lambda r: r.last_contact_on or self.tr("aucun"),
                    sort_key=lambda r: r.last_contact_on,
                ),
                Column(
                    self.tr("Jours sans contact"),
                    lambda r: (
                        r.days_since_last_contact if r.days_since_last_contact is not None else "—"
                    ),
                    sort_key=lambda r: (
                        r.days_since_last_contact
                        if r.days_since_last_contact is not None
                        else r.days_since_inclusion + 1
                    ),
                    align_right=True,
                ),
                Column(self.tr("Inclus le"), lambda r: r.inclusion_on, optional=True),
                Column(
                    self.tr("Depuis"),
                    lambda r: self.tr("J+{n}").format(n=r.days_since_inclusion),
                    sort_key=lambda r: r.days_since_inclusion,
                    align_right=True,
                    tooltip=lambda r: self.tr("{n} jour(s) depuis l'inclusion").format(
                        n=r.days_since_inclusion
                    ),
                ),
                Column(
                    self.tr("Équipe"),
                    lambda r: ", ".join(r.team),
                    tooltip=lambda r: "\n".join(r.team),
                    optional=True,
                ),
            ]
        )
        self.board.source.highlight = lambda r: BEHIND_COLOR if r.behind else None
        self.board.current_record_changed.connect(lambda _r: self._show_row())
        self.board.doubleClicked.connect(lambda _i: self.add_contact())
        # The columns of the case panel's contact log (ui/cases/usipa.py), in this page's
        # translation context. pylint: disable=duplicate-code
        self.contacts = RecordTable(
            [
                Column(self.tr("Date"), lambda c: c.contact_on),
                Column(
                    self.tr("Professionnel"),
                    lambda c: c.professional.display_name if c.professional else "",
                ),
                Column(self.tr("Type"), lambda c: c.kind),
                Column(
                    self.tr("Note"),
                    lambda c: (c.note or "").replace("\n", " "),
                    tooltip=lambda c: c.note,
                ),
            ]
        )
        # pylint: enable=duplicate-code
        self.add_button = QPushButton(self.tr("Noter un contact…"))
        self.add_button.clicked.connect(self.add_contact)
        self.message = error_label()
        hint = QLabel(
            self.tr(
                "«\u00a07 j\u00a0» : les 7 derniers jours, aujourd'hui compris ; la première semaine, l'attendu est "
                "proportionnel aux jours écoulés depuis l'inclusion. Double-clic : noter un contact."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.board, 1)
        upper_layout.addWidget(hint)
        upper_layout.addWidget(self.message)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.contacts_title = section_title(self.tr("Derniers contacts"))
        lower_layout.addWidget(self.contacts_title)
        lower_layout.addWidget(self.contacts, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 280])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._show_row()

    def _state(self, row: BoardRow) -> str:
        return self.tr("En retard") if row.behind else self.tr("À jour")

    def refresh(self, select_id: int | None = None) -> None:
        self.message.clear()
        keep = (
            select_id if select_id is not None else getattr(self.board.current_record(), "id", None)
        )
        rows = self.services.usipa.board()
        self.board.set_records(rows)
        if keep is not None:
            self.board.select_id(keep)
        behind = sum(1 for r in rows if r.behind)
        self.summary.setText(
            self.tr(
                "{n} patient(s) en suivi intensif — {k} en retard sur l'intensité prévue"
            ).format(n=len(rows), k=behind)
        )
        self._show_row()

    def _show_row(self) -> None:
        row = self.board.current_record()
        self.add_button.setEnabled(row is not None)
        if row is None:
            self.contacts.set_records([])
            self.contacts_title.setText(self.tr("Derniers contacts"))
            return
        try:
            enrolment = self.services.usipa.get(row.enrolment_id)
        except ServiceError as exc:
            self.message.setText(exc.message)
            self.contacts.set_records([])
            return
        self.contacts_title.setText(
            self.tr("Derniers contacts — dossier {number}").format(number=row.case_number)
        )
        self.contacts.set_records(list(reversed(enrolment.contacts)))

    def add_contact(self) -> None:
        row = self.board.current_record()
        if row is None:
            return
        dialog = UsipaContactDialog(
            self.services,
            row.enrolment_id,
            heading=self.tr("{patient} — dossier {number}").format(
                patient=row.patient, number=row.case_number
            ),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh(row.enrolment_id))
        self.dialog = dialog
        dialog.open()
