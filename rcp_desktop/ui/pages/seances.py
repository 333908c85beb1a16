"""Séances: the list of conference sessions and, for the selected one, agenda and attendance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSplitter, QToolBar, QVBoxLayout, QWidget

from rcp_desktop.models import MeetingStatus
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.record_model import Column


class SeancesPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Séances")
        self.meetings = RecordTable(
            [
                Column(self.tr("Date"), lambda m: m.held_on),
                Column(self.tr("Heure"), lambda m: m.start_time),
                Column(self.tr("Parcours / thème"), lambda m: m.theme or m.pathway),
                Column(self.tr("Statut"), lambda m: m.status),
                Column(self.tr("Dossiers"), lambda m: m.cases, align_right=True),
                Column(self.tr("Présents"), lambda m: m.present, align_right=True),
                Column(self.tr("Lieu"), lambda m: m.place),
            ]
        )
        self.meetings.source.highlight = (
            lambda m: QColor("#1a5fb4") if m.status is MeetingStatus.PLANNED else None
        )
        self.meetings.current_record_changed.connect(self._show_meeting)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.items = RecordTable(
            [
                Column(self.tr("#"), lambda i: i.position, align_right=True),
                Column(self.tr("Dossier"), lambda i: i.case.number),
                Column(self.tr("Patient"), lambda i: i.case.patient.display_name),
                Column(self.tr("Type"), lambda i: i.kind),
                Column(self.tr("Triage"), lambda i: i.triage),
                Column(self.tr("Durée (min)"), lambda i: i.planned_minutes, align_right=True),
                Column(self.tr("Présentateur"), lambda i: i.presenter.display_name if i.presenter else ""),
                Column(self.tr("Décisions"), lambda i: len(i.decisions), align_right=True),
            ]
        )
        self.attendance = RecordTable(
            [
                Column(self.tr("Participant"), lambda a: a.professional.display_name),
                Column(self.tr("Profession"), lambda a: a.professional.profession),
                Column(self.tr("Présence"), lambda a: a.presence),
                Column(self.tr("Mode"), lambda a: a.mode),
                Column(self.tr("Arrivée"), lambda a: a.arrived_at),
            ]
        )
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.header)
        detail_layout.addWidget(section_title(self.tr("Ordre du jour")))
        detail_layout.addWidget(self.items, 3)
        detail_layout.addWidget(section_title(self.tr("Participants")))
        detail_layout.addWidget(self.attendance, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.meetings)
        splitter.addWidget(detail)
        # Actions on the selected session (other modules add theirs, e.g. documents).
        self.actions_bar = QToolBar()
        self.actions_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QVBoxLayout(self)
        layout.addWidget(self.actions_bar)
        layout.addWidget(splitter)
        self._show_meeting(None)

    def current_meeting_id(self) -> int | None:
        """The id of the selected session, if any (for actions added by other modules)."""
        summary = self.meetings.current_record()
        return summary.id if summary is not None else None

    def refresh(self) -> None:
        self.meetings.set_records(
            self.services.meetings.summaries(), keep=self.meetings.current_record()
        )

    def _show_meeting(self, summary) -> None:
        if summary is None:
            self.header.setText(self.tr("Sélectionnez une séance."))
            self.items.set_records([])
            self.attendance.set_records([])
            return
        meeting = self.services.meetings.get(summary.id)
        where = meeting.place or meeting.video_link or "—"
        quorum = {True: self.tr("quorum atteint"), False: self.tr("quorum non atteint"), None: ""}[
            meeting.quorum_met
        ]
        self.header.setText(
            self.tr("{theme} — {date} à {time} — {where} {quorum}").format(
                theme=meeting.theme or "",
                date=meeting.held_on.strftime("%d/%m/%Y"),
                time=meeting.start_time.strftime("%H:%M"),
                where=where,
                quorum=f"({quorum})" if quorum else "",
            )
        )
        self.items.set_records(meeting.items)
        self.attendance.set_records(meeting.attendances)
