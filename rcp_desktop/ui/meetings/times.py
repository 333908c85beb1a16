"""The real start and end of a session: recorded by live mode when the session starts and when
it is closed, corrected here (from live mode, Ctrl+T, or the Séances page) until the minutes are
validated. Every document prints them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QTimeEdit, QVBoxLayout

from rcp_desktop.domain.dates import fr_date, short_time
from rcp_desktop.models import Meeting
from rcp_desktop.services import Services
from rcp_desktop.ui.meetings.common import FormDialog


def time_edit(value: dt.time | None) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    if value is not None:
        edit.setTime(QTime(value.hour, value.minute))
    return edit


class MeetingTimesDialog(FormDialog):
    """Début réel / fin réelle of a session that has begun."""

    def __init__(self, services: Services, meeting: Meeting, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting = meeting
        self.result_meeting: Meeting | None = None
        self.setWindowTitle(self.tr("Horaires réels de la séance"))
        now = services.ctx.now().time()
        self.start = time_edit(meeting.real_start or meeting.start_time)
        self.ended = QCheckBox(self.tr("Terminée à"))
        self.end = time_edit(meeting.real_end or now)
        self.ended.setChecked(meeting.real_end is not None)
        self.end.setEnabled(self.ended.isChecked())
        self.ended.toggled.connect(self.end.setEnabled)
        intro = QLabel(
            self.tr(
                "Séance du {date}, prévue à {time}. Les documents impriment ces horaires réels."
            ).format(date=fr_date(meeting.held_on), time=short_time(meeting.start_time))
        )
        intro.setWordWrap(True)
        end_row = QHBoxLayout()
        end_row.setContentsMargins(0, 0, 0, 0)
        end_row.addWidget(self.ended)
        end_row.addWidget(self.field("actual_end", self.end), 1)
        form = QFormLayout()
        form.addRow(self.tr("Début réel :"), self.field("actual_start", self.start))
        form.addRow(self.tr("Fin réelle :"), end_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.finish_layout(layout)

    def values(self) -> tuple[dt.time, dt.time | None]:
        start = self.start.time().toPython().replace(second=0, microsecond=0)
        end = self.end.time().toPython().replace(second=0, microsecond=0)
        return start, end if self.ended.isChecked() else None

    def save(self) -> None:
        start, end = self.values()
        result = self.attempt(
            lambda: self.services.meetings.set_times(
                self.meeting.id, start, end, expected_version=self.meeting.version
            )
        )
        if result is not None:
            self.result_meeting = result
            self.accept()
