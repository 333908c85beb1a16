"""Plan a session, or a recurring series of sessions, with their expected participants."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import WEEKDAYS, fr_date
from rcp_desktop.domain.recurrence import ORDINALS, Recurrence, RecurrenceKind
from rcp_desktop.i18n import translate
from rcp_desktop.models import Meeting, Pathway
from rcp_desktop.services import Services
from rcp_desktop.services.errors import FieldError, ValidationError
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker

PREVIEW_DELAY_MS = 200


class ParticipantsSelector(QWidget):
    """Expected participants, ticked in the directory (active professionals), filterable."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filtrer l'annuaire : nom, profession…"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMinimumHeight(160)
        self.count = QLabel()
        for pro in services.directory.list(active_only=True):
            item = QListWidgetItem(f"{pro.display_name} — {pro.profession_label}")
            item.setData(Qt.ItemDataRole.UserRole, pro.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._apply_filter)
        self.list.itemChanged.connect(lambda _i: self._count())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        self._count()

    def _items(self):
        return [self.list.item(i) for i in range(self.list.count())]

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for item in self._items():
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def _count(self) -> None:
        self.count.setText(
            self.tr("{n} participant(s) attendu(s)").format(n=len(self.selected_ids()))
        )

    def selected_ids(self) -> list[int]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_selected(self, ids) -> None:
        wanted = set(ids)
        for item in self._items():
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in wanted
                else Qt.CheckState.Unchecked
            )

    def check(self, pro_id: int, on: bool = True) -> None:
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) == pro_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class _MeetingFields:
    """The fields a single session and a series share."""

    def build_fields(self, services: Services) -> None:
        self.start_time = QTimeEdit()
        self.start_time.setDisplayFormat("HH:mm")
        self.start_time.setTime(QTime(20, 0))
        self.duration = QSpinBox(minimum=5, maximum=720, value=120, singleStep=15)
        self.duration.setSuffix(self.tr(" min"))
        self.place = QLineEdit()
        self.place.setMaxLength(300)
        self.place.setPlaceholderText(self.tr("Salle, adresse…"))
        self.video_link = QLineEdit()
        self.video_link.setMaxLength(500)
        self.video_link.setPlaceholderText(self.tr("https://… (visioconférence)"))
        self.pathway = EnumCombo(Pathway, empty=self.tr("— tous parcours —"))
        self.theme = QLineEdit()
        self.theme.setMaxLength(300)
        self.animator = ProfessionalPicker(
            lambda: services.directory.list(active_only=True), empty=self.tr("— à désigner —")
        )

    def add_common_rows(self, form: QFormLayout) -> None:
        form.addRow(self.tr("Heure de début :"), self.field("start_time", self.start_time))
        form.addRow(self.tr("Durée :"), self.field("duration_minutes", self.duration))
        form.addRow(self.tr("Lieu :"), self.field("place", self.place))
        form.addRow(self.tr("Lien de visioconférence :"), self.field("video_link", self.video_link))
        form.addRow(self.tr("Parcours :"), self.field("pathway", self.pathway))
        form.addRow(self.tr("Thème :"), self.field("theme", self.theme))
        form.addRow(self.tr("Animateur :"), self.field("animator_id", self.animator))

    def draft(self, held_on: dt.date | None) -> MeetingDraft:
        return MeetingDraft(
            held_on=held_on,
            start_time=self.start_time.time().toPython().replace(second=0, microsecond=0),
            duration_minutes=self.duration.value(),
            place=self.place.text(),
            video_link=self.video_link.text(),
            pathway=self.pathway.value(),
            theme=self.theme.text(),
            animator_id=self.animator.value(),
        )


class MeetingDialog(_MeetingFields, FormDialog):
    """Plan a new session (with its expected participants) or edit one."""

    def __init__(self, services: Services, meeting: Meeting | None = None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting = meeting
        self.result_meeting: Meeting | None = None
        self.setWindowTitle(
            self.tr("Modifier la séance") if meeting else self.tr("Planifier une séance")
        )
        self.setMinimumWidth(560)
        self.held_on = DateField()
        self.build_fields(services)
        form = QFormLayout()
        form.addRow(self.tr("Date :"), self.field("held_on", self.held_on))
        self.add_common_rows(form)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.participants: ParticipantsSelector | None = None
        if meeting is None:
            self.participants = ParticipantsSelector(services)
            layout.addWidget(QLabel(self.tr("Participants attendus (invités depuis l'annuaire) :")))
            layout.addWidget(self.field("participants", self.participants), 1)
            self._suggest(services.meetings.suggested_draft())
        else:
            self._load(meeting)
        self.finish_layout(layout)

    def _suggest(self, draft: MeetingDraft) -> None:
        """A new session starts on the series' next date (or the next working day), at the
        last session's hour, length and place."""
        self.held_on.set_value(draft.held_on)
        if draft.start_time is not None:
            self.start_time.setTime(QTime(draft.start_time.hour, draft.start_time.minute))
        self.duration.setValue(draft.duration_minutes)
        self.place.setText(draft.place or "")
        self.video_link.setText(draft.video_link or "")

    def _load(self, meeting: Meeting) -> None:
        self.held_on.set_value(meeting.held_on)
        self.start_time.setTime(QTime(meeting.start_time.hour, meeting.start_time.minute))
        self.duration.setValue(meeting.duration_minutes)
        self.place.setText(meeting.place or "")
        self.video_link.setText(meeting.video_link or "")
        self.pathway.set_value(meeting.pathway)
        self.theme.setText(meeting.theme or "")
        self.animator.set_value(meeting.animator_id)

    def save(self) -> None:
        if self.bad_dates({"held_on": self.held_on}):
            return
        draft = self.draft(self.held_on.value())
        if self.meeting is None:
            ids = self.participants.selected_ids() if self.participants else []
            result = self.attempt(lambda: self.services.meetings.plan(draft, ids))
        else:
            result = self.attempt(
                lambda: self.services.meetings.update(
                    self.meeting.id, draft, expected_version=self.meeting.version
                )
            )
        if result is not None:
            self.result_meeting = result
            self.accept()


class SeriesDialog(_MeetingFields, FormDialog):
    """Generate a recurring series: every n-th weekday of the month, or every N weeks."""

    def __init__(self, services: Services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.created: list[Meeting] = []
        self.setWindowTitle(self.tr("Planifier une série de séances"))
        self.setMinimumWidth(620)
        self.build_fields(services)
        self.monthly = QRadioButton(self.tr("Chaque mois, le"))
        self.weekly = QRadioButton(self.tr("Toutes les"))
        group = QButtonGroup(self)
        group.addButton(self.monthly)
        group.addButton(self.weekly)
        self.monthly.setChecked(True)
        self.ordinal = QComboBox()
        for n, text in ORDINALS.items():
            self.ordinal.addItem(translate(text), n)
        self.ordinal.setCurrentIndex(1)
        self.weekday = QComboBox()
        for index, text in enumerate(WEEKDAYS):
            self.weekday.addItem(translate(text), index)
        self.weekday.setCurrentIndex(1)
        self.interval = QSpinBox(minimum=1, maximum=12, value=2)
        self.interval.setSuffix(self.tr(" semaine(s)"))
        today = services.ctx.today()
        self.series_start = DateField(today)
        self.series_end = DateField(dt.date(today.year, 12, 31))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)

        rule = QWidget()
        rule_layout = QVBoxLayout(rule)
        rule_layout.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        row1.addWidget(self.monthly)
        row1.addWidget(self.ordinal)
        row1.addWidget(QLabel(self.tr("du mois")))
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(self.weekly)
        row2.addWidget(self.interval)
        row2.addStretch(1)
        rule_layout.addLayout(row1)
        rule_layout.addLayout(row2)

        form = QFormLayout()
        form.addRow(self.tr("Récurrence :"), rule)
        form.addRow(self.tr("Jour :"), self.weekday)
        form.addRow(self.tr("Du :"), self.field("series_start", self.series_start))
        form.addRow(self.tr("Au :"), self.field("series_end", self.series_end))
        self.add_common_rows(form)
        self.participants = ParticipantsSelector(services)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(QLabel(self.tr("Participants attendus à chaque séance :")))
        layout.addWidget(self.field("participants", self.participants), 1)
        self.finish_layout(layout)

        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        for signal in (
            self.monthly.toggled,
            self.ordinal.currentIndexChanged,
            self.weekday.currentIndexChanged,
            self.interval.valueChanged,
            self.series_start.textChanged,
            self.series_end.textChanged,
        ):
            signal.connect(lambda *_a: self._timer.start())
        self.update_preview()

    def rule(self) -> Recurrence:
        if self.monthly.isChecked():
            return Recurrence(
                RecurrenceKind.MONTHLY,
                weekday=self.weekday.currentData(),
                week_of_month=self.ordinal.currentData(),
            )
        return Recurrence(
            RecurrenceKind.WEEKLY,
            weekday=self.weekday.currentData(),
            interval_weeks=self.interval.value(),
        )

    def _dates(self) -> tuple[dt.date | None, dt.date | None] | None:
        if not (self.series_start.is_valid() and self.series_end.is_valid()):
            return None
        return self.series_start.value(), self.series_end.value()

    def update_preview(self) -> None:
        dates = self._dates()
        if dates is None:
            self.preview.setText(self.tr("Dates invalides : jj/mm/aaaa."))
            return
        try:
            days = self.services.meetings.preview_series(self.rule(), *dates)
        except ValidationError as exc:
            self.preview.setText(exc.message)
            return
        shown = ", ".join(fr_date(d) for d in days[:8])
        more = self.tr(" et {n} autre(s)").format(n=len(days) - 8) if len(days) > 8 else ""
        self.preview.setText(
            self.tr("{rule} : {n} séance(s) — {dates}{more}").format(
                rule=self.rule().describe().capitalize(), n=len(days), dates=shown, more=more
            )
        )

    def save(self) -> None:
        dates = self._dates()
        if dates is None:
            self.errors.show(
                ValidationError(
                    [FieldError("series_start", self.tr("Dates invalides : jj/mm/aaaa."))]
                )
            )
            return
        draft = self.draft(None)
        result = self.attempt(
            lambda: self.services.meetings.plan_series(
                draft, self.rule(), dates[0], dates[1], self.participants.selected_ids()
            )
        )
        if result is not None:
            self.created = result
            self.accept()
