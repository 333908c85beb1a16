"""Séances: plan sessions (one or a series), prepare the agenda (proposals, triage, order by
drag and drop, timing), invite and check in participants with the quorum, run the meeting in
live mode, close it, validate the minutes (then locked; corrections as dated addenda)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date, short_datetime, short_time
from rcp_desktop.models import Meeting, MeetingStatus, label
from rcp_desktop.services.agenda import timing_of
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.latest import LatestLoad
from rcp_desktop.ui.live.editors import ItemEditor
from rcp_desktop.ui.live.window import LiveMeetingWindow
from rcp_desktop.ui.meetings.agenda import (
    AgendaItemDialog,
    AgendaModel,
    AgendaView,
    ProposalsDialog,
)
from rcp_desktop.ui.meetings.attendance import AttendancePanel
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.meetings.decisions import AddendumDialog, DecisionDialog
from rcp_desktop.ui.meetings.planning import MeetingDialog, SeriesDialog
from rcp_desktop.ui.meetings.times import MeetingTimesDialog
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.action_bar import ActionBar
from rcp_desktop.ui.widgets.common import RecordTable, ask, fit_columns, section_title
from rcp_desktop.ui.widgets.record_model import Column

PLANNED_COLOR = QColor("#1a5fb4")
RUNNING_COLOR = QColor("#26a269")
WARNING_COLOR = "#c64600"


def confirm(parent: QWidget, title: str, text: str) -> bool:
    return ask(
        parent,
        title,
        text,
        QCoreApplication.translate("common", "Oui"),
        QCoreApplication.translate("common", "Non"),
    )


class MeetingsPage(Page):
    """The sessions list and the selected session load off the GUI thread (thousands of
    sessions on a large CPTS's decade): :meth:`refresh` reloads the list, a selection loads that
    session's agenda and attendance; the newest request wins; :attr:`loading` is true until
    what was asked for is shown, :attr:`refreshed` says when."""

    refreshed = Signal()

    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Séances")
        self.meeting: Meeting | None = None
        self.list_loader = LatestLoad(tasks, self)
        self.detail_loader = LatestLoad(tasks, self)
        for loader in (self.list_loader, self.detail_loader):
            loader.finished.connect(self._loaded)
        self._select_item_id: int | None = None  # an agenda item to select once loaded
        self.live_window: LiveMeetingWindow | None = None
        self.dialog = None  # the dialog opened last (kept alive while open)

        self.meetings = RecordTable(
            [
                Column(self.tr("Date"), lambda m: m.held_on),
                Column(self.tr("Heure"), lambda m: m.start_time),
                Column(self.tr("Parcours / thème"), lambda m: m.theme or m.pathway),
                Column(self.tr("Statut"), lambda m: m.status),
                Column(self.tr("Dossiers"), lambda m: m.cases, align_right=True),
                Column(
                    self.tr("Temps prévu"),
                    lambda m: (
                        self.tr("{planned} / {session} min").format(
                            planned=m.planned_minutes, session=m.duration_minutes
                        )
                        + (" ⚠" if m.overrun_minutes else "")
                    ),
                    sort_key=lambda m: m.planned_minutes,
                    tooltip=lambda m: (
                        self.tr("L'ordre du jour dépasse la séance de {n} min.").format(
                            n=m.overrun_minutes
                        )
                        if m.overrun_minutes
                        else None
                    ),
                ),
                Column(self.tr("Présents"), lambda m: m.present, align_right=True, optional=True),
                Column(self.tr("Quorum"), lambda m: m.quorum_met),
                Column(
                    self.tr("Décisions"), lambda m: m.decisions, align_right=True, optional=True
                ),
                Column(self.tr("Lieu"), lambda m: m.place),
            ]
        )
        self.meetings.source.highlight = self._meeting_color
        self.meetings.current_record_changed.connect(self._show_meeting)

        # Actions on the selected session (other modules add theirs, e.g. documents).
        self.actions_bar = ActionBar()
        self.plan_action = self._action(self.tr("Planifier…"), self.plan_meeting)
        self.series_action = self._action(self.tr("Série récurrente…"), self.plan_series)
        self.edit_action = self._action(self.tr("Modifier…"), self.edit_meeting)
        self.delete_action = self._action(self.tr("Supprimer"), self.delete_meeting)
        self.actions_bar.addSeparator()
        self.live_action = self._action(self.tr("Mode séance (F5)"), self.open_live)
        self.live_action.setShortcut(QKeySequence("F5"))
        self.live_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.live_action)
        self.times_action = self._action(self.tr("Horaires réels…"), self.edit_times)
        self.close_action = self._action(self.tr("Clôturer la séance"), self.close_meeting)
        self.reopen_action = self._action(self.tr("Rouvrir"), self.reopen_meeting)
        self.validate_action = self._action(
            self.tr("Valider le compte rendu…"), self.validate_minutes
        )
        self.addendum_action = self._action(self.tr("Addendum…"), self.add_addendum)
        self.actions_bar.addSeparator()

        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.lock_banner = QLabel()
        self.lock_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet(
            "QLabel { background: #f6f5f4; color: #3d3846; padding: 6px; }"
        )
        self.message = error_label()

        # Agenda tab
        self.agenda_model = AgendaModel(self._reorder, self)
        self.items = AgendaView(self.agenda_model)
        self.items.current_item_changed.connect(self._show_item)
        self.items.doubleClicked.connect(lambda _i: self.edit_item())
        self.propose_button = QPushButton(self.tr("Dossiers proposés…"))
        self.add_item_button = QPushButton(self.tr("Ajouter un dossier…"))
        self.edit_item_button = QPushButton(self.tr("Modifier…"))
        self.remove_item_button = QPushButton(self.tr("Retirer"))
        self.up_button = QPushButton(self.tr("Monter"))
        self.down_button = QPushButton(self.tr("Descendre"))
        self.up_button.setToolTip(self.tr("Monter le dossier (Alt+Haut) — ou glisser-déposer"))
        self.down_button.setToolTip(self.tr("Descendre le dossier (Alt+Bas) — ou glisser-déposer"))
        self.up_button.setShortcut(QKeySequence("Alt+Up"))
        self.down_button.setShortcut(QKeySequence("Alt+Down"))
        self.propose_button.clicked.connect(self.show_proposals)
        self.add_item_button.clicked.connect(self.add_item)
        self.edit_item_button.clicked.connect(self.edit_item)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(+1))
        self.timing = QLabel()
        self.timing.setTextFormat(Qt.TextFormat.PlainText)
        self.timing.setWordWrap(True)
        self.item_detail = QLabel()
        self.item_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.item_detail.setWordWrap(True)
        self.item_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Notes, proposal and next review of the selected case: read and corrected here until
        # the minutes are validated, through live mode's own autosave. Built when a case is
        # first shown (see :attr:`item_editor`), like the Participants and Addenda tabs: the
        # page opens faster with only what it shows at first.
        self._item_editor: ItemEditor | None = None
        self.item_saved = QLabel()
        self.item_saved.setObjectName("hint")
        self.item_saved.setTextFormat(Qt.TextFormat.PlainText)
        self.item_saved.setWordWrap(True)
        self.decisions = RecordTable(
            [
                Column(self.tr("Action"), lambda d: d.description),
                Column(self.tr("Responsable"), lambda d: d.owner.display_name if d.owner else ""),
                Column(self.tr("Échéance"), lambda d: d.due_on),
                Column(self.tr("Statut"), lambda d: d.status, optional=True),
                # What is done differs from the proposal (HAS practice), and why.
                Column(self.tr("Écart / raison"), lambda d: d.difference_reason or ""),
            ]
        )
        self.decisions.doubleClicked.connect(lambda _i: self.edit_decision())
        self.decisions.current_record_changed.connect(lambda _d: self._update_actions())
        self.new_decision_button = QPushButton(self.tr("Nouvelle décision…"))
        self.edit_decision_button = QPushButton(self.tr("Modifier la décision…"))
        self.new_decision_button.clicked.connect(self.new_decision)
        self.edit_decision_button.clicked.connect(self.edit_decision)

        agenda_buttons = QHBoxLayout()
        for b in (
            self.propose_button,
            self.add_item_button,
            self.edit_item_button,
            self.remove_item_button,
            self.up_button,
            self.down_button,
        ):
            agenda_buttons.addWidget(b)
        agenda_buttons.addStretch(1)
        decision_buttons = QHBoxLayout()
        decision_buttons.addWidget(self.new_decision_button)
        decision_buttons.addWidget(self.edit_decision_button)
        decision_buttons.addStretch(1)
        agenda_tab = QWidget()
        agenda_layout = QVBoxLayout(agenda_tab)
        agenda_layout.addLayout(agenda_buttons)
        agenda_layout.addWidget(self.timing)
        below_widget = QWidget()
        below = QHBoxLayout(below_widget)
        below.setContentsMargins(0, 0, 0, 0)
        item_body = QWidget()
        item_box = QVBoxLayout(item_body)
        item_box.setContentsMargins(0, 0, 4, 0)
        item_box.addWidget(section_title(self.tr("Dossier sélectionné")))
        item_box.addWidget(self.item_detail)
        self._item_box = item_box  # the editor goes after the detail, once built
        item_box.addWidget(self.item_saved)
        item_box.addStretch(1)  # without a case selected, the hint stays at the top
        # On a short screen the case's texts scroll rather than overlap.
        self.item_scroll = QScrollArea()
        self.item_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.item_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item_scroll.setWidgetResizable(True)
        self.item_scroll.setWidget(item_body)
        decisions_box = QVBoxLayout()
        decisions_box.addWidget(section_title(self.tr("Décisions du dossier sélectionné")))
        decisions_box.addWidget(self.decisions, 1)
        decisions_box.addLayout(decision_buttons)
        below.addWidget(self.item_scroll, 1)
        below.addLayout(decisions_box, 1)
        # The agenda gets most of the room; the selected case and its decisions below it, a
        # splitter apart (the referent may want either bigger).
        agenda_split = QSplitter(Qt.Orientation.Vertical)
        agenda_split.setChildrenCollapsible(False)
        agenda_split.addWidget(self.items)
        agenda_split.addWidget(below_widget)
        agenda_split.setStretchFactor(0, 2)
        agenda_split.setStretchFactor(1, 3)
        agenda_layout.addWidget(agenda_split, 1)

        # Participants and Addenda tabs: empty until first shown (or asked for, see
        # :attr:`attendance`, :attr:`addenda`); what they would show is kept meanwhile.
        self._attendance: AttendancePanel | None = None
        self._attendance_shown: tuple = (None, False, None)  # meeting id, locked, loaded
        self._addenda: QPlainTextEdit | None = None
        self._addendum_button: QPushButton | None = None
        self._addenda_text = ""
        self._addendum_enabled = False
        self.attendance_tab = QWidget()
        self.addenda_tab = QWidget()
        QVBoxLayout(self.attendance_tab).setContentsMargins(0, 0, 0, 0)  # the panel's own
        QVBoxLayout(self.addenda_tab)

        self.tabs = QTabWidget()
        self.tabs.addTab(agenda_tab, self.tr("Ordre du jour"))
        self.tabs.addTab(self.attendance_tab, self.tr("Participants et quorum"))
        self.tabs.addTab(self.addenda_tab, self.tr("Addenda"))
        self.tabs.currentChanged.connect(self._tab_shown)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.header)
        detail_layout.addWidget(self.lock_banner)
        detail_layout.addWidget(self.message)
        detail_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.meetings)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([170, 610])
        self.meetings.setMinimumHeight(110)
        layout = QVBoxLayout(self)
        layout.addWidget(self.actions_bar)
        layout.addWidget(splitter)
        self._show_meeting(None)

    # --- what is built when first shown -------------------------------------------------------

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab is self.attendance_tab:
            _ = self.attendance
        elif tab is self.addenda_tab:
            _ = self.addenda

    @property
    def attendance(self) -> AttendancePanel:
        """The Participants tab's panel, built on first use with the session shown."""
        if self._attendance is None:
            panel = AttendancePanel(self.services)
            panel.changed.connect(self._attendance_changed)
            self.attendance_tab.layout().addWidget(panel)
            panel.show()  # now, not on the next turn of the event loop (the tab is shown)
            self._attendance = panel
            meeting_id, locked, loaded = self._attendance_shown
            panel.load(meeting_id, locked=locked, loaded=loaded)
        return self._attendance

    def _load_attendance(self, meeting_id: int | None, *, locked: bool = False, loaded=None):
        if self._attendance is not None:
            self._attendance.load(meeting_id, locked=locked, loaded=loaded)
        else:
            self._attendance_shown = (meeting_id, locked, loaded)

    @property
    def addenda(self) -> QPlainTextEdit:
        """The Addenda tab's text, built on first use with the session's addenda."""
        if self._addenda is None:
            addenda = QPlainTextEdit()
            addenda.setReadOnly(True)
            addenda.setPlainText(self._addenda_text)
            button = QPushButton(self.tr("Ajouter un addendum…"))
            button.clicked.connect(self.add_addendum)
            button.setEnabled(self._addendum_enabled)
            layout = self.addenda_tab.layout()
            layout.addWidget(addenda, 1)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            addenda.show()
            button.show()
            self._addenda, self._addendum_button = addenda, button
        return self._addenda

    @property
    def addendum_button(self) -> QPushButton:
        _ = self.addenda
        assert self._addendum_button is not None
        return self._addendum_button

    def _show_addenda(self, text: str) -> None:
        self._addenda_text = text
        if self._addenda is not None:
            self._addenda.setPlainText(text)

    @property
    def item_editor(self) -> ItemEditor:
        """The selected case's notes and proposal, built when a case is first shown."""
        if self._item_editor is None:
            editor = ItemEditor(self.services, live=False)
            editor.set_editable(False)
            editor.hide()
            editor.committed.connect(self._item_text_saved)
            editor.typing.connect(lambda: self.item_saved.setText(self.tr("Enregistrement…")))
            editor.refused.connect(self._item_text_refused)
            self._item_box.insertWidget(self._item_box.indexOf(self.item_saved), editor, 3)
            self._item_editor = editor
        return self._item_editor

    def _action(self, text: str, slot) -> QAction:
        action = self.actions_bar.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @staticmethod
    def _meeting_color(m) -> QColor | None:
        if m.status is MeetingStatus.PLANNED:
            return PLANNED_COLOR
        if m.status is MeetingStatus.IN_PROGRESS:
            return RUNNING_COLOR
        return None

    # --- selection and display ---------------------------------------------------------------

    def current_meeting_id(self) -> int | None:
        """The id of the selected session, if any (for actions added by other modules)."""
        summary = self.meetings.current_record()
        return summary.id if summary is not None else None

    def current_case_id(self) -> int | None:
        """The case of the selected agenda item, if any (for actions added by other modules)."""
        item = self.items.current_item()
        return item.case_id if item is not None else None

    @property
    def loading(self) -> bool:
        return self.list_loader.loading or self.detail_loader.loading

    def _loaded(self) -> None:
        if not self.loading:
            self.refreshed.emit()

    def refresh(self) -> None:
        self._after_change()

    def _reload_list(self, select_id: int | None = None, *, show: bool = False) -> None:
        """Reload the sessions list off the GUI thread, keeping (or moving) the selection,
        without loading the detail twice; with *show*, then load the selected session."""
        if not self.meetings.source.total():
            self.header.setText(self.tr("Chargement des séances…"))
        summaries = self.services.meetings.summaries

        def apply(records) -> None:
            self.meetings.blockSignals(True)
            try:
                self.meetings.set_records(records, keep=self.meetings.current_record())
                if select_id is not None:
                    self.meetings.select_id(select_id)
            finally:
                self.meetings.blockSignals(False)
            if show:
                self._show_meeting(self.meetings.current_record())

        self.list_loader.run(summaries, apply, self._list_failed)

    def _list_failed(self, message: str) -> None:
        self.header.setText(self.tr("Sélectionnez une séance."))
        self.message.setText(message)

    def select_meeting(self, meeting_id: int) -> bool:
        """Select the session *meeting_id* (among all the sessions listed); its agenda and
        attendance follow off the GUI thread. False if the list has no such session."""
        found = self.meetings.select_id(meeting_id)
        if found:
            self._show_meeting(self.meetings.current_record())
        return found

    def _show_meeting(self, summary) -> None:
        self.message.clear()
        if summary is None:
            self.detail_loader.cancel()
            self.meeting = None
            self.header.setText(self.tr("Sélectionnez une séance."))
            self.lock_banner.hide()
            self.agenda_model.set_items([])
            self.timing.clear()
            self._load_attendance(None)
            self._show_addenda("")
            self._show_item(None)
            self._update_actions()
            return
        # Until the session arrives, nothing acts on the one shown before (no stale action).
        self.flush_item_texts()
        self.meeting = None
        self.header.setText(self.tr("Chargement de la séance…"))
        self._update_actions()
        meeting_id = summary.id
        services = self.services

        def load():
            return (
                services.meetings.get(meeting_id),
                services.attendance.list(meeting_id),
                services.attendance.quorum(meeting_id),
            )

        self.detail_loader.run(load, self._apply_meeting, self._detail_failed)

    def _detail_failed(self, message: str) -> None:
        self.header.setText(self.tr("Sélectionnez une séance."))
        self.message.setText(message)

    def _apply_meeting(self, loaded) -> None:
        meeting, attendance, quorum = loaded
        self.meeting = meeting
        self.header.setText(self.header_text(meeting))
        locked = meeting.status is MeetingStatus.VALIDATED
        if locked:
            self.lock_banner.setText(
                self.tr(
                    "Compte rendu validé le {date} par {who} : la séance est verrouillée. "
                    "Les corrections se font par addendum daté ; l'original reste lisible."
                ).format(
                    date=short_datetime(meeting.validated_at) if meeting.validated_at else "",
                    who=meeting.validated_by or "",
                )
            )
        self.lock_banner.setVisible(locked)
        keep = self.items.current_item()
        keep_id = self._select_item_id if self._select_item_id is not None else None
        if keep_id is None and keep is not None:
            keep_id = keep.id
        self._select_item_id = None
        self.agenda_model.editable = not locked
        self.agenda_model.set_items(meeting.items)
        fit_columns(self.items)
        if keep_id is not None:
            self.items.select_item(keep_id)
        self._show_timing()
        self._load_attendance(meeting.id, locked=locked, loaded=(attendance, quorum))
        self._show_addenda(
            "\n\n".join(
                self.tr("Addendum du {date} ({author}) :\n{text}").format(
                    date=short_datetime(a.created_at), author=a.author, text=a.text
                )
                for a in meeting.addenda
            )
            or self.tr("Aucun addendum.")
        )
        self._show_item(self.items.current_item())
        self._update_actions()

    def header_text(self, meeting: Meeting) -> str:
        """The session in one line: what is not known (place, animator…) is left out rather
        than shown as a dash; the real hours once it has begun."""
        parts = [
            meeting.theme or label(meeting.pathway) or self.tr("Séance"),
            self.tr("{date} à {time} ({duration} min)").format(
                date=fr_date(meeting.held_on),
                time=short_time(meeting.start_time),
                duration=meeting.duration_minutes,
            ),
        ]
        if meeting.real_start is not None and meeting.real_end is not None:
            parts.append(
                self.tr("tenue de {start} à {end}").format(
                    start=short_time(meeting.real_start), end=short_time(meeting.real_end)
                )
            )
        elif meeting.real_start is not None:
            parts.append(self.tr("ouverte à {start}").format(start=short_time(meeting.real_start)))
        where = " · ".join(filter(None, [meeting.place, meeting.video_link]))
        if where:
            parts.append(where)
        if meeting.animator is not None:
            parts.append(self.tr("animateur : {name}").format(name=meeting.animator.display_name))
        status = label(meeting.status)
        if meeting.quorum_met is not None:
            status += " ({quorum})".format(
                quorum=self.tr("quorum atteint")
                if meeting.quorum_met
                else self.tr("quorum non atteint")
            )
        parts.append(status)
        return " — ".join(parts)

    def _show_timing(self) -> None:
        if self.meeting is None:
            self.timing.clear()
            return
        timing = timing_of(self.meeting)
        self.timing.setText(timing.message)
        self.timing.setStyleSheet(
            f"QLabel {{ color: {WARNING_COLOR}; font-weight: bold; }}" if timing.overrun else ""
        )

    def _show_item(self, item) -> None:
        self.flush_item_texts()
        self.item_saved.clear()
        if item is None:
            self.item_detail.setText(self.tr("Sélectionnez un dossier de l'ordre du jour."))
            self.decisions.set_records([])
            if self._item_editor is not None:
                self._item_editor.hide()
        else:
            lines = [self.tr("Question : {q}").format(q=item.question or item.case.question)]
            if item.standard_answer:
                lines.append(self.tr("Réponse standard : {a}").format(a=item.standard_answer))
            if item.quorum_met is False:
                lines.append(self.tr("⚠ Ce dossier a été discuté sans quorum."))
            self.item_detail.setText("\n".join(lines))
            self.decisions.set_records(item.decisions)
            self.item_editor.load(item)
            self.item_editor.show()
            status = self.meeting.status if self.meeting else None
            editable = status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD)
            self.item_editor.set_editable(editable)
            if status is MeetingStatus.PLANNED:
                self.item_saved.setText(
                    self.tr(
                        "Les notes et la proposition se saisissent une fois la séance démarrée."
                    )
                )
        self._update_actions()

    def flush_item_texts(self) -> bool:
        """Commit what was typed in the selected case's notes now (before anything reloads
        it). False if a save was refused (the message is shown)."""
        return self._item_editor.flush() if self._item_editor is not None else True

    def _item_text_saved(self) -> None:
        if self.item_editor.is_dirty() or self.item_editor.item_id is None:
            return
        self.item_saved.setText(
            self.tr("Tout est enregistré ({time})").format(
                time=dt.datetime.now().strftime("%H:%M:%S")
            )
        )
        # The item's version moved on: hold the fresh one (dialogs and moves carry it).
        try:
            self.agenda_model.replace_item(self.services.agenda.get_item(self.item_editor.item_id))
        except ServiceError:
            pass

    def _item_text_refused(self, message: str) -> None:
        self.item_saved.setText("")
        self.message.setText(message)

    def _update_actions(self) -> None:
        m = self.meeting
        status = m.status if m else None
        has_item = self.items.current_item() is not None
        editable = m is not None and status is not MeetingStatus.VALIDATED
        self.edit_action.setEnabled(editable)
        self.delete_action.setEnabled(status is MeetingStatus.PLANNED)
        self.live_action.setEnabled(status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS))
        self.close_action.setEnabled(status is MeetingStatus.IN_PROGRESS)
        self.times_action.setEnabled(status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD))
        self.reopen_action.setEnabled(status is MeetingStatus.HELD)
        self.validate_action.setEnabled(status is MeetingStatus.HELD)
        self.addendum_action.setEnabled(status is MeetingStatus.VALIDATED)
        self._addendum_enabled = status is MeetingStatus.VALIDATED
        if self._addendum_button is not None:
            self._addendum_button.setEnabled(self._addendum_enabled)
        for b in (self.propose_button, self.add_item_button):
            b.setEnabled(editable)
        for b in (self.edit_item_button, self.remove_item_button, self.up_button, self.down_button):
            b.setEnabled(editable and has_item)
        self.new_decision_button.setEnabled(
            has_item and status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD)
        )
        # Editing needs a decision to edit: a case without one offers "Nouvelle décision…".
        self.edit_decision_button.setEnabled(self.decisions.current_record() is not None)

    # --- dialogs ------------------------------------------------------------------------------

    def _open(self, dialog, on_accept) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accept)
        self.dialog = dialog
        dialog.open()

    def _after_change(self, select_id: int | None = None, item_id: int | None = None) -> None:
        """Reload the list, then the selected session (*select_id* if given; its agenda item
        *item_id* selected), off the GUI thread."""
        self.flush_item_texts()
        if item_id is not None:
            self._select_item_id = item_id
        if self.meeting is not None:  # changed: nothing acts on it until it is read again
            self.meeting = None
            self.header.setText(self.tr("Chargement de la séance…"))
            self._update_actions()
        self._reload_list(select_id, show=True)

    def _run(self, fn) -> bool:
        self.message.clear()
        try:
            fn()
        except ServiceError as exc:
            self.message.setText(exc.message)
            return False
        return True

    def plan_meeting(self) -> None:
        dialog = MeetingDialog(self.services, parent=self)
        self._open(dialog, lambda: self._after_change(dialog.result_meeting.id))

    def plan_series(self) -> None:
        dialog = SeriesDialog(self.services, parent=self)
        self._open(
            dialog, lambda: self._after_change(dialog.created[0].id if dialog.created else None)
        )

    def edit_meeting(self) -> None:
        if self.meeting is None:
            return
        dialog = MeetingDialog(self.services, self.meeting, parent=self)
        self._open(dialog, lambda m=self.meeting.id: self._after_change(m))

    def delete_meeting(self) -> None:
        m = self.meeting
        if m is None or not confirm(
            self,
            self.tr("Supprimer la séance"),
            self.tr("Supprimer la séance du {date}, son ordre du jour et ses invitations ?").format(
                date=fr_date(m.held_on)
            ),
        ):
            return
        if self._run(lambda: self.services.meetings.delete(m.id, expected_version=m.version)):
            self._after_change()

    def show_proposals(self) -> None:
        if self.meeting is None:
            return
        dialog = ProposalsDialog(self.services, self.meeting, parent=self)
        self._open(dialog, lambda m=self.meeting.id: self._after_change(m))

    def add_item(self) -> None:
        if self.meeting is None:
            return
        dialog = AgendaItemDialog(self.services, self.meeting, parent=self)
        self._open(dialog, lambda m=self.meeting.id: self._item_saved(m, dialog.result_item))

    def edit_item(self) -> None:
        item = self.items.current_item()
        if self.meeting is None or item is None:
            return
        dialog = AgendaItemDialog(self.services, self.meeting, item, parent=self)
        self._open(dialog, lambda m=self.meeting.id: self._item_saved(m, dialog.result_item))

    def _item_saved(self, meeting_id: int, item) -> None:
        self._after_change(meeting_id, item.id if item is not None else None)

    def remove_item(self) -> None:
        item = self.items.current_item()
        if item is None:
            return
        if self._run(
            lambda: self.services.agenda.remove_item(item.id, expected_version=item.version)
        ):
            self._after_change(self.meeting.id)

    def _reorder(self, ids: list[int]) -> bool:
        if self.meeting is None:
            return False
        return self._run(lambda: self.services.agenda.reorder(self.meeting.id, ids))

    def move_item(self, delta: int) -> None:
        item = self.items.current_item()
        if item is None:
            return
        row = self.agenda_model.ids().index(item.id)
        if self.agenda_model.move_row(row, delta):
            self._after_change(self.meeting.id, item.id)

    def new_decision(self) -> None:
        item = self.items.current_item()
        if item is None or self.meeting is None:
            return
        dialog = DecisionDialog(
            self.services, item, meeting_status=self.meeting.status, parent=self
        )
        self._open(dialog, lambda m=self.meeting.id: self._item_saved(m, item))

    def edit_decision(self) -> None:
        item = self.items.current_item()
        decision = self.decisions.current_record()
        if item is None or decision is None or self.meeting is None:
            return
        dialog = DecisionDialog(
            self.services, item, decision, meeting_status=self.meeting.status, parent=self
        )
        self._open(dialog, lambda m=self.meeting.id: self._item_saved(m, item))

    def edit_times(self) -> None:
        if self.meeting is None:
            return
        dialog = MeetingTimesDialog(self.services, self.meeting, parent=self)
        self._open(dialog, lambda m=self.meeting.id: self._after_change(m))

    def add_addendum(self) -> None:
        if self.meeting is None:
            return
        dialog = AddendumDialog(self.services, self.meeting.id, parent=self)
        self._open(dialog, lambda m=self.meeting.id: self._after_change(m))

    def _attendance_changed(self) -> None:
        self._reload_list()
        if self.meeting is not None:
            self.meeting = self.services.meetings.get(self.meeting.id)

    # --- status flow --------------------------------------------------------------------------

    def open_live(self) -> LiveMeetingWindow | None:
        """Open the live meeting (starting the session if it is still planned)."""
        m = self.meeting
        if m is None:
            return None
        self.flush_item_texts()
        if (
            self.live_window is not None
            and self.live_window.meeting_id == m.id
            and self.live_window.isVisible()
        ):
            self.live_window.raise_()
            self.live_window.activateWindow()
            return self.live_window
        if m.status is MeetingStatus.PLANNED:
            today = self.services.ctx.today()
            if m.held_on != today and not confirm(
                self,
                self.tr("Démarrer la séance"),
                self.tr("Cette séance est prévue le {date}. La démarrer maintenant ?").format(
                    date=fr_date(m.held_on)
                ),
            ):
                return None
            if not self._run(lambda: self.services.meetings.start(m.id)):
                return None
            self._after_change(m.id)
        elif m.status is not MeetingStatus.IN_PROGRESS:
            self.message.setText(
                self.tr("Le mode séance s'ouvre sur une séance planifiée ou en cours.")
            )
            return None
        window = LiveMeetingWindow(self.services, m.id, tasks=self.tasks)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda: self._live_closed(m.id))
        self.live_window = window
        window.showFullScreen()
        return window

    def _live_closed(self, meeting_id: int) -> None:
        self.live_window = None
        self._after_change(meeting_id)

    def close_meeting(self) -> None:
        m = self.meeting
        if m is None:
            return
        self.flush_item_texts()
        if self.live_window is not None and self.live_window.meeting_id == m.id:
            self.live_window.close()
        if self._run(lambda: self.services.meetings.close(m.id)):
            self._after_change(m.id)

    def reopen_meeting(self) -> None:
        m = self.meeting
        if m is not None and self._run(lambda: self.services.meetings.reopen(m.id)):
            self._after_change(m.id)

    def validate_minutes(self) -> None:
        m = self.meeting
        self.flush_item_texts()
        if m is None or not confirm(
            self,
            self.tr("Valider le compte rendu"),
            self.tr(
                "Une fois validé, le compte rendu est verrouillé : plus aucune modification de la "
                "séance, de son ordre du jour, des présences ni des décisions prises. Les "
                "corrections se feront par addendum daté. Valider ?"
            ),
        ):
            return
        if self._run(lambda: self.services.meetings.validate(m.id)):
            self._after_change(m.id)
