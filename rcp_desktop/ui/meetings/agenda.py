"""The agenda: an item model reordered by drag and drop, the item dialog (add a case, triage,
presenter, duration, question, next review) and the proposals dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import AgendaItem, CaseStatus, ItemKind, Meeting, Triage, label
from rcp_desktop.services import Services
from rcp_desktop.services.agenda import DEFAULT_MINUTES, ItemDraft, Proposal, timing_of
from rcp_desktop.services.errors import FieldError, ValidationError
from rcp_desktop.services.pseudonyms import case_pseudonym
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.common import fit_columns
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker
from rcp_desktop.ui.widgets.record_model import RECORD_ROLE, display

MIME_TYPE = "application/x-rcp-desktop-agenda-rows"
FLAG_COLOR = QColor("#c01c28")
LISTED_COLOR = QColor("#77767b")


class AgendaModel(QAbstractTableModel):
    """The items of one session in agenda order. Rows are moved by drag and drop (or
    :meth:`move_row`); the new order goes through *reorder* (the service) before it shows:
    if the service refuses, nothing moves."""

    order_changed = Signal()

    def __init__(self, reorder: Callable[[list[int]], bool], parent=None) -> None:
        super().__init__(parent)
        self._items: list[AgendaItem] = []
        self._reorder = reorder
        self.pseudonymise = False
        self.editable = True
        self.headers = [
            self.tr("#"),
            self.tr("Dossier"),
            self.tr("Patient"),
            self.tr("Type"),
            self.tr("Triage"),
            self.tr("Durée (min)"),
            self.tr("Présentateur"),
            self.tr("Décisions"),
            self.tr("Quorum"),
        ]

    # --- data ---------------------------------------------------------------------------------

    def set_items(self, items: Sequence[AgendaItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[AgendaItem]:
        return list(self._items)

    def replace_item(self, fresh: AgendaItem) -> None:
        """Show *fresh* (the same item, just re-read) in place of the one held."""
        for row, item in enumerate(self._items):
            if item.id == fresh.id:
                self._items[row] = fresh
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
                return

    def item(self, row: int) -> AgendaItem:
        return self._items[row]

    def total(self) -> int:
        return len(self._items)

    def ids(self) -> list[int]:
        return [i.id for i in self._items]

    def _value(self, item: AgendaItem, column: int) -> object:
        if column == 0:
            return item.position
        if column == 1:
            return item.case.number
        if column == 2:
            return (
                case_pseudonym(item.case.number)
                if self.pseudonymise
                else item.case.patient.display_name
            )
        if column == 3:
            return item.kind
        if column == 4:
            return item.triage
        if column == 5:
            return item.planned_minutes
        if column == 6:
            return item.presenter.display_name if item.presenter else ""
        if column == 7:
            return len(item.decisions)
        if column == 8:
            if item.quorum_met is False:
                return self.tr("⚠ discuté sans quorum")
            return self.tr("atteint") if item.quorum_met else ""
        return None

    # --- Qt API -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(self._value(item, index.column()))
        if role == RECORD_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 5, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.quorum_met is False:
                return QBrush(FLAG_COLOR)
            if item.triage is Triage.LISTED:
                return QBrush(LISTED_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.quorum_met is False:
                return self.tr("Ce dossier a été discuté alors que le quorum n'était pas atteint.")
            if item.triage is Triage.LISTED:
                return self.tr("Listé, non discuté : {answer}").format(
                    answer=item.standard_answer or ""
                )
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if not self.editable:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(",".join(str(self._items[r].id) for r in rows).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return self.editable and data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """Move the dragged items before *row* (or before the row dropped on). Returns False
        on purpose: the move is done here, the view must not remove the source rows."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        raw = bytes(data.data(MIME_TYPE)).decode()
        moved = [int(x) for x in raw.split(",") if x]
        if not moved or not set(moved) <= set(self.ids()):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._items)
        target = self._items[row].id if row < len(self._items) else None
        if target in moved:
            return False  # dropped onto the dragged block itself: nothing moves
        rest = [i for i in self._items if i.id not in moved]
        insert_at = len(rest)
        if target is not None:
            insert_at = next(k for k, i in enumerate(rest) if i.id == target)
        block = [i for i in self._items if i.id in moved]
        self._apply(rest[:insert_at] + block + rest[insert_at:])
        return False

    def move_row(self, row: int, delta: int) -> bool:
        """Move one row up (-1) or down (+1), as with the keyboard."""
        target = row + delta
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)):
            return False
        order = list(self._items)
        order.insert(target, order.pop(row))
        return self._apply(order)

    def _apply(self, order: list[AgendaItem]) -> bool:
        if [i.id for i in order] == self.ids():
            return False
        if not self._reorder([i.id for i in order]):
            return False
        self.beginResetModel()
        self._items = order
        for position, item in enumerate(order, 1):
            item.position = position
        self.endResetModel()
        self.order_changed.emit()
        return True


class AgendaView(QTableView):
    """The agenda table: rows dragged to reorder (internal move)."""

    current_item_changed = Signal(object)

    def __init__(self, model: AgendaModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.current_item_changed.emit(
                model.item(current.row()) if current.isValid() else None
            )
        )

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self.fit_columns)  # once the header follows the viewport
        return super().viewportEvent(event)

    def fit_columns(self) -> None:
        fit_columns(self)

    def current_item(self) -> AgendaItem | None:
        index = self.currentIndex()
        return self.source.item(index.row()) if index.isValid() else None

    def select_item(self, item_id: int | None) -> bool:
        for row, item in enumerate(self.source.items()):
            if item.id == item_id:
                self.selectRow(row)
                return True
        return False


class AgendaItemDialog(FormDialog):
    """Add a case to the agenda, or edit an item: kind, presenter, duration, question,
    triage (full discussion / listed with its standard answer), next review date."""

    def __init__(
        self, services: Services, meeting: Meeting, item: AgendaItem | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting = meeting
        self.item = item
        self.result_item: AgendaItem | None = None
        self.setWindowTitle(
            self.tr("Modifier le passage du dossier") if item else self.tr("Ajouter un dossier")
        )
        self.setMinimumWidth(600)
        form = QFormLayout()
        self.case = QComboBox()
        if item is None:
            self.case.setEditable(True)
            self.case.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.case.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            self.case.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.case.addItem("", None)
            self.case.lineEdit().setPlaceholderText(self.tr("Tapez un n° de dossier ou un nom…"))
            on_agenda = {i.case_id for i in meeting.items}
            cases = services.cases.list(
                statuses=(CaseStatus.OPEN, CaseStatus.FOLLOW_UP), pathway=meeting.pathway
            )
            for case in sorted(cases, key=lambda c: c.number):
                if case.id not in on_agenda:
                    self.case.addItem(
                        f"{case.number} — {case.patient.display_name} ({label(case.pathway)})",
                        case.id,
                    )
            form.addRow(self.tr("Dossier :"), self.field("case", self.case))
        else:
            title = QLabel(f"{item.case.number} — {item.case.patient.display_name}")
            title.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(self.tr("Dossier :"), title)
        self.kind = EnumCombo(
            ItemKind, empty=self.tr("— selon l'historique —") if item is None else None
        )
        self.presenter = ProfessionalPicker(
            lambda: services.directory.list(active_only=True), empty=self.tr("— à désigner —")
        )
        self.minutes = QSpinBox(minimum=1, maximum=240, value=15)
        self.minutes.setSuffix(self.tr(" min"))
        self.question = QPlainTextEdit()
        self.question.setPlaceholderText(self.tr("Vide : la question du dossier."))
        self.question.setFixedHeight(80)
        self.triage = EnumCombo(Triage)
        self.standard_answer = QPlainTextEdit()
        self.standard_answer.setFixedHeight(60)
        self.standard_answer.setPlaceholderText(
            self.tr("Pour un dossier listé, non discuté : la réponse standard retenue.")
        )
        self.next_review = DateField()
        form.addRow(self.tr("Type :"), self.field("kind", self.kind))
        form.addRow(self.tr("Présentateur :"), self.field("presenter_id", self.presenter))
        form.addRow(self.tr("Durée prévue :"), self.field("planned_minutes", self.minutes))
        form.addRow(self.tr("Question posée :"), self.field("question", self.question))
        form.addRow(self.tr("Triage :"), self.field("triage", self.triage))
        form.addRow(
            self.tr("Réponse standard :"), self.field("standard_answer", self.standard_answer)
        )
        if item is not None:
            form.addRow(
                self.tr("Prochaine révision :"), self.field("next_review_on", self.next_review)
            )
        self.triage.currentIndexChanged.connect(self._triage_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if item is not None:
            self._load(item)
        self._triage_changed()
        self.finish_layout(layout)

    def _load(self, item: AgendaItem) -> None:
        self.kind.set_value(item.kind)
        self.presenter.set_value(item.presenter_id)
        self.minutes.setValue(item.planned_minutes)
        self.question.setPlainText(item.question or "")
        self.triage.set_value(item.triage)
        self.standard_answer.setPlainText(item.standard_answer or "")
        self.next_review.set_value(item.next_review_on)

    def _triage_changed(self, *_args) -> None:
        self.standard_answer.setEnabled(self.triage.value() is Triage.LISTED)

    def select_case(self, case_id: int) -> bool:
        index = self.case.findData(case_id)
        if index >= 0:
            self.case.setCurrentIndex(index)
        return index >= 0

    def draft(self) -> ItemDraft:
        return ItemDraft(
            kind=self.kind.value(),
            presenter_id=self.presenter.value(),
            planned_minutes=self.minutes.value(),
            question=self.question.toPlainText() or None,
            triage=self.triage.value(),
            standard_answer=self.standard_answer.toPlainText()
            if self.triage.value() is Triage.LISTED
            else None,
        )

    def save(self) -> None:
        draft = self.draft()
        if self.item is None:
            index = self.case.findText(self.case.currentText())
            case_id = self.case.itemData(index) if index >= 0 else None
            if case_id is None:
                self.errors.show(
                    ValidationError([FieldError("case", self.tr("Choisissez un dossier."))])
                )
                return
            result = self.attempt(
                lambda: self.services.agenda.add_case(self.meeting.id, case_id, draft)
            )
        else:
            if self.bad_dates({"next_review_on": self.next_review}):
                return

            def apply():
                item = self.services.agenda.update_item(
                    self.item.id, draft, expected_version=self.item.version
                )
                if self.next_review.value() != self.item.next_review_on:
                    item = self.services.agenda.set_next_review(
                        self.item.id, self.next_review.value(), expected_version=item.version
                    )
                return item

            result = self.attempt(apply)
        if result is not None:
            self.result_item = result
            self.accept()


class ProposalsDialog(FormDialog):
    """The cases the agenda proposes, with why; tick and add them in one go."""

    def __init__(self, services: Services, meeting: Meeting, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting = meeting
        self.added: list[AgendaItem] = []
        self.setWindowTitle(self.tr("Dossiers proposés pour la séance"))
        self.resize(1000, 600)
        self.proposals: list[Proposal] = services.agenda.propose(meeting.id)
        intro = QLabel(
            self.tr(
                "Dossiers dont la révision tombe avant la séance, ou dont des actions seront en "
                "retard à la date de la séance, les plus urgents d'abord. Ceux qui tiennent dans "
                "la durée de la séance sont cochés ; cochez ceux à inscrire."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.proposals), 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Dossier"),
                self.tr("Patient"),
                self.tr("Parcours"),
                self.tr("Type"),
                self.tr("Pourquoi"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        # Ticked by default, most urgent first, as long as they fit in the session's time.
        room = max(0, meeting.duration_minutes - timing_of(meeting).planned_minutes)
        for row, proposal in enumerate(self.proposals):
            first = QTableWidgetItem(proposal.number)
            if proposal.has_consent:
                first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                fits = room >= DEFAULT_MINUTES
                room -= DEFAULT_MINUTES if fits else 0
                first.setCheckState(Qt.CheckState.Checked if fits else Qt.CheckState.Unchecked)
            else:
                first.setFlags(first.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            cells = [
                first,
                QTableWidgetItem(proposal.patient_name),
                QTableWidgetItem(label(proposal.pathway)),
                QTableWidgetItem(label(proposal.kind)),
                QTableWidgetItem(proposal.why),
            ]
            for column, cell in enumerate(cells):
                cell.setToolTip(proposal.why)
                if not proposal.has_consent:
                    cell.setForeground(QBrush(FLAG_COLOR))
                self.table.setItem(row, column, cell)
        fit_columns(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(self.tr("Aucun dossier à proposer pour cette séance."))
        self.empty.setVisible(not self.proposals)
        self.total = QLabel()
        self.total.setTextFormat(Qt.TextFormat.PlainText)
        self.table.itemChanged.connect(lambda _i: self._update_total())
        self._update_total()
        self.buttons.button(self.buttons.StandardButton.Save).setText(
            self.tr("Inscrire les dossiers cochés")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.total)
        self.finish_layout(layout)

    def _update_total(self) -> None:
        """What the ticked cases would do to the agenda's length."""
        n = len(self.checked_case_ids())
        timing = timing_of(self.meeting)
        planned = timing.planned_minutes + n * DEFAULT_MINUTES
        text = self.tr(
            "{n} dossier(s) coché(s), {each} min chacun : {planned} min prévues pour {session} min de séance."
        ).format(n=n, each=DEFAULT_MINUTES, planned=planned, session=timing.session_minutes)
        over = planned > timing.session_minutes
        if over:
            text += " " + self.tr(
                "Dépassement de {n} min : décochez ou triez (listé, non discuté)."
            ).format(n=planned - timing.session_minutes)
        self.total.setText(text)
        self.total.setStyleSheet("QLabel { color: #c64600; font-weight: bold; }" if over else "")

    def checked_case_ids(self) -> list[int]:
        return [
            p.case_id
            for row, p in enumerate(self.proposals)
            if self.table.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, case_id: int, on: bool) -> None:
        for row, p in enumerate(self.proposals):
            if p.case_id == case_id:
                self.table.item(row, 0).setCheckState(
                    Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
                )

    def save(self) -> None:
        ids = self.checked_case_ids()
        if not ids:
            self.summary.setText(self.tr("Aucun dossier coché."))
            return
        result = self.attempt(lambda: self.services.agenda.add_cases(self.meeting.id, ids))
        if result is not None:
            self.added = result
            self.accept()
