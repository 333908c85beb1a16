"""What the referent types in live mode, each field committed as it is typed.

:class:`ItemEditor` holds the current case's discussion notes, the conference's proposal and
the next review date; :class:`DecisionList` its quick decisions, one :class:`DecisionRow` each
(what / owner / due date). Every field has its :class:`~rcp_desktop.ui.live.autosave.Autosaver`;
a save carries the version last read, so two windows on the same case never overwrite each
other: the second one stops writing and says so. The editors report through signals (typing,
saved, a save refused) and the window shows that in its status line.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import AgendaItem, Decision
from rcp_desktop.services import Services
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.errors import ConflictError, ServiceError, ValidationError
from rcp_desktop.ui.live.autosave import Autosaver
from rcp_desktop.ui.live.widgets import LiveScroll, section
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.widgets.common import section_title
from rcp_desktop.ui.widgets.fields import DateField, GrowingTextEdit, ProfessionalPicker


def typed_date(field: DateField, text: str) -> tuple[bool, dt.date | None]:
    """(ready, value) for a date field being typed: ready with None when blank, ready with the
    date once a whole valid date is typed, not ready in between (nothing to save yet)."""
    if not text.strip():
        return True, None
    if len(text.strip()) >= 8 and field.is_valid():
        return True, field.value()
    return False, None


# --- notes, proposal, next review ----------------------------------------------------------------


class ItemEditor(QWidget):
    """The current case's notes (F2), the conference's proposal and the case's next review
    date. :meth:`load` shows an item; :meth:`flush` commits what is still pending. The same
    editor (``live=False``) lets the Séances page read and correct them until the minutes are
    validated, through the same autosave."""

    typing = Signal()  # typed, not yet committed
    committed = Signal()  # a value committed
    refused = Signal(str)  # a save refused: the message (the typed text stays on screen)

    def __init__(self, services: Services, *, live: bool = True) -> None:
        super().__init__()
        self.services = services
        self.item_id: int | None = None
        self.version: int | None = None
        self.saved_texts: dict[str, str | None] = {}
        self.saved_review: dt.date | None = None
        self._loading = False

        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(
            self.tr("Notes de discussion — enregistrées au fil de la frappe.")
        )
        self.proposal = QPlainTextEdit()
        self.proposal.setPlaceholderText(
            self.tr("Proposition de la RCP (ce qui est proposé pour le patient).")
        )
        # The editors take the height left once the case's header has what it needs.
        for editor, lines in ((self.notes, 4 if live else 3), (self.proposal, 2)):
            editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines + 12)
        self.next_review = DateField()
        self.review_error = error_label()
        review_row = QHBoxLayout()
        review_row.addWidget(QLabel(self.tr("Prochaine révision du dossier :")))
        review_row.addWidget(self.next_review)
        review_row.addWidget(self.review_error, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if live:
            notes_title = section(self.tr("Notes (F2)"))
            proposal_title = section(self.tr("Proposition de la RCP (F3)"))
        else:  # on the Séances page: no live keys there
            notes_title = section_title(self.tr("Notes de discussion"))
            proposal_title = section_title(self.tr("Proposition de la RCP"))
        layout.addWidget(notes_title)
        layout.addWidget(self.notes, 2)
        layout.addWidget(proposal_title)
        layout.addWidget(self.proposal, 1)
        layout.addLayout(review_row)

        self.notes_saver = Autosaver(
            lambda text: self._save_text("discussion_notes", text), parent=self
        )
        self.proposal_saver = Autosaver(lambda text: self._save_text("proposal", text), parent=self)
        self.review_saver = Autosaver(self._save_review, parent=self)
        for saver in self.savers:
            saver.saved.connect(lambda _v: self.committed.emit())
            saver.failed.connect(self._save_failed)
        self.notes.textChanged.connect(lambda: self._text_changed(self.notes_saver, self.notes))
        self.proposal.textChanged.connect(
            lambda: self._text_changed(self.proposal_saver, self.proposal)
        )
        self.next_review.textChanged.connect(self._review_changed)

    @property
    def savers(self) -> tuple[Autosaver, Autosaver, Autosaver]:
        return (self.notes_saver, self.proposal_saver, self.review_saver)

    def load(self, item: AgendaItem) -> None:
        """Show *item* as just read from the database; anything pending is dropped (flush
        first)."""
        self._loading = True
        try:
            self.item_id = item.id
            self.version = item.version
            self.saved_texts = {
                "discussion_notes": item.discussion_notes,
                "proposal": item.proposal,
            }
            self.saved_review = item.next_review_on
            for saver in self.savers:
                saver.discard()
                saver.paused = False
            self.notes.setPlainText(item.discussion_notes or "")
            self.proposal.setPlainText(item.proposal or "")
            self.next_review.set_value(item.next_review_on)
            self.review_error.clear()
        finally:
            self._loading = False

    def set_editable(self, on: bool) -> None:
        for w in (self.notes, self.proposal):
            w.setReadOnly(not on)
        self.next_review.setReadOnly(not on)

    def is_editable(self) -> bool:
        return not self.notes.isReadOnly()

    def is_dirty(self) -> bool:
        return any(s.dirty for s in self.savers)

    def flush(self) -> bool:
        """Commit what is pending now. False if a save was refused (``refused`` emitted)."""
        ok = True
        for saver in self.savers:
            if saver.dirty and not saver.paused:
                ok = saver.flush() and ok
        return ok

    # --- typing and saving --------------------------------------------------------------------

    def _text_changed(self, saver: Autosaver, editor: QPlainTextEdit) -> None:
        if self._loading or self.item_id is None:
            return
        self.typing.emit()
        saver.changed(editor.toPlainText())

    def _save_text(self, name: str, text: str) -> None:
        item = self.services.agenda.save_text(
            self.item_id, name, text, expected_version=self.version, previous=self.saved_texts[name]
        )
        self.version = item.version
        self.saved_texts[name] = getattr(item, name)

    def _review_changed(self, text: str) -> None:
        if self._loading or self.item_id is None:
            return
        ready, day = typed_date(self.next_review, text)
        if not ready:
            return
        self.review_saver.changed(day)
        self.typing.emit()

    def _save_review(self, day) -> None:
        try:
            item = self.services.agenda.set_next_review(
                self.item_id, day, expected_version=self.version, previous=self.saved_review
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
            for saver in self.savers:
                saver.paused = True
        self.refused.emit(exc.message)


# --- decisions -----------------------------------------------------------------------------------


class DecisionRow(QFrame):
    """Quick entry of one decision: what / owner / due date, each committed as typed. The
    decision is created at the first non-blank character of *what*."""

    typing = Signal()
    committed = Signal()
    refused = Signal()  # a save refused: the message is shown in the row
    removed = Signal()  # deleted (or blank and dropped): the list lets go of the row

    def __init__(self, services: Services, item_id: int, decision: Decision | None = None) -> None:
        super().__init__()
        self.services = services
        self.item_id = item_id
        self.decision_id: int | None = decision.id if decision else None
        self.version: int | None = decision.version if decision else None
        self.saved: dict[str, object] = {
            "description": decision.description if decision else None,
            "owner_id": decision.owner_id if decision else None,
            "due_on": decision.due_on if decision else None,
            "difference_reason": decision.difference_reason if decision else None,
        }
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.what = GrowingTextEdit(decision.description if decision else "", max_lines=6)
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
        self.owner.setMinimumWidth(150)
        self.owner.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.owner.setMinimumContentsLength(12)
        self.due = DateField(decision.due_on if decision else None)
        self.due.setToolTip(self.tr("Échéance (jj/mm/aaaa)"))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(self.tr("Supprimer cette décision"))
        # HAS practice: what is done may differ from the proposal; say how and why.
        reason = (decision.difference_reason or "") if decision else ""
        self.deviation_toggle = QToolButton()
        self.deviation_toggle.setText(self.tr("Écart…"))
        self.deviation_toggle.setCheckable(True)
        self.deviation_toggle.setToolTip(
            self.tr("Ce qui est décidé ou fait diffère de la proposition de la RCP")
        )
        self.deviation = GrowingTextEdit(reason, max_lines=4)
        self.deviation.setPlaceholderText(
            self.tr("Écart à la proposition : en quoi, et pourquoi ?")
        )
        self.deviation.setMaxLength(20_000)
        self.deviation_toggle.setChecked(bool(reason))
        self.deviation.setVisible(bool(reason))
        self.error = error_label()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.what, 1)
        top.addWidget(self.remove_button)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.owner, 1)
        second.addWidget(self.due)
        second.addWidget(self.deviation_toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.deviation)
        layout.addWidget(self.error)
        self.error.hide()

        self.what_saver = Autosaver(self._save_what, parent=self)
        self.due_saver = Autosaver(self._save_due, parent=self)
        self.deviation_saver = Autosaver(self._save_deviation, parent=self)
        for saver in self.savers:
            saver.saved.connect(lambda _v: self.committed.emit())
            saver.failed.connect(self._failed)
        self.deviation.text_changed.connect(self._deviation_changed)
        self.deviation_toggle.toggled.connect(self._deviation_toggled)
        self.what.text_changed.connect(self._what_changed)
        self.owner.currentTextChanged.connect(self._owner_changed)
        self.due.textChanged.connect(self._due_changed)
        self.due.editingFinished.connect(self._due_finished)
        self.remove_button.clicked.connect(self.remove)

    @property
    def savers(self) -> tuple[Autosaver, Autosaver, Autosaver]:
        return (self.what_saver, self.due_saver, self.deviation_saver)

    # --- typing -------------------------------------------------------------------------------

    def _deviation_toggled(self, on: bool) -> None:
        self.deviation.setVisible(on)
        if on:
            self.deviation.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.deviation.text():
            self.deviation.setText("")  # no difference after all: the reason goes too

    def _deviation_changed(self, text: str) -> None:
        if self.decision_id is None and not text.strip():
            return
        self.typing.emit()
        self.deviation_saver.changed(text)

    def _what_changed(self, text: str) -> None:
        if self.decision_id is None and not text.strip():
            return
        self.typing.emit()
        self.what_saver.changed(text)

    def _owner_changed(self, _text: str) -> None:
        value = self.owner.value()
        if value is None and self.owner.currentText().strip():
            return  # a name being typed: wait until it matches an entry
        if value != self.saved["owner_id"] and self.decision_id is not None:
            self._save_field("owner_id", value)

    def _due_changed(self, text: str) -> None:
        ready, day = typed_date(self.due, text)
        if not ready:
            return
        self.due_saver.changed(day)
        self.typing.emit()

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
            if self.deviation.text().strip():
                self._save_deviation(self.deviation.text())
        else:
            self._store("description", text)
        self.hide_error()

    def _save_due(self, value) -> None:
        if self.decision_id is None:
            return  # kept in the field; applied when the decision is created
        self._store("due_on", value)
        self.hide_error()

    def _save_deviation(self, text: str) -> None:
        if self.decision_id is None or self.deviation_saver.paused:
            return  # kept in the field; applied when the decision is created
        decision = self.services.decisions.set_deviation(
            self.decision_id,
            text,
            expected_version=self.version,
            previous=self.saved["difference_reason"],
        )
        self.version = decision.version
        self.saved["difference_reason"] = decision.difference_reason
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
        self.committed.emit()

    def flush(self) -> bool:
        ok = True
        for saver in self.savers:
            ok = saver.flush() and ok
        return ok

    def remove(self) -> None:
        for saver in self.savers:
            saver.discard()
        if self.decision_id is not None:
            try:
                self.services.decisions.delete(self.decision_id, expected_version=self.version)
            except ServiceError as exc:
                self.show_error(exc)
                return
        self.removed.emit()

    # --- messages -----------------------------------------------------------------------------

    def _failed(self, error: ServiceError) -> None:
        if isinstance(error, ConflictError):
            # Changed elsewhere: stop writing this decision from here; the text stays shown.
            for saver in self.savers:
                saver.paused = True
        self.show_error(error)

    def show_error(self, error) -> None:
        text = error.message if isinstance(error, ServiceError) else str(error)
        self.error.setText(text)
        self.error.show()
        self.refused.emit()

    def hide_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def is_blank(self) -> bool:
        return self.decision_id is None and not self.what.text().strip()


class DecisionList(LiveScroll):
    """The current case's decisions, one :class:`DecisionRow` each, in a scroll area; the
    rows' signals are forwarded."""

    typing = Signal()
    committed = Signal()
    refused = Signal()

    def __init__(self, services: Services, *, live: bool = True) -> None:
        super().__init__()
        self.services = services
        self.item_id: int | None = None
        self.rows: list[DecisionRow] = []
        self.box = QVBoxLayout()
        self.box.setSpacing(4)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.box)
        layout.addStretch(1)
        self.set_body(body)

    def load(self, item: AgendaItem) -> None:
        """Show the decisions of *item* (flush the rows first: pending values are dropped)."""
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        self.item_id = item.id
        for decision in item.decisions:
            self._add(DecisionRow(self.services, item.id, decision))

    def _add(self, row: DecisionRow) -> DecisionRow:
        row.typing.connect(self.typing)
        row.committed.connect(self.committed)
        row.refused.connect(self.refused)
        row.removed.connect(lambda: self._removed(row))
        self.rows.append(row)
        self.box.addWidget(row)
        return row

    def new_row(self) -> DecisionRow:
        """A row for a new decision, focused: the blank one if there is one."""
        blank = next((r for r in self.rows if r.is_blank()), None)
        row = blank or self._add(DecisionRow(self.services, self.item_id))
        row.what.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return row

    def _removed(self, row: DecisionRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.committed.emit()

    def flush(self) -> bool:
        ok = True
        for row in self.rows:
            ok = row.flush() and ok
        return ok
