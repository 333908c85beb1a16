"""The live meeting: one projector-friendly screen for the referent.

The current case, its question, its open actions from earlier sessions and its latest
crisis-anticipation plan; a timer against the planned duration; notes, the conference's
proposal, the next review date and quick decisions (what / owner / due date) — all committed as
they are typed. Keyboard-driven; the shortcuts are written at the bottom of the screen. A
pseudonymised display hides identities on the projected view. The window title never carries
patient data.

Made for projectors (1024×768, 1280×720) and laptops: the top bar folds its buttons onto a
second row when narrow, the agenda panel folds away below :data:`AGENDA_SHOWN_FROM` (F6 brings
it back), the case's header takes at most a third of the height, and F4 puts the crisis plan in
large type in the centre.

The window shows at once; the session, its quorum and the case to resume are read off the GUI
thread (:class:`~rcp_desktop.ui.latest.LatestLoad`), the write that enters the case in the same
worker call — and so is every move between cases. Until a case's data is shown its fields are
read-only: a key typed meanwhile cannot land on the case being left nor on the one coming, and
a move starts only once what was typed on the current case is committed. A move asked for
while another is under way is held and made after it (the newest such request wins).

This module only composes: the panels are in :mod:`~rcp_desktop.ui.live.widgets`, the typed
fields in :mod:`~rcp_desktop.ui.live.editors` (committed through
:mod:`~rcp_desktop.ui.live.autosave`), moving through the agenda and the keys in
:mod:`~rcp_desktop.ui.live.navigation`, the text of a case (named or pseudonymised) in
:mod:`rcp_desktop.services.case_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import AgendaItem, Meeting, MeetingStatus
from rcp_desktop.services import Services
from rcp_desktop.services.agenda import ItemContext
from rcp_desktop.services.case_text import case_reference
from rcp_desktop.services.documents import DocumentService, Pseudonymisation
from rcp_desktop.services.pseudonymise.vocabulary import warm_up
from rcp_desktop.services.quorum import QuorumStatus
from rcp_desktop.ui.latest import LatestLoad
from rcp_desktop.ui.live.autosave import AUTOSAVE_DELAY_MS
from rcp_desktop.ui.live.editors import DecisionList, DecisionRow, ItemEditor
from rcp_desktop.ui.live.navigation import (
    SHORTCUTS,
    AgendaCursor,
    Move,
    ShortcutHelp,
    install_shortcuts,
    resume_index,
)
from rcp_desktop.ui.live.widgets import (
    LIVE_STYLE,
    AgendaList,
    CaseContextPanel,
    CasePanel,
    CrisisPlanView,
    FittedScroll,
    MeetingBar,
    section,
)
from rcp_desktop.ui.meetings.attendance import AttendanceDialog, QuorumLabel
from rcp_desktop.ui.meetings.times import MeetingTimesDialog

# From this width the agenda panel has room beside the case and the decisions; narrower, it
# folds away (F6 brings it back) and "Dossier n / N" with Alt+←/→ stand in for it.
AGENDA_SHOWN_FROM = 1200


@dataclass
class Opening:
    """What entering live mode reads off the GUI thread."""

    meeting: Meeting
    quorum: QuorumStatus
    move: Move | None  # the case resumed, entered; None when the agenda is empty


class LiveMeetingWindow(QWidget):
    """Mode séance. Build it on a session in progress; :meth:`go` moves between cases.

    With a task runner (*tasks*) the data is read off the GUI thread and :attr:`loading` is
    true until what was last asked for is shown; without one, at once."""

    closed = Signal()
    item_changed = Signal(int)

    def __init__(
        self,
        services: Services,
        meeting_id: int,
        *,
        pseudonymise: bool = False,
        tasks=None,
        parent=None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.meeting_id = meeting_id
        self.pseudonymise = pseudonymise
        self.setObjectName("liveMode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Never patient data in a window title (task bars, screen sharing, window lists).
        self.setWindowTitle(self.tr("Mode séance — rcp-desktop"))
        self.meeting: Meeting | None = None  # read off the GUI thread
        self.agenda_cursor = AgendaCursor(services, meeting_id, [])
        self.loader = LatestLoad(tasks, self)
        self._target: int | None = None  # the id of the item a move under way enters
        self._queued: int | None = None  # the id of the item asked for meanwhile
        self.item: AgendaItem | None = None
        self.context: ItemContext | None = None
        self._masking: Pseudonymisation | None = None
        self.agenda_wanted: bool | None = None  # None: shown when the window is wide enough
        self.roll_called = False  # no "without quorum" alarm before the roll call
        self._split_done = False
        self._build()
        # Styled once built: set before, every widget added would polish its subtree again
        # (two thirds of the window's construction).
        self.setStyleSheet(LIVE_STYLE)
        self.shortcut_actions = install_shortcuts(
            self,
            {
                "next": self.next_item,
                "previous": self.previous_item,
                "new_decision": self.new_decision,
                "notes": self.focus_notes,
                "proposal": self.focus_proposal,
                "crisis_plan": self.toggle_crisis_plan,
                "agenda": self.toggle_agenda,
                "pseudonymise": self.pseudo_button.toggle,
                "attendance": self.open_attendance,
                "times": self.open_times,
                "full_screen": self.toggle_full_screen,
                "close": self.close,
            },
        )
        self._hold()
        self.case_panel.show_loading()
        self.timer_label.start()
        self.loader.run(self._read_opening, self._opened, self._load_failed)

    @property
    def loading(self) -> bool:
        """True until the case last asked for is shown (or its loading failed)."""
        return self.loader.loading

    def _read_opening(self) -> Opening:
        """Off the GUI thread: the session, its quorum, and the case to resume, entered."""
        meeting = self.services.meetings.get(self.meeting_id)
        quorum = self.services.attendance.quorum(self.meeting_id)
        items = list(meeting.items)
        move = None
        if items:
            index = resume_index(items)
            move = self.agenda_cursor.move(items[index].id, index, items)
        return Opening(meeting, quorum, move)

    def _opened(self, opening: Opening) -> None:
        # The dictionary of the masking, before the first Ctrl+I — once the window is built
        # and its data read: loading it (a third of a second of Python in a thread) while
        # they are would hold the interpreter lock against them.
        warm_up()
        self.meeting = opening.meeting
        self.bar.show_meeting(opening.meeting)
        self._show_quorum(opening.quorum)
        if opening.move is None:
            self.agenda_list.clear()
            self.case_panel.show_empty()
            return
        self._arrived(opening.move)

    def _build(self) -> None:
        self.bar = MeetingBar(None, pseudonymise=self.pseudonymise)
        self.bar.pseudo_button.toggled.connect(self.set_pseudonymise)
        self.bar.attendance_button.clicked.connect(self.open_attendance)
        self.bar.times_button.clicked.connect(self.open_times)
        self.bar.quit_button.clicked.connect(self.close)
        self.quorum = QuorumLabel()
        self.agenda_list = AgendaList()
        self.agenda_list.itemClicked.connect(lambda it: self.go(self.agenda_list.row(it)))
        self.case_panel = CasePanel()
        self.editor = ItemEditor(self.services)
        self.context_panel = CaseContextPanel()
        self.plan_view = CrisisPlanView()
        self.decisions = DecisionList(self.services)
        self.new_decision_button = QPushButton(self.tr("Nouvelle décision (Ctrl+N)"))
        self.new_decision_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.new_decision_button.clicked.connect(self.new_decision)
        self.help = ShortcutHelp()

        # Built from the window down: each panel joins the window once (a subtree moved into
        # a parent is re-parented, re-fonted and re-polished at every level it goes through).
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.quorum)
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        body.addWidget(self.agenda_list)
        # The centre: the case and what is typed about it, or the crisis plan in large (F4).
        self.centre = QStackedWidget()
        body.addWidget(self.centre, 5)
        notes_page = QWidget()
        self.centre.addWidget(notes_page)
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        self.case_scroll = FittedScroll(self.case_panel)
        notes_layout.addWidget(self.case_scroll)
        notes_layout.addWidget(self.editor, 1)
        self.centre.addWidget(self.plan_view)
        # The right: what the conference needs at hand, above the decisions; a splitter apart.
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setChildrenCollapsible(False)
        body.addWidget(self.right, 4)
        self.right.addWidget(self.context_panel)
        decisions_box = QWidget()
        self.right.addWidget(decisions_box)
        self.right.setStretchFactor(0, 6)
        self.right.setStretchFactor(1, 5)
        decisions_layout = QVBoxLayout(decisions_box)
        decisions_layout.setContentsMargins(0, 0, 0, 0)
        decisions_layout.addWidget(section(self.tr("Décisions de ce dossier")))
        decisions_layout.addWidget(self.decisions, 1)
        decisions_layout.addWidget(self.new_decision_button)
        layout.addWidget(self.help)

        for source in (self.editor, self.decisions):
            source.typing.connect(self.mark_dirty)
            source.committed.connect(self.mark_saved)
        self.editor.refused.connect(self.show_problem)
        self.decisions.refused.connect(self.mark_problem)

        # The widgets the meetings page and the tests reach directly.
        self.save_status = self.bar.save_status
        self.counter = self.bar.counter
        self.timer_label = self.bar.timer_label
        self.pseudo_button = self.bar.pseudo_button
        self.case_title = self.case_panel.case_title
        self.listed = self.case_panel.listed
        self.notes = self.editor.notes
        self.next_review = self.editor.next_review
        self.review_error = self.editor.review_error
        self.notes_saver = self.editor.notes_saver
        self.open_actions = self.context_panel.open_actions
        self.crisis_plan = self.context_panel.crisis_plan

    # --- fitting the screen ----------------------------------------------------------------------

    def _fit(self) -> None:
        """Show the agenda panel when there is room for it (or when asked with F6), and give
        the case's header at most a third of the height: the notes keep the rest."""
        wide = self.width() >= AGENDA_SHOWN_FROM
        shown = wide if self.agenda_wanted is None else self.agenda_wanted
        self.agenda_list.setVisible(shown)
        self.case_scroll.max_content = max(120, self.height() // 3)
        self.case_scroll.refit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        if not self._split_done and self.right.height() > 0:
            # First show: the crisis plan and open actions above get a bit more than half.
            self.right.setSizes([6 * self.right.height() // 10, 4 * self.right.height() // 10])
            self._split_done = True

    def toggle_agenda(self) -> None:
        """F6: show or hide the agenda panel (whatever the width)."""
        self.agenda_wanted = not self.agenda_list.isVisible()
        self._fit()

    def toggle_crisis_plan(self) -> None:
        """F4: the crisis plan in large type in the centre, and back to the notes."""
        showing = self.showing_crisis_plan()
        self.centre.setCurrentWidget(self.centre.widget(0) if showing else self.plan_view)
        # The plan in large makes the small copy on the right redundant: the decisions get it.
        self.context_panel.setVisible(showing)
        if showing:
            self.focus_notes()

    def showing_crisis_plan(self) -> bool:
        return self.centre.currentWidget() is self.plan_view

    # --- moving between cases -----------------------------------------------------------------

    def _position(self) -> int | None:
        """The index of the case shown — or, while a move is under way, of the case it
        enters (or the one asked for after it); None while entering live mode."""
        wanted = self._queued if self._queued is not None else self._target
        if self.loading and wanted is None:
            return None
        if wanted is None:
            return self.agenda_cursor.index
        ids = [it.id for it in self.agenda_cursor.items]
        return ids.index(wanted) if wanted in ids else None

    def next_item(self) -> None:
        position = self._position()
        if position is not None and position + 1 < len(self.agenda_cursor.items):
            self.go(position + 1)

    def previous_item(self) -> None:
        position = self._position()
        if position is not None and position > 0:
            self.go(position - 1)

    def go(self, index: int) -> bool:
        """Move to the case at *index*: commit what is typed on this one, then leave it and
        enter the other off the GUI thread. During a move, the request is held until it ends.
        False if nothing moves (a save was refused: the message is on screen)."""
        if self.loading:
            if not 0 <= index < len(self.agenda_cursor.items) or self._target is None:
                return False
            target = self.agenda_cursor.items[index].id
            self._queued = None if target == self._target else target
            return True
        if not self.agenda_cursor.can_go(index):
            return False
        if not self.flush():
            return False  # a save was refused: stay, the message is on screen
        # Nothing typed from here until the next case is shown (the keys would land on the
        # case being left, already committed, or be taken for the next one).
        self._hold()
        known = list(self.agenda_cursor.items)
        target = known[index].id
        self._target = target
        self.case_panel.show_loading()
        self.loader.run(
            lambda: self.agenda_cursor.move(target, index, known),
            self._arrived,
            self._load_failed,
        )
        return True

    def _arrived(self, move: Move | None) -> None:
        self._target = None
        if move is None:  # the window was closed meanwhile
            return
        self.agenda_cursor.arrive(move)
        for message in move.problems:
            self.show_problem(message)
        self._show_context(move.context)
        self.item_changed.emit(self.item.id)
        queued, self._queued = self._queued, None
        ids = [it.id for it in self.agenda_cursor.items]
        if queued is not None and queued in ids:
            self.go(ids.index(queued))

    def _load_failed(self, message: str) -> None:
        """The case could not be read: say so; its fields stay read-only (nothing typed can
        go astray). Moving again retries."""
        self._target = None
        self._queued = None
        self.case_panel.show_message(message)

    def load_item(self) -> None:
        """(Re)load the current item from the database and show it."""
        self._show_context(
            self.services.agenda.context(self.agenda_cursor.items[self.agenda_cursor.index].id)
        )

    def _show_context(self, context: ItemContext) -> None:
        self.context = context
        self.item = self.context.item
        self.agenda_cursor.items[self.agenda_cursor.index] = self.item
        self.editor.load(self.item)
        self.decisions.load(self.item)
        self._render()
        prior = 0
        if (
            self.item.started_at
            and self.item.ended_at
            and self.item.ended_at > self.item.started_at
        ):
            prior = int((self.item.ended_at - self.item.started_at).total_seconds())
        self.timer_label.restart(self.item.planned_minutes, prior)
        self.decisions.setEnabled(True)
        self._set_editable(self.meeting.status is not MeetingStatus.VALIDATED)

    def masking(self) -> Pseudonymisation | None:
        """The labels and masking of the pseudonymised display (the documents' own), read
        once when first needed."""
        if not self.pseudonymise:
            return None
        if self._masking is None:
            self._masking = DocumentService(self.services.ctx).pseudonymisation(self.meeting_id)
        return self._masking

    def _render(self) -> None:
        """Everything that depends on the pseudonymised display."""
        masking = self.masking()
        self.agenda_list.show_items(
            self.agenda_cursor.items,
            self.agenda_cursor.index,
            pseudonymise=self.pseudonymise,
            masking=masking,
            roll_called=self.roll_called,
        )
        if self.item is None:
            return
        self.bar.show_position(self.agenda_cursor.index, len(self.agenda_cursor.items))
        self.case_panel.show_case(
            self.item,
            self.context,
            self.meeting.held_on,
            pseudonymise=self.pseudonymise,
            masking=masking,
            roll_called=self.roll_called,
        )
        self.context_panel.show_context(
            self.context, self.services.ctx.today(), pseudonymise=self.pseudonymise, masking=masking
        )
        self.plan_view.show_plan(
            case_reference(
                self.item.case.number,
                self.item.case.patient.display_name,
                pseudonymise=self.pseudonymise,
                label=masking.label(self.item.case_id) if masking else "",
            ),
            self.context,
            pseudonymise=self.pseudonymise,
            masking=masking,
        )
        self._fit()

    def set_pseudonymise(self, on: bool) -> None:
        self.pseudonymise = on
        self.bar.show_pseudonymised(on)
        self._render()

    def _hold(self) -> None:
        """Until a case's data is shown: its fields read-only, its decisions disabled."""
        self._set_editable(False)
        self.decisions.setEnabled(False)

    def _set_editable(self, on: bool) -> None:
        self.editor.set_editable(on)
        self.new_decision_button.setEnabled(on)

    # --- typing -------------------------------------------------------------------------------

    @property
    def decision_rows(self) -> list[DecisionRow]:
        return self.decisions.rows

    @property
    def saved_texts(self) -> dict[str, str | None]:
        return self.editor.saved_texts

    def new_decision(self) -> DecisionRow | None:
        if self.item is None or not self.editor.is_editable():
            return None
        return self.decisions.new_row()

    def focus_notes(self) -> None:
        if self.showing_crisis_plan():
            self.toggle_crisis_plan()
        self.notes.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_proposal(self) -> None:
        if self.showing_crisis_plan():
            self.toggle_crisis_plan()
        self.editor.proposal.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def flush(self) -> bool:
        """Commit everything typed now. False if a save was refused (message shown)."""
        ok = self.editor.flush()
        return self.decisions.flush() and ok

    def mark_dirty(self) -> None:
        self.save_status.show_saving()

    def mark_saved(self) -> None:
        if not self.editor.is_dirty():
            self.save_status.show_saved()

    def mark_problem(self) -> None:
        self.save_status.show_unsaved()

    def show_problem(self, message: str) -> None:
        self.save_status.show_problem(message)

    # --- timer, quorum, attendance, screen ----------------------------------------------------

    def elapsed_seconds(self) -> int:
        return self.timer_label.elapsed_seconds()

    @property
    def _prior_seconds(self) -> int:  # the timer's state, as tests set it
        return self.timer_label.prior_seconds

    @_prior_seconds.setter
    def _prior_seconds(self, seconds: int) -> None:
        self.timer_label.prior_seconds = seconds

    def _update_timer(self) -> None:
        self.timer_label.refresh()

    def refresh_quorum(self) -> None:
        self._show_quorum(self.services.attendance.quorum(self.meeting_id))

    def _show_quorum(self, status: QuorumStatus) -> None:
        self.roll_called = status.roll_called
        self.quorum.show_status(status, roll_call_hint=True)
        if self.item is not None:
            self._render()

    def open_attendance(self) -> AttendanceDialog:
        dialog = AttendanceDialog(self.services, self.meeting_id, self)
        dialog.panel.changed.connect(self.refresh_quorum)
        dialog.finished.connect(lambda _r: self._after_attendance())
        dialog.open()
        self.attendance_dialog = dialog
        return dialog

    def open_times(self) -> MeetingTimesDialog:
        """The real start and end of the session (recorded at its start and its closing)."""
        self.meeting = self.services.meetings.get(self.meeting_id)
        dialog = MeetingTimesDialog(self.services, self.meeting, self)
        dialog.accepted.connect(self._after_times)
        dialog.open()
        self.times_dialog = dialog
        return dialog

    def _after_times(self) -> None:
        self.meeting = self.services.meetings.get(self.meeting_id)
        self.bar.show_meeting(self.meeting)

    def _after_attendance(self) -> None:
        self.refresh_quorum()
        if self.item is not None and not self.loading and self.flush():
            self.load_item()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        # A move under way is not shown; the item it entered is left (close waits for it).
        self._queued = None
        self.loader.cancel()
        self.agenda_cursor.close()
        self.timer_label.stop()
        super().closeEvent(event)
        self.closed.emit()


__all__ = ["AUTOSAVE_DELAY_MS", "SHORTCUTS", "LiveMeetingWindow"]
