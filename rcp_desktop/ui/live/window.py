"""The live meeting: one projector-friendly screen for the referent.

The current case, its question, its open actions from earlier sessions and its latest
crisis-anticipation plan; a timer against the planned duration; notes, the conference's
proposal, the next review date and quick decisions (what / owner / due date) — all committed as
they are typed (see :mod:`rcp_desktop.ui.live.autosave`). Keyboard-driven; the shortcuts are
written at the bottom of the screen. A pseudonymised display hides identities on the projected
view. The window title never carries patient data.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import (
    AgendaItem,
    CrisisContactKind,
    Decision,
    MeetingStatus,
    Triage,
    label,
)
from rcp_desktop.services import Services
from rcp_desktop.services.agenda import ItemContext
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.errors import ConflictError, ServiceError, ValidationError
from rcp_desktop.services.pseudonyms import case_pseudonym
from rcp_desktop.ui.live.autosave import AUTOSAVE_DELAY_MS, Autosaver
from rcp_desktop.ui.meetings.attendance import AttendanceDialog, QuorumLabel
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.widgets.fields import DateField, ProfessionalPicker

OVER_COLOR = "#c01c28"
NEAR_COLOR = "#c64600"
OK_COLOR = "#1a5fb4"

# (action name, key sequences, French description shown on screen)
SHORTCUTS = {
    "next": (("Ctrl+PgDown", "Alt+Right"), "Ctrl+Pg suiv. (ou Alt+→) : dossier suivant"),
    "previous": (("Ctrl+PgUp", "Alt+Left"), "Ctrl+Pg préc. (ou Alt+←) : dossier précédent"),
    "new_decision": (("Ctrl+N",), "Ctrl+N : nouvelle décision"),
    "notes": (("F2",), "F2 : notes"),
    "pseudonymise": (("Ctrl+I",), "Ctrl+I : masquer / afficher les identités"),
    "attendance": (("Ctrl+P",), "Ctrl+P : présences et quorum"),
    "full_screen": (("F11",), "F11 : plein écran"),
    "close": (("Ctrl+W",), "Ctrl+W : quitter le mode séance"),
}

LIVE_STYLE = """
QWidget#liveMode { background: #ffffff; }
#liveMode QWidget { font-size: 17px; }
QLabel#liveCase { font-size: 30px; font-weight: bold; color: #241f31; }
QLabel#liveQuestion { font-size: 23px; color: #241f31; }
QLabel#liveMeta { font-size: 16px; color: #5e5c64; }
QLabel#liveTimer { font-size: 30px; font-weight: bold; padding: 4px 12px; color: white; }
QLabel#liveSection { font-size: 18px; font-weight: bold; color: #1a5fb4; padding-top: 8px; }
QLabel#liveFlag { font-size: 18px; font-weight: bold; color: white; background: #c01c28; padding: 4px 8px; }
QLabel#liveListed { font-size: 19px; background: #f6f5f4; padding: 6px; }
QLabel#liveHelp { font-size: 14px; color: #3d3846; background: #f6f5f4; padding: 6px; }
QLabel#liveSaved { font-size: 15px; color: #26a269; }
QPushButton#livePseudo:checked { background: #c64600; color: white; }
QPlainTextEdit { font-size: 19px; }
QScrollArea#liveScroll, QWidget#liveScrollBody { background: #ffffff; }
QListWidget#liveAgenda { font-size: 17px; }
QListWidget#liveAgenda::item { padding: 6px; }
QListWidget#liveAgenda::item:selected { background: #1a5fb4; color: white; }
"""


def _fmt_seconds(seconds: int) -> str:
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes:02d}:{secs:02d}"


class DecisionRow(QFrame):
    """Quick entry of one decision: what / owner / due date, each committed as typed. The
    decision is created at the first non-blank character of *what*."""

    def __init__(self, live: LiveMeetingWindow, decision: Decision | None = None) -> None:
        super().__init__()
        self.live = live
        self.services = live.services
        self.item_id = live.item.id
        self.decision_id: int | None = decision.id if decision else None
        self.version: int | None = decision.version if decision else None
        self.saved: dict[str, object] = {
            "description": decision.description if decision else None,
            "owner_id": decision.owner_id if decision else None,
            "due_on": decision.due_on if decision else None,
        }
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.what = QLineEdit(decision.description if decision else "")
        self.what.setPlaceholderText(self.tr("Action décidée…"))
        self.what.setMaxLength(5000)
        self.owner = ProfessionalPicker(
            lambda: self.services.directory.list(active_only=True), empty=self.tr("— responsable —")
        )
        if decision is not None and decision.owner is not None and not decision.owner.active:
            # An owner who has since left the directory still shows on their decision.
            self.owner.addItem(
                f"{decision.owner.display_name} — {decision.owner.profession_label}",
                decision.owner_id,
            )
        self.owner.set_value(self.saved["owner_id"])
        self.owner.setMinimumWidth(200)
        self.due = DateField(decision.due_on if decision else None)
        self.due.setFixedWidth(120)
        self.due.setToolTip(self.tr("Échéance (jj/mm/aaaa)"))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(self.tr("Supprimer cette décision"))
        self.error = error_label()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.what, 1)
        top.addWidget(self.remove_button)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.owner, 1)
        second.addWidget(self.due)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.error)
        self.error.hide()

        self.what_saver = Autosaver(self._save_what, parent=self)
        self.due_saver = Autosaver(self._save_due, parent=self)
        for saver in (self.what_saver, self.due_saver):
            saver.saved.connect(lambda _v: self.live.mark_saved())
            saver.failed.connect(self._failed)
        self.what.textChanged.connect(self._what_changed)
        self.owner.currentTextChanged.connect(self._owner_changed)
        self.due.textChanged.connect(self._due_changed)
        self.due.editingFinished.connect(self._due_finished)
        self.remove_button.clicked.connect(self.remove)

    # --- typing -------------------------------------------------------------------------------

    def _what_changed(self, text: str) -> None:
        if self.decision_id is None and not text.strip():
            return
        self.live.mark_dirty()
        self.what_saver.changed(text)

    def _owner_changed(self, _text: str) -> None:
        value = self.owner.value()
        if value is None and self.owner.currentText().strip():
            return  # a name being typed: wait until it matches an entry
        if value != self.saved["owner_id"] and self.decision_id is not None:
            self._save_field("owner_id", value)

    def _due_changed(self, text: str) -> None:
        if not text.strip():
            self.due_saver.changed(None)
        elif len(text.strip()) >= 8 and self.due.is_valid():
            self.due_saver.changed(self.due.value())
        else:
            return
        self.live.mark_dirty()

    def _due_finished(self) -> None:
        if not self.due.is_valid():
            self.show_error(self.tr("Date invalide : jj/mm/aaaa."))

    # --- saving -------------------------------------------------------------------------------

    def _save_what(self, text: str) -> None:
        if self.decision_id is None:
            decision = self.services.decisions.create(self.item_id, DecisionDraft(description=text))
            self.decision_id, self.version = decision.id, decision.version
            self.saved["description"] = decision.description
            # Owner and due date chosen before the text: apply them now, each on its own.
            if self.owner.value() is not None:
                self._save_field("owner_id", self.owner.value())
            if self.due.text().strip() and self.due.is_valid():
                self._save_field("due_on", self.due.value())
        else:
            self._store("description", text)
        self.hide_error()

    def _save_due(self, value) -> None:
        if self.decision_id is None:
            return  # kept in the field; applied when the decision is created
        self._store("due_on", value)
        self.hide_error()

    def _store(self, name: str, value) -> None:
        if self.what_saver.paused:
            return
        decision = self.services.decisions.set_field(
            self.decision_id, name, value, expected_version=self.version, previous=self.saved[name]
        )
        self.version = decision.version
        self.saved[name] = getattr(decision, name)

    def _save_field(self, name: str, value) -> None:
        try:
            self._store(name, value)
        except ServiceError as exc:
            self.show_error(exc)
            return
        self.hide_error()
        self.live.mark_saved()

    def flush(self) -> bool:
        ok = self.what_saver.flush()
        return self.due_saver.flush() and ok

    def remove(self) -> None:
        self.what_saver.discard()
        self.due_saver.discard()
        if self.decision_id is not None:
            try:
                self.services.decisions.delete(self.decision_id, expected_version=self.version)
            except ServiceError as exc:
                self.show_error(exc)
                return
        self.live.decision_removed(self)

    # --- messages -----------------------------------------------------------------------------

    def _failed(self, error: ServiceError) -> None:
        if isinstance(error, ConflictError):
            # Changed elsewhere: stop writing this decision from here; the text stays shown.
            self.what_saver.paused = self.due_saver.paused = True
        self.show_error(error)

    def show_error(self, error) -> None:
        text = error.message if isinstance(error, ServiceError) else str(error)
        self.error.setText(text)
        self.error.show()
        self.live.mark_problem()

    def hide_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def is_blank(self) -> bool:
        return self.decision_id is None and not self.what.text().strip()


class LiveMeetingWindow(QWidget):
    """Mode séance. Build it on a session in progress; :meth:`go` moves between cases."""

    closed = Signal()
    item_changed = Signal(int)

    def __init__(
        self, services: Services, meeting_id: int, *, pseudonymise: bool = False, parent=None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.meeting_id = meeting_id
        self.pseudonymise = pseudonymise
        self.setObjectName("liveMode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(LIVE_STYLE)
        # Never patient data in a window title (task bars, screen sharing, window lists).
        self.setWindowTitle(self.tr("Mode séance — rcp-desktop"))
        self.meeting = services.meetings.get(meeting_id)
        self.items: list[AgendaItem] = list(self.meeting.items)
        self.index = -1
        self.item: AgendaItem | None = None
        self.context: ItemContext | None = None
        self.version: int | None = None
        self.saved_texts: dict[str, str | None] = {}
        self.saved_review: dt.date | None = None
        self.decision_rows: list[DecisionRow] = []
        self._loading = False
        self._build()
        self._build_actions()
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._update_timer)
        self._elapsed = QElapsedTimer()
        self._prior_seconds = 0
        self.refresh_quorum()
        if self.items:
            self.go(self._resume_index())
        else:
            self.case_title.setText(self.tr("L'ordre du jour est vide."))
            self._set_editable(False)
        self._tick.start()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        m = self.meeting
        self.session_label = QLabel(
            self.tr("{theme} — {date} à {time}").format(
                theme=m.theme or label(m.pathway) or self.tr("Séance"),
                date=m.held_on.strftime("%d/%m/%Y"),
                time=m.start_time.strftime("%H:%M"),
            )
        )
        self.session_label.setTextFormat(Qt.TextFormat.PlainText)
        self.session_label.setObjectName("liveMeta")
        self.quorum = QuorumLabel()
        self.save_status = QLabel()
        self.save_status.setObjectName("liveSaved")
        self.save_status.setTextFormat(Qt.TextFormat.PlainText)
        self.save_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.counter = QLabel()
        self.counter.setObjectName("liveMeta")
        self.timer_label = QLabel("00:00")
        self.timer_label.setObjectName("liveTimer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pseudo_button = QPushButton(self.tr("Masquer les identités"))
        self.pseudo_button.setObjectName("livePseudo")
        self.pseudo_button.setCheckable(True)
        self.pseudo_button.setChecked(self.pseudonymise)
        self.pseudo_button.toggled.connect(self.set_pseudonymise)
        self.attendance_button = QPushButton(self.tr("Présences…"))
        self.attendance_button.clicked.connect(self.open_attendance)
        self.quit_button = QPushButton(self.tr("Quitter le mode séance"))
        self.quit_button.clicked.connect(self.close)
        for b in (self.pseudo_button, self.attendance_button, self.quit_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top_left = QVBoxLayout()
        top_left.addWidget(self.session_label)
        counter_row = QHBoxLayout()
        counter_row.addWidget(self.counter)
        counter_row.addSpacing(24)
        counter_row.addWidget(self.save_status, 1)
        top_left.addLayout(counter_row)
        top.addLayout(top_left, 1)
        top.addWidget(self.timer_label)
        top.addWidget(self.pseudo_button)
        top.addWidget(self.attendance_button)
        top.addWidget(self.quit_button)

        self.agenda_list = QListWidget()
        self.agenda_list.setObjectName("liveAgenda")
        self.agenda_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.agenda_list.setWordWrap(True)
        self.agenda_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.agenda_list.itemClicked.connect(lambda it: self.go(self.agenda_list.row(it)))
        self.agenda_list.setMinimumWidth(230)

        self.case_title = QLabel()
        self.case_title.setObjectName("liveCase")
        self.case_title.setTextFormat(Qt.TextFormat.PlainText)
        self.case_title.setWordWrap(True)
        self.case_meta = QLabel()
        self.case_meta.setObjectName("liveMeta")
        self.case_meta.setTextFormat(Qt.TextFormat.PlainText)
        self.case_meta.setWordWrap(True)
        self.quorum_flag = QLabel(self.tr("⚠ Dossier discuté sans quorum"))
        self.quorum_flag.setObjectName("liveFlag")
        self.quorum_flag.hide()
        self.question = QLabel()
        self.question.setObjectName("liveQuestion")
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        self.listed = QLabel()
        self.listed.setObjectName("liveListed")
        self.listed.setTextFormat(Qt.TextFormat.PlainText)
        self.listed.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(
            self.tr("Notes de discussion — enregistrées au fil de la frappe.")
        )
        self.proposal = QPlainTextEdit()
        self.proposal.setPlaceholderText(
            self.tr("Proposition de la RCP (ce qui est proposé pour le patient).")
        )
        self.proposal.setMaximumHeight(110)
        self.next_review = DateField()
        self.next_review.setFixedWidth(140)
        self.review_error = error_label()
        review_row = QHBoxLayout()
        review_row.addWidget(QLabel(self.tr("Prochaine révision du dossier :")))
        review_row.addWidget(self.next_review)
        review_row.addWidget(self.review_error, 1)

        center = QVBoxLayout()
        center.addWidget(self.case_title)
        center.addWidget(self.case_meta)
        center.addWidget(self.quorum_flag)
        center.addWidget(self.question)
        center.addWidget(self.listed)
        center.addWidget(self._section(self.tr("Notes (F2)")))
        center.addWidget(self.notes, 3)
        center.addWidget(self._section(self.tr("Proposition de la RCP")))
        center.addWidget(self.proposal, 1)
        center.addLayout(review_row)

        self.open_actions = QLabel()
        self.open_actions.setTextFormat(Qt.TextFormat.PlainText)
        self.open_actions.setWordWrap(True)
        self.open_actions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.crisis_plan = QLabel()
        self.crisis_plan.setTextFormat(Qt.TextFormat.PlainText)
        self.crisis_plan.setWordWrap(True)
        self.crisis_plan.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        context = QWidget()
        context.setObjectName("liveScrollBody")
        context_layout = QVBoxLayout(context)
        context_layout.setContentsMargins(0, 0, 0, 0)
        context_layout.addWidget(self._section(self.tr("Actions ouvertes (séances précédentes)")))
        context_layout.addWidget(self.open_actions)
        context_layout.addWidget(self._section(self.tr("Plan de crise")))
        context_layout.addWidget(self.crisis_plan)
        context_layout.addStretch(1)
        context_scroll = QScrollArea()
        context_scroll.setWidget(context)
        context_scroll.setWidgetResizable(True)
        context_scroll.setFrameShape(QFrame.Shape.NoFrame)
        context_scroll.setObjectName("liveScroll")

        self.decisions_box = QVBoxLayout()
        self.decisions_box.setSpacing(4)
        decisions = QWidget()
        decisions.setObjectName("liveScrollBody")
        decisions_layout = QVBoxLayout(decisions)
        decisions_layout.setContentsMargins(0, 0, 0, 0)
        decisions_layout.addLayout(self.decisions_box)
        decisions_layout.addStretch(1)
        decisions_scroll = QScrollArea()
        decisions_scroll.setWidget(decisions)
        decisions_scroll.setWidgetResizable(True)
        decisions_scroll.setFrameShape(QFrame.Shape.NoFrame)
        decisions_scroll.setObjectName("liveScroll")
        self.new_decision_button = QPushButton(self.tr("Nouvelle décision (Ctrl+N)"))
        self.new_decision_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.new_decision_button.clicked.connect(self.new_decision)

        right = QVBoxLayout()
        right.addWidget(context_scroll, 2)
        right.addWidget(self._section(self.tr("Décisions de ce dossier")))
        right.addWidget(decisions_scroll, 3)
        right.addWidget(self.new_decision_button)

        body = QHBoxLayout()
        body.addWidget(self.agenda_list, 2)
        body.addLayout(center, 5)
        body.addLayout(right, 4)

        self.help = QLabel("   ·   ".join(self.tr(text) for _keys, text in SHORTCUTS.values()))
        self.help.setObjectName("liveHelp")
        self.help.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.help, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.quorum)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

        self.notes_saver = Autosaver(
            lambda text: self._save_text("discussion_notes", text), parent=self
        )
        self.proposal_saver = Autosaver(lambda text: self._save_text("proposal", text), parent=self)
        self.review_saver = Autosaver(self._save_review, parent=self)
        for saver in (self.notes_saver, self.proposal_saver, self.review_saver):
            saver.saved.connect(lambda _v: self.mark_saved())
            saver.failed.connect(self._save_failed)
        self.notes.textChanged.connect(lambda: self._text_changed(self.notes_saver, self.notes))
        self.proposal.textChanged.connect(
            lambda: self._text_changed(self.proposal_saver, self.proposal)
        )
        self.next_review.textChanged.connect(self._review_changed)

    @staticmethod
    def _section(text: str) -> QLabel:
        section = QLabel(text)
        section.setObjectName("liveSection")
        return section

    def _build_actions(self) -> None:
        slots = {
            "next": self.next_item,
            "previous": self.previous_item,
            "new_decision": self.new_decision,
            "notes": self.focus_notes,
            "pseudonymise": self.pseudo_button.toggle,
            "attendance": self.open_attendance,
            "full_screen": self.toggle_full_screen,
            "close": self.close,
        }
        self.shortcut_actions: dict[str, QAction] = {}
        for name, (keys, _text) in SHORTCUTS.items():
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
            self.addAction(action)
            self.shortcut_actions[name] = action
        leave = QAction(self)
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.triggered.connect(lambda: self.showNormal() if self.isFullScreen() else None)
        self.addAction(leave)

    # --- navigation ---------------------------------------------------------------------------

    def _resume_index(self) -> int:
        """After a crash, pick up where the meeting was: the item being discussed, else the
        first not yet reached."""
        for i, item in enumerate(self.items):
            if item.started_at is not None and item.ended_at is None:
                return i
        for i, item in enumerate(self.items):
            if item.started_at is None:
                return i
        return 0

    def next_item(self) -> None:
        if self.index + 1 < len(self.items):
            self.go(self.index + 1)

    def previous_item(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def go(self, index: int) -> bool:
        if not (0 <= index < len(self.items)) or index == self.index:
            return False
        if not self.flush():
            return False  # a save was refused: stay, the message is on screen
        if self.item is not None:
            try:
                self.services.agenda.leave_item(self.item.id)
            except ServiceError as exc:
                self.show_problem(exc.message)
        target = self.items[index].id
        try:
            self.services.agenda.enter_item(target)
        except ServiceError as exc:
            self.show_problem(exc.message)
        # Reload the agenda: the item just left may now carry a quorum flag, and another
        # window may have changed the order.
        self.items = self.services.agenda.items(self.meeting_id) or self.items
        self.index = next((i for i, it in enumerate(self.items) if it.id == target), index)
        self.load_item()
        self.item_changed.emit(self.item.id)
        return True

    def load_item(self) -> None:
        """(Re)load the current item from the database and show it."""
        self._loading = True
        try:
            self.context = self.services.agenda.context(self.items[self.index].id)
            self.item = self.context.item
            self.items[self.index] = self.item
            self.version = self.item.version
            self.saved_texts = {
                "discussion_notes": self.item.discussion_notes,
                "proposal": self.item.proposal,
            }
            self.saved_review = self.item.next_review_on
            for saver in (self.notes_saver, self.proposal_saver, self.review_saver):
                saver.discard()
                saver.paused = False
            self.notes.setPlainText(self.item.discussion_notes or "")
            self.proposal.setPlainText(self.item.proposal or "")
            self.next_review.set_value(self.item.next_review_on)
            self.review_error.clear()
            self._rebuild_decisions()
            self._render()
            self._prior_seconds = 0
            if (
                self.item.started_at
                and self.item.ended_at
                and self.item.ended_at > self.item.started_at
            ):
                self._prior_seconds = int(
                    (self.item.ended_at - self.item.started_at).total_seconds()
                )
            self._elapsed.restart()
            self._update_timer()
            self._set_editable(self.meeting.status is not MeetingStatus.VALIDATED)
        finally:
            self._loading = False

    def _render(self) -> None:
        """Everything that depends on the pseudonymised display."""
        item, context = self.item, self.context
        self.agenda_list.clear()
        for i, it in enumerate(self.items):
            who = (
                case_pseudonym(it.case.number)
                if self.pseudonymise
                else (f"{it.case.patient.display_name} ({it.case.number})")
            )
            extra = []
            if it.triage is Triage.LISTED:
                extra.append(self.tr("listé"))
            if it.quorum_met is False and it.triage is Triage.FULL_DISCUSSION:
                extra.append(self.tr("⚠ sans quorum"))
            text = f"{i + 1}. {who} — {it.planned_minutes} min"
            if extra:
                text += f" ({', '.join(extra)})"
            entry = QListWidgetItem(text)
            self.agenda_list.addItem(entry)
        self.agenda_list.setCurrentRow(self.index)
        if item is None:
            return
        self.counter.setText(
            self.tr("Dossier {n} / {total}").format(n=self.index + 1, total=len(self.items))
        )
        if self.pseudonymise:
            self.case_title.setText(case_pseudonym(item.case.number))
        else:
            patient = item.case.patient
            age = patient.age_on(self.meeting.held_on)
            self.case_title.setText(
                self.tr("{name}, {age} ans — dossier {number}").format(
                    name=patient.display_name, age=age, number=item.case.number
                )
            )
        meta = [label(item.case.pathway), label(item.kind), label(item.triage)]
        if item.presenter:
            meta.append(self.tr("présenté par {name}").format(name=item.presenter.display_name))
        if context.previous_presentations:
            meta.append(
                self.tr("{n} présentation(s) antérieure(s)").format(
                    n=context.previous_presentations
                )
            )
        self.case_meta.setText(" · ".join(meta))
        self.quorum_flag.setVisible(
            item.quorum_met is False and item.triage is Triage.FULL_DISCUSSION
        )
        self.question.setText(
            self.tr("Question : {q}").format(q=item.question or item.case.question)
        )
        if item.triage is Triage.LISTED:
            self.listed.setText(
                self.tr("Listé, non discuté — réponse standard : {answer}").format(
                    answer=item.standard_answer or ""
                )
            )
            self.listed.show()
        else:
            self.listed.hide()
        self.open_actions.setText(self._open_actions_text())
        self.crisis_plan.setText(self._crisis_plan_text())

    def _open_actions_text(self) -> str:
        today = self.services.ctx.today()
        lines = []
        for d in self.context.open_actions:
            due = d.due_on.strftime("%d/%m/%Y") if d.due_on else self.tr("sans échéance")
            late = self.tr(" — EN RETARD") if d.due_on and d.due_on < today else ""
            owner = d.owner.display_name if d.owner else self.tr("sans responsable")
            lines.append(
                self.tr("• {what} — {owner} — échéance {due}{late} (séance du {date})").format(
                    what=d.description,
                    owner=owner,
                    due=due,
                    late=late,
                    date=d.item.meeting.held_on.strftime("%d/%m/%Y"),
                )
            )
        return "\n".join(lines) or self.tr("Aucune action ouverte.")

    def _crisis_plan_text(self) -> str:
        plan = self.context.crisis_plan
        if plan is None:
            return self.tr("Pas de plan de crise pour ce dossier.")
        lines = [
            self.tr("Version {n} du {date}").format(
                n=plan.version, date=plan.drawn_up_on.strftime("%d/%m/%Y")
            )
        ]
        for title, value in (
            (self.tr("Signes d'alerte"), plan.early_warning_signs),
            (self.tr("Déclencheurs"), plan.triggers),
            (self.tr("Facteurs de protection"), plan.protective_factors),
            (self.tr("Ce qui aide"), plan.what_helps),
            (self.tr("À éviter"), plan.what_to_avoid),
            (self.tr("Préférences de traitement"), plan.treatment_preferences),
        ):
            if value:
                lines.append(f"{title} : {value}")
        for contact in plan.contacts:
            if contact.kind is CrisisContactKind.TRUSTED_PERSON:
                who = contact.role or self.tr("personne de confiance")
                if not self.pseudonymise:
                    who = f"{contact.name or ''} ({who})" + (
                        f" — {contact.phone}" if contact.phone else ""
                    )
            else:
                who = (
                    contact.professional.display_name
                    if contact.professional
                    else (contact.name or "")
                )
                if contact.role:
                    who += f" ({contact.role})"
            when = f" — {contact.when_to_call}" if contact.when_to_call else ""
            lines.append(f"{contact.position}. {who}{when}")
        return "\n".join(lines)

    def set_pseudonymise(self, on: bool) -> None:
        self.pseudonymise = on
        self.pseudo_button.setText(
            self.tr("Afficher les identités") if on else self.tr("Masquer les identités")
        )
        self._render()

    def _set_editable(self, on: bool) -> None:
        for w in (self.notes, self.proposal):
            w.setReadOnly(not on)
        self.next_review.setReadOnly(not on)
        self.new_decision_button.setEnabled(on)

    # --- decisions ----------------------------------------------------------------------------

    def _rebuild_decisions(self) -> None:
        for row in self.decision_rows:
            row.setParent(None)
            row.deleteLater()
        self.decision_rows = []
        for decision in self.item.decisions:
            self._add_row(DecisionRow(self, decision))

    def _add_row(self, row: DecisionRow) -> DecisionRow:
        self.decision_rows.append(row)
        self.decisions_box.addWidget(row)
        return row

    def new_decision(self) -> DecisionRow | None:
        if self.item is None or self.notes.isReadOnly():
            return None
        blank = next((r for r in self.decision_rows if r.is_blank()), None)
        row = blank or self._add_row(DecisionRow(self))
        row.what.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return row

    def decision_removed(self, row: DecisionRow) -> None:
        if row in self.decision_rows:
            self.decision_rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.mark_saved()

    # --- autosave -----------------------------------------------------------------------------

    def _text_changed(self, saver: Autosaver, editor: QPlainTextEdit) -> None:
        if self._loading or self.item is None:
            return
        self.mark_dirty()
        saver.changed(editor.toPlainText())

    def _save_text(self, name: str, text: str) -> None:
        item = self.services.agenda.save_text(
            self.item.id, name, text, expected_version=self.version, previous=self.saved_texts[name]
        )
        self.version = item.version
        self.saved_texts[name] = getattr(item, name)

    def _review_changed(self, text: str) -> None:
        if self._loading or self.item is None:
            return
        if not text.strip():
            self.review_saver.changed(None)
        elif len(text.strip()) >= 8 and self.next_review.is_valid():
            self.review_saver.changed(self.next_review.value())
        else:
            return
        self.mark_dirty()

    def _save_review(self, day) -> None:
        try:
            item = self.services.agenda.set_next_review(
                self.item.id, day, expected_version=self.version, previous=self.saved_review
            )
        except ValidationError as exc:
            self.review_error.setText(exc.message)
            raise
        self.review_error.clear()
        self.version = item.version
        self.saved_review = item.next_review_on

    def _save_failed(self, exc: ServiceError) -> None:
        if isinstance(exc, ConflictError):
            # Stop writing this item from here; the typed text stays on screen.
            for saver in (self.notes_saver, self.proposal_saver, self.review_saver):
                saver.paused = True
        self.show_problem(exc.message)

    def flush(self) -> bool:
        """Commit everything typed now. False if a save was refused (message shown)."""
        ok = True
        for saver in (self.notes_saver, self.proposal_saver, self.review_saver):
            if saver.dirty and not saver.paused:
                ok = saver.flush() and ok
        for row in self.decision_rows:
            ok = row.flush() and ok
        return ok

    def mark_dirty(self) -> None:
        self.save_status.setStyleSheet("")
        self.save_status.setText(self.tr("Enregistrement…"))

    def mark_saved(self) -> None:
        if any(s.dirty for s in (self.notes_saver, self.proposal_saver, self.review_saver)):
            return
        self.save_status.setStyleSheet("")
        self.save_status.setText(
            self.tr("Tout est enregistré ({time})").format(
                time=dt.datetime.now().strftime("%H:%M:%S")
            )
        )

    def mark_problem(self) -> None:
        self.save_status.setStyleSheet(f"color: {OVER_COLOR}; font-weight: bold;")
        self.save_status.setText(self.tr("Une saisie n'a pas été enregistrée : voir le message."))

    def show_problem(self, message: str) -> None:
        self.save_status.setStyleSheet(f"color: {OVER_COLOR}; font-weight: bold;")
        self.save_status.setText(message)

    # --- timer, quorum, attendance ----------------------------------------------------------

    def elapsed_seconds(self) -> int:
        return self._prior_seconds + (
            self._elapsed.elapsed() // 1000 if self._elapsed.isValid() else 0
        )

    def _update_timer(self) -> None:
        if self.item is None:
            return
        planned = self.item.planned_minutes * 60
        elapsed = self.elapsed_seconds()
        color = OK_COLOR
        if elapsed > planned:
            color = OVER_COLOR
        elif elapsed >= planned * 0.8:
            color = NEAR_COLOR
        self.timer_label.setText(f"{_fmt_seconds(elapsed)} / {_fmt_seconds(planned)}")
        self.timer_label.setStyleSheet(f"background: {color};")

    def refresh_quorum(self) -> None:
        self.quorum.show_status(self.services.attendance.quorum(self.meeting_id))

    def open_attendance(self) -> AttendanceDialog:
        dialog = AttendanceDialog(self.services, self.meeting_id, self)
        dialog.panel.changed.connect(self.refresh_quorum)
        dialog.finished.connect(lambda _r: self._after_attendance())
        dialog.open()
        self.attendance_dialog = dialog
        return dialog

    def _after_attendance(self) -> None:
        self.refresh_quorum()
        if self.item is not None and self.flush():
            self.load_item()

    def focus_notes(self) -> None:
        self.notes.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    # --- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        if self.item is not None:
            try:
                self.services.agenda.leave_item(self.item.id)
            except ServiceError:
                pass
        self._tick.stop()
        super().closeEvent(event)
        self.closed.emit()


__all__ = ["AUTOSAVE_DELAY_MS", "SHORTCUTS", "LiveMeetingWindow"]
