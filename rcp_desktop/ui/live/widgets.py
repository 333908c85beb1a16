"""The panels of the live screen that show the meeting (nothing here writes to the database).

:class:`MeetingBar` (session, position in the agenda, save status, timer, buttons),
:class:`AgendaList`, :class:`CasePanel` (who, what kind, the question, the quorum flag) and
:class:`CaseContextPanel` (open actions of earlier sessions, the latest crisis plan). Each
panel is shown whole by one ``show_…`` call; what a case looks like named or pseudonymised
comes from :mod:`rcp_desktop.services.case_text`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date, short_time
from rcp_desktop.models import AgendaItem, Meeting, Triage, label
from rcp_desktop.services.agenda import ItemContext
from rcp_desktop.services.case_text import (
    case_heading,
    case_reference,
    crisis_plan_entries,
    crisis_plan_summary,
)
from rcp_desktop.services.documents import Pseudonymisation

OVER_COLOR = "#c01c28"
NEAR_COLOR = "#c64600"
OK_COLOR = "#1a5fb4"
# Below this width the session's name and the save status would be squeezed: the bar's buttons
# go to a second row.
ONE_ROW_INFO_WIDTH = 340
AGENDA_WIDTH = 240

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
QLabel#liveHelp { font-size: 14px; color: #3d3846; background: #f6f5f4; padding: 4px 6px; }
QLabel#livePlanTitle { font-size: 24px; font-weight: bold; color: #1a5fb4; }
QLabel#livePlan { font-size: 23px; color: #241f31; }
QLabel#liveSaved { font-size: 15px; color: #26a269; }
QPushButton#livePseudo:checked { background: #c64600; color: white; }
QPlainTextEdit { font-size: 19px; }
QScrollArea#liveScroll, QWidget#liveScrollBody { background: #ffffff; }
QListWidget#liveAgenda { font-size: 17px; }
QListWidget#liveAgenda::item { padding: 6px; }
QListWidget#liveAgenda::item:selected { background: #1a5fb4; color: white; }
"""


def section(text: str) -> QLabel:
    """A section title of the live screen (*text* already translated by the caller)."""
    title = QLabel(text)
    title.setObjectName("liveSection")
    title.setWordWrap(True)
    return title


def plain_label(name: str = "", *, wrap: bool = True) -> QLabel:
    """A label that shows user text as typed (never as rich text)."""
    widget = QLabel()
    if name:
        widget.setObjectName(name)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(wrap)
    return widget


def fmt_seconds(seconds: int) -> str:
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes:02d}:{secs:02d}"


class LiveScroll(QScrollArea):
    """A frameless, white scroll area; :meth:`set_body` gives it its content."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setObjectName("liveScroll")
        # Texts wrap to the width: never a horizontal scroll bar hiding the end of a line.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_body(self, body: QWidget) -> None:
        body.setObjectName("liveScrollBody")
        self.setWidget(body)
        self.setWidgetResizable(True)


# --- the top bar -------------------------------------------------------------------------------


class TimerLabel(QLabel):
    """Time spent on the current case against its planned duration: blue, orange from 80 %,
    red beyond. Ticks every second once :meth:`start` is called."""

    def __init__(self) -> None:
        super().__init__("00:00")
        self.setObjectName("liveTimer")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.planned_seconds: int | None = None
        self.prior_seconds = 0  # spent on the case before this window reached it
        self._elapsed = QElapsedTimer()
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.refresh)

    def restart(self, planned_minutes: int, prior_seconds: int) -> None:
        self.planned_seconds = planned_minutes * 60
        self.prior_seconds = prior_seconds
        self._elapsed.restart()
        self.refresh()

    def elapsed_seconds(self) -> int:
        return self.prior_seconds + (
            self._elapsed.elapsed() // 1000 if self._elapsed.isValid() else 0
        )

    def refresh(self) -> None:
        if self.planned_seconds is None:
            return
        planned = self.planned_seconds
        elapsed = self.elapsed_seconds()
        color = OK_COLOR
        if elapsed > planned:
            color = OVER_COLOR
        elif elapsed >= planned * 0.8:
            color = NEAR_COLOR
        self.setText(f"{fmt_seconds(elapsed)} / {fmt_seconds(planned)}")
        self.setStyleSheet(f"background: {color};")

    def start(self) -> None:
        self._tick.start()

    def stop(self) -> None:
        self._tick.stop()


class SaveStatus(QLabel):
    """One line saying whether what was typed is committed."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("liveSaved")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def show_saving(self) -> None:
        self.setStyleSheet("")
        self.setText(self.tr("Enregistrement…"))

    def show_saved(self) -> None:
        self.setStyleSheet("")
        self.setText(
            self.tr("Tout est enregistré ({time})").format(
                time=dt.datetime.now().strftime("%H:%M:%S")
            )
        )

    def show_unsaved(self) -> None:
        self.show_problem(self.tr("Une saisie n'a pas été enregistrée : voir le message."))

    def show_problem(self, message: str) -> None:
        self.setStyleSheet(f"color: {OVER_COLOR}; font-weight: bold;")
        self.setText(message)


class MeetingBar(QWidget):
    """The session, the position in the agenda, the save status, the timer and the buttons
    (pseudonymise, attendance, quit). The window connects the buttons.

    Wide, everything sits on one row; narrower than the row needs (a 1024 px projector with
    long labels, a small laptop), the buttons go to a second row: nothing is ever cut."""

    def __init__(self, meeting: Meeting | None, *, pseudonymise: bool) -> None:
        super().__init__()
        self.session_label = plain_label("liveMeta")
        self.session_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if meeting is None:  # being read
            self.session_label.setText(self.tr("Chargement de la séance…"))
        else:
            self.show_meeting(meeting)
        self.save_status = SaveStatus()
        self.counter = QLabel()
        self.counter.setObjectName("liveMeta")
        self.timer_label = TimerLabel()
        self.pseudo_button = QPushButton(self.tr("Masquer les identités"))
        self.pseudo_button.setObjectName("livePseudo")
        self.pseudo_button.setCheckable(True)
        self.pseudo_button.setChecked(pseudonymise)
        self.attendance_button = QPushButton(self.tr("Présences…"))
        self.times_button = QPushButton(self.tr("Horaires…"))
        self.times_button.setToolTip(self.tr("Début et fin réels de la séance (Ctrl+T)"))
        self.quit_button = QPushButton(self.tr("Quitter le mode séance"))
        for b in self.buttons():
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.info = QWidget()
        left = QVBoxLayout(self.info)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(2)
        left.addWidget(self.session_label)
        counter_row = QHBoxLayout()
        counter_row.addWidget(self.counter)
        counter_row.addSpacing(24)
        counter_row.addWidget(self.save_status, 1)
        left.addLayout(counter_row)
        self.button_row = QWidget()
        row = QHBoxLayout(self.button_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        for b in self.buttons():
            row.addWidget(b)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.compact: bool | None = None
        self._arrange(compact=False)

    def buttons(self) -> list[QPushButton]:
        return [self.pseudo_button, self.attendance_button, self.times_button, self.quit_button]

    def show_meeting(self, meeting: Meeting) -> None:
        """The session's name, day and planned time, and its real start once it has begun."""
        text = self.tr("{theme} — {date} à {time}").format(
            theme=meeting.theme or label(meeting.pathway) or self.tr("Séance"),
            date=fr_date(meeting.held_on),
            time=short_time(meeting.start_time),
        )
        if meeting.real_start is not None:
            text += self.tr(" — ouverte à {time}").format(time=short_time(meeting.real_start))
        self.session_label.setText(text)

    def _one_row_width(self) -> int:
        """The width the bar needs to keep everything on one row."""
        spacing = self.grid.horizontalSpacing() * 3
        return (
            ONE_ROW_INFO_WIDTH
            + self.timer_label.sizeHint().width()
            + self.button_row.sizeHint().width()
            + spacing
        )

    def _arrange(self, *, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        for w in (self.info, self.timer_label, self.button_row):
            self.grid.removeWidget(w)
        self.grid.addWidget(self.info, 0, 0)
        self.grid.addWidget(self.timer_label, 0, 1)
        if compact:
            self.grid.addWidget(self.button_row, 1, 0, 1, 2)
        else:
            self.grid.addWidget(self.button_row, 0, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(compact=event.size().width() < self._one_row_width())
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        # The one-row arrangement is not a minimum: the bar folds into two rows instead.
        hint = super().minimumSizeHint()
        narrow = max(
            self.timer_label.minimumSizeHint().width() + 160,
            self.button_row.minimumSizeHint().width(),
        )
        return QSize(min(hint.width(), narrow), hint.height())

    def show_position(self, index: int, total: int) -> None:
        self.counter.setText(self.tr("Dossier {n} / {total}").format(n=index + 1, total=total))

    def show_pseudonymised(self, on: bool) -> None:
        self.pseudo_button.setText(
            self.tr("Afficher les identités") if on else self.tr("Masquer les identités")
        )


# --- the agenda and the current case ------------------------------------------------------------


class AgendaList(QListWidget):
    """The session's cases in order, the current one selected (clicks are wired by the
    window's navigation)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("liveAgenda")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMaximumWidth(AGENDA_WIDTH)

    def sizeHint(self) -> QSize:
        return QSize(AGENDA_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        # The window folds the panel away when narrow: it never holds the window wide.
        return QSize(0, super().minimumSizeHint().height())

    def show_items(
        self,
        items: list[AgendaItem],
        current: int,
        *,
        pseudonymise: bool,
        masking: Pseudonymisation | None = None,
        roll_called: bool = True,
    ) -> None:
        self.clear()
        for i, it in enumerate(items):
            who = case_reference(
                it.case.number,
                it.case.patient.display_name,
                pseudonymise=pseudonymise,
                label=masking.label(it.case_id) if masking else "",
            )
            extra = []
            if it.triage is Triage.LISTED:
                extra.append(self.tr("listé"))
            if roll_called and it.quorum_met is False and it.triage is Triage.FULL_DISCUSSION:
                extra.append(self.tr("⚠ sans quorum"))
            text = f"{i + 1}. {who} — {it.planned_minutes} min"
            if extra:
                text += f" ({', '.join(extra)})"
            self.addItem(QListWidgetItem(text))
        self.setCurrentRow(current)


class FittedScroll(LiveScroll):
    """A scroll area that asks for exactly the height of its content at its width, up to
    ``max_content``, and can shrink to a few lines when the screen is short (then it scrolls):
    the case's header takes what it needs and leaves the rest to the notes."""

    MIN_HEIGHT = 80

    def __init__(self, body: QWidget) -> None:
        super().__init__()
        self.max_content = 240
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.set_body(body)
        self._width = -1

    def _content_height(self) -> int:
        body = self.widget()
        width = self.viewport().width() or self.width()
        needed = body.heightForWidth(width) if body.hasHeightForWidth() else -1
        if needed < 0:
            needed = body.sizeHint().height()
        return needed + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), min(self._content_height(), self.max_content))

    def minimumSizeHint(self) -> QSize:
        return QSize(
            super().minimumSizeHint().width(), min(self.MIN_HEIGHT, self.sizeHint().height())
        )

    def refit(self) -> None:
        """The content or the room changed: ask the layout again."""
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class CasePanel(QWidget):
    """Who the case is about (or its pseudonym), its pathway and kind, who presents it, the
    quorum flag, the question, and the standard answer of a listed case."""

    def __init__(self) -> None:
        super().__init__()
        self.case_title = plain_label("liveCase")
        self.case_meta = plain_label("liveMeta")
        self.quorum_flag = QLabel(self.tr("⚠ Dossier discuté sans quorum"))
        self.quorum_flag.setObjectName("liveFlag")
        self.quorum_flag.hide()
        self.question = plain_label("liveQuestion")
        self.listed = plain_label("liveListed")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.case_title,
            self.case_meta,
            self.quorum_flag,
            self.question,
            self.listed,
        ):
            layout.addWidget(widget)

    def show_empty(self) -> None:
        self.show_message(self.tr("L'ordre du jour est vide."))

    def show_loading(self) -> None:
        """A case being read (its fields are read-only meanwhile)."""
        self.show_message(self.tr("Chargement du dossier…"))

    def show_message(self, text: str) -> None:
        """*text* (translated by the caller) in place of a case."""
        self.case_title.setText(text)
        for field in (self.case_meta, self.question, self.listed):
            field.clear()
        self.quorum_flag.hide()
        self.listed.hide()

    def show_case(
        self,
        item: AgendaItem,
        context: ItemContext,
        held_on: dt.date,
        *,
        pseudonymise: bool,
        masking: Pseudonymisation | None = None,
        roll_called: bool = True,
    ) -> None:
        patient = item.case.patient
        clean = masking.mask if (pseudonymise and masking) else (lambda t: t or "")
        self.case_title.setText(
            case_heading(
                item.case.number,
                patient.display_name,
                patient.age_on(held_on),
                pseudonymise=pseudonymise,
                label=masking.label(item.case_id) if masking else "",
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
        # Before the roll call nobody is checked in: "without quorum" would be a false alarm.
        self.quorum_flag.setVisible(
            roll_called and item.quorum_met is False and item.triage is Triage.FULL_DISCUSSION
        )
        self.question.setText(
            self.tr("Question : {q}").format(q=clean(item.question or item.case.question))
        )
        if item.triage is Triage.LISTED:
            self.listed.setText(
                self.tr("Listé, non discuté — réponse standard : {answer}").format(
                    answer=clean(item.standard_answer or "")
                )
            )
            self.listed.show()
        else:
            self.listed.hide()


class CaseContextPanel(LiveScroll):
    """What the conference needs at hand: the case's open actions from earlier sessions and
    its latest crisis-anticipation plan."""

    def __init__(self) -> None:
        super().__init__()
        self.open_actions = plain_label()
        self.open_actions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.crisis_plan = plain_label()
        self.crisis_plan.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section(self.tr("Actions ouvertes (séances précédentes)")))
        layout.addWidget(self.open_actions)
        layout.addWidget(section(self.tr("Plan de crise (F4 : en grand)")))
        layout.addWidget(self.crisis_plan)
        layout.addStretch(1)
        self.set_body(body)

    def show_context(
        self,
        context: ItemContext,
        today: dt.date,
        *,
        pseudonymise: bool,
        masking: Pseudonymisation | None = None,
    ) -> None:
        mask = masking.mask if (pseudonymise and masking) else None
        self.open_actions.setText(self._open_actions_text(context, today, mask))
        plan = context.crisis_plan
        self.crisis_plan.setText(
            crisis_plan_summary(plan, pseudonymise=pseudonymise, mask=mask)
            if plan is not None
            else self.tr("Pas de plan de crise pour ce dossier.")
        )

    def _open_actions_text(
        self, context: ItemContext, today: dt.date, mask: Callable[[str], str] | None = None
    ) -> str:
        lines = []
        for d in context.open_actions:
            due = fr_date(d.due_on) or self.tr("sans échéance")
            late = self.tr(" — EN RETARD") if d.due_on and d.due_on < today else ""
            owner = d.owner.display_name if d.owner else self.tr("sans responsable")
            lines.append(
                self.tr("• {what} — {owner} — échéance {due}{late} (séance du {date})").format(
                    what=mask(d.description) if mask else d.description,
                    owner=owner,
                    due=due,
                    late=late,
                    date=fr_date(d.item.meeting.held_on),
                )
            )
            if d.differs_from_proposal and d.difference_reason:
                lines.append(
                    self.tr("   écart à la proposition : {reason}").format(
                        reason=d.difference_reason
                    )
                )
        return "\n".join(lines) or self.tr("Aucune action ouverte.")


class CrisisPlanView(LiveScroll):
    """The crisis-anticipation plan in large type, in place of the notes (F4 and back): the
    subject of a crisis-anticipation RCP, read together on the projector."""

    def __init__(self) -> None:
        super().__init__()
        self.title = plain_label("livePlanTitle")
        self.plan_label = QLabel()
        self.plan_label.setObjectName("livePlan")
        self.plan_label.setTextFormat(Qt.TextFormat.RichText)
        self.plan_label.setWordWrap(True)
        self.plan_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plan_label)
        layout.addStretch(1)
        self.set_body(body)

    def show_plan(
        self,
        heading: str,
        context: ItemContext,
        *,
        pseudonymise: bool,
        masking: Pseudonymisation | None = None,
    ) -> None:
        self.title.setText(
            self.tr("Plan de crise — {case}   (F4 : retour aux notes)").format(case=heading)
        )
        plan = context.crisis_plan
        if plan is None:
            self.plan_label.setText(html.escape(self.tr("Pas de plan de crise pour ce dossier.")))
            return
        lines = []
        mask = masking.mask if masking else None
        for name, value in crisis_plan_entries(plan, pseudonymise=pseudonymise, mask=mask):
            text = html.escape(value).replace("\n", "<br>")
            if not name:
                lines.append(f"<i>{text}</i>")
            elif name.endswith("."):
                lines.append(f"<b>{html.escape(name)}</b> {text}")
            else:
                lines.append(f"<b>{html.escape(name)}</b>\u00a0: {text}")
        self.plan_label.setText(
            "".join(f"<p style='margin-bottom: 6px'>{line}</p>" for line in lines)
        )

    def plain_text(self) -> str:
        """What the view shows, as plain text (tests, accessibility)."""
        return QTextDocumentFragment.fromHtml(self.plan_label.text()).toRawText()
