"""Attendance: invite from the directory, check people in (present / excused / absent, on site /
remote, arrival time, signature), with the quorum shown live."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import Attendance, AttendanceMode, Presence
from rcp_desktop.services import Services
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.quorum import QuorumStatus
from rcp_desktop.ui.meetings.common import FormDialog, error_label
from rcp_desktop.ui.meetings.planning import ParticipantsSelector
from rcp_desktop.ui.widgets.common import fit_columns
from rcp_desktop.ui.widgets.fields import ProfessionalPicker
from rcp_desktop.ui.widgets.record_model import RECORD_ROLE, display

QUORUM_OK = "#26a269"
QUORUM_MISSING = "#c64600"
ROLL_CALL = "#1a5fb4"
PRESENCE_COLORS = {
    Presence.PRESENT: QColor("#26a269"),
    Presence.EXCUSED: QColor("#77767b"),
    Presence.ABSENT: QColor("#c01c28"),
}


def quorum_text(status: QuorumStatus) -> str:
    if status.met:
        return QCoreApplication.translate(
            "common",
            "Quorum atteint : {n} professions différentes présentes ({needed} requises) — {list}",
        ).format(n=status.count, needed=status.needed, list=", ".join(status.profession_labels()))
    listed = ", ".join(status.profession_labels()) or QCoreApplication.translate("common", "aucune")
    return QCoreApplication.translate(
        "common",
        "Quorum non atteint : {n} profession(s) sur {needed} requises — présentes : {list}",
    ).format(n=status.count, needed=status.needed, list=listed)


class QuorumLabel(QLabel):
    """The quorum, green when met, orange otherwise."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.status: QuorumStatus | None = None

    def show_status(self, status: QuorumStatus, *, roll_call_hint: bool = False) -> None:
        """The quorum; with *roll_call_hint*, before anyone is checked in, a neutral line
        that asks for the roll call instead of an alarm."""
        self.status = status
        if roll_call_hint and not status.roll_called:
            self.setText(
                QCoreApplication.translate(
                    "common",
                    "Appel à faire : pointez les présents (Ctrl+P) — quorum : {needed} professions.",
                ).format(needed=status.needed)
            )
            self.setStyleSheet(
                f"QLabel {{ color: white; background: {ROLL_CALL}; padding: 6px; "
                "font-weight: bold; }"
            )
            return
        self.setText(quorum_text(status))
        color = QUORUM_OK if status.met else QUORUM_MISSING
        self.setStyleSheet(
            f"QLabel {{ color: white; background: {color}; padding: 6px; font-weight: bold; }}"
        )


class AttendanceModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Attendance] = []
        self.headers = [
            self.tr("Participant"),
            self.tr("Profession"),
            self.tr("Invité"),
            self.tr("Présence"),
            self.tr("Mode"),
            self.tr("Arrivée"),
            self.tr("Émargé"),
        ]

    def set_rows(self, rows: Sequence[Attendance]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Attendance:
        return self._rows[index]

    def rows(self) -> list[Attendance]:
        return list(self._rows)

    def total(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        a = self._rows[index.row()]
        values = [
            a.professional.display_name,
            a.professional.profession,
            a.invited,
            a.presence,
            a.mode,
            a.arrived_at,
            a.signed,
        ]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(values[index.column()])
        if role == RECORD_ROLE:
            return a
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            color = PRESENCE_COLORS.get(a.presence)
            return QBrush(color) if color else None
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class AttendancePanel(QWidget):
    """Who is expected and who came. Select a row, then a button or a key: P present,
    E excused, A absent, D on site / remote; the quorum updates at once."""

    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting_id: int | None = None
        self.locked = False
        self.quorum = QuorumLabel()
        self.source = AttendanceModel(self)
        self.table = QTableView()
        self.table.setModel(self.source)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.present_button = QPushButton(self.tr("&Présent"))
        self.excused_button = QPushButton(self.tr("&Excusé"))
        self.absent_button = QPushButton(self.tr("&Absent"))
        self.mode_button = QPushButton(self.tr("Sur place / à &distance"))
        self.signed_button = QPushButton(self.tr("Émargement"))
        self.arrival = QTimeEdit()
        self.arrival.setDisplayFormat("HH:mm")
        self.arrival_button = QPushButton(self.tr("Heure d'arrivée"))
        self.invite_button = QPushButton(self.tr("Inviter…"))
        self.walk_in_button = QPushButton(self.tr("Présent non invité…"))
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.error = error_label()
        self.hint = QLabel(
            self.tr(
                "Clavier, dans la liste : P présent · E excusé · A absent · D sur place / à distance"
            )
        )
        self.hint.setObjectName("hint")
        self.present_button.clicked.connect(lambda: self.set_presence(Presence.PRESENT))
        self.excused_button.clicked.connect(lambda: self.set_presence(Presence.EXCUSED))
        self.absent_button.clicked.connect(lambda: self.set_presence(Presence.ABSENT))
        self.mode_button.clicked.connect(self.toggle_mode)
        self.signed_button.clicked.connect(self.toggle_signed)
        self.arrival_button.clicked.connect(self.apply_arrival)
        self.invite_button.clicked.connect(self.invite)
        self.walk_in_button.clicked.connect(self.walk_in)
        self.remove_button.clicked.connect(self.remove)
        for key, slot in (
            ("P", lambda: self.set_presence(Presence.PRESENT)),
            ("E", lambda: self.set_presence(Presence.EXCUSED)),
            ("A", lambda: self.set_presence(Presence.ABSENT)),
            ("D", self.toggle_mode),
        ):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._sync_arrival())

        checkin = QHBoxLayout()
        for w in (
            self.present_button,
            self.excused_button,
            self.absent_button,
            self.mode_button,
            self.signed_button,
            self.arrival,
            self.arrival_button,
        ):
            checkin.addWidget(w)
        checkin.addStretch(1)
        manage = QHBoxLayout()
        for w in (self.invite_button, self.walk_in_button, self.remove_button):
            manage.addWidget(w)
        manage.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.quorum)
        layout.addLayout(manage)
        layout.addWidget(self.table, 1)
        layout.addLayout(checkin)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)

    # --- loading ------------------------------------------------------------------------------

    def load(self, meeting_id: int | None, *, locked: bool = False, loaded=None) -> None:
        """Show the session's attendance; *loaded* is ``(attendance list, quorum)`` when the
        caller read them already (off the GUI thread)."""
        self.meeting_id = meeting_id
        self.locked = locked
        for w in (
            self.present_button,
            self.excused_button,
            self.absent_button,
            self.mode_button,
            self.signed_button,
            self.arrival_button,
            self.invite_button,
            self.walk_in_button,
            self.remove_button,
        ):
            w.setEnabled(meeting_id is not None and not locked)
        self.error.clear()
        self.reload(loaded=loaded)

    def reload(self, keep: int | None = None, *, loaded=None) -> None:
        if self.meeting_id is None:
            self.source.set_rows([])
            self.quorum.clear()
            self.quorum.setStyleSheet("")
            return
        keep = keep if keep is not None else (self.current().id if self.current() else None)
        if loaded is None:
            loaded = (
                self.services.attendance.list(self.meeting_id),
                self.services.attendance.quorum(self.meeting_id),
            )
        rows, quorum = loaded
        self.source.set_rows(rows)
        fit_columns(self.table)
        self.quorum.show_status(quorum)
        if keep is not None:
            self.select_attendance(keep)

    def current(self) -> Attendance | None:
        index = self.table.currentIndex()
        return self.source.row(index.row()) if index.isValid() else None

    def select_attendance(self, attendance_id: int) -> bool:
        for row, a in enumerate(self.source.rows()):
            if a.id == attendance_id:
                self.table.selectRow(row)
                return True
        return False

    def select_professional(self, pro_id: int) -> bool:
        for row, a in enumerate(self.source.rows()):
            if a.professional_id == pro_id:
                self.table.selectRow(row)
                return True
        return False

    def _sync_arrival(self) -> None:
        a = self.current()
        when = a.arrived_at if a and a.arrived_at else self.services.ctx.now().time()
        self.arrival.setTime(QTime(when.hour, when.minute))

    # --- actions ------------------------------------------------------------------------------

    def _run(self, fn) -> bool:
        self.error.clear()
        try:
            fn()
        except ServiceError as exc:
            self.error.setText(exc.message)
            return False
        self.reload()
        self.changed.emit()
        return True

    def set_presence(self, presence: Presence) -> bool:
        a = self.current()
        if a is None or self.locked:
            return False
        return self._run(lambda: self.services.attendance.check_in(a.id, presence))

    def toggle_mode(self) -> bool:
        a = self.current()
        if a is None or self.locked:
            return False
        mode = AttendanceMode.ON_SITE if a.mode is AttendanceMode.REMOTE else AttendanceMode.REMOTE
        return self._run(lambda: self.services.attendance.set_mode(a.id, mode))

    def toggle_signed(self) -> bool:
        a = self.current()
        if a is None or self.locked:
            return False
        return self._run(lambda: self.services.attendance.set_signed(a.id, not a.signed))

    def apply_arrival(self) -> bool:
        a = self.current()
        if a is None or self.locked:
            return False
        when: dt.time = self.arrival.time().toPython().replace(second=0, microsecond=0)
        return self._run(lambda: self.services.attendance.set_arrival(a.id, when))

    def remove(self) -> bool:
        a = self.current()
        if a is None or self.locked:
            return False
        return self._run(lambda: self.services.attendance.remove(a.id))

    def invite(self) -> None:
        if self.meeting_id is None:
            return
        dialog = InviteDialog(
            self.services, self.meeting_id, {a.professional_id for a in self.source.rows()}, self
        )
        dialog.accepted.connect(lambda: (self.reload(), self.changed.emit()))
        dialog.open()

    def walk_in(self) -> None:
        if self.meeting_id is None:
            return
        dialog = WalkInDialog(self.services, self.meeting_id, self)
        dialog.accepted.connect(lambda: (self.reload(), self.changed.emit()))
        dialog.open()


class InviteDialog(FormDialog):
    """Invite more participants from the directory."""

    def __init__(self, services: Services, meeting_id: int, already: set[int], parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting_id = meeting_id
        self.setWindowTitle(self.tr("Inviter des participants"))
        self.resize(520, 480)
        self.selector = ParticipantsSelector(services)
        for row in range(self.selector.list.count()):
            item = self.selector.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in already:
                item.setHidden(True)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field("participants", self.selector), 1)
        self.finish_layout(layout)

    def save(self) -> None:
        ids = self.selector.selected_ids()
        if self.attempt(lambda: self.services.attendance.invite(self.meeting_id, ids)) is not None:
            self.accept()


class WalkInDialog(FormDialog):
    """Someone who was not invited arrives."""

    def __init__(self, services: Services, meeting_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting_id = meeting_id
        self.setWindowTitle(self.tr("Présent non invité"))
        self.picker = ProfessionalPicker(lambda: services.directory.list(active_only=True))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Professionnel de l'annuaire :")))
        layout.addWidget(self.field("professional_id", self.picker))
        self.finish_layout(layout)

    def save(self) -> None:
        pro_id = self.picker.value()
        if pro_id is None:
            self.summary.setText(self.tr("Choisissez un professionnel."))
            return
        if (
            self.attempt(lambda: self.services.attendance.walk_in(self.meeting_id, pro_id))
            is not None
        ):
            self.accept()


class AttendanceDialog(QDialog):
    """The attendance panel in its own window (from the live meeting)."""

    def __init__(self, services: Services, meeting_id: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Présences"))
        self.resize(900, 560)
        self.panel = AttendancePanel(services, self)
        self.panel.load(meeting_id)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
