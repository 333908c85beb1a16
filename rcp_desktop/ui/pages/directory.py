"""Annuaire: the directory of professionals — list and filter, create and edit (double-click),
deactivate / reactivate, import from the CPTS's CSV or the Annuaire Santé extraction."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from rcp_desktop.models import Professional
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.directory.import_dialog import ImportDialog
from rcp_desktop.ui.directory.professional_dialog import ProfessionalDialog, confirm_deactivation
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable
from rcp_desktop.ui.widgets.record_model import Column

INACTIVE_COLOR = QColor("#77767b")
MAX_COLUMN_WIDTH = 240
DETAIL_COLUMN = 3
MAX_ROWS = 5000  # a whole national extraction imported: the list stays quick, the filter finds  # long labels are cut (full text in the tooltip or the record)


class DirectoryPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Annuaire")
        self.dialog = None  # the dialog opened last (kept alive while open)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filtrer : nom, commune, structure, RPPS, ADELI…"))
        self.filter.setClearButtonEnabled(True)
        self.active_only = QCheckBox(self.tr("Actifs seulement"))
        self.active_only.setChecked(True)
        self.count = QLabel()
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.active_only.toggled.connect(lambda _on: self.refresh())

        self.new_button = QPushButton(self.tr("Nouveau professionnel…"))
        self.new_button.setToolTip(self.tr("Ajouter un professionnel à l'annuaire (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("Modifier…"))
        self.toggle_button = QPushButton(self.tr("Désactiver"))
        self.import_button = QPushButton(self.tr("Importer…"))
        self.import_button.setToolTip(
            self.tr("Importer la liste CSV de la CPTS ou l'extraction de l'Annuaire Santé")
        )
        self.new_button.clicked.connect(self.new_professional)
        self.edit_button.clicked.connect(self.edit_professional)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.import_button.clicked.connect(self.import_file)
        new_action = QAction(self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_action.triggered.connect(self.new_professional)
        self.addAction(new_action)

        self.table = RecordTable(
            [
                Column(self.tr("Nom"), lambda p: p.last_name),
                Column(self.tr("Prénom"), lambda p: p.first_name),
                Column(
                    self.tr("Profession"),
                    lambda p: p.profession,
                    tooltip=lambda p: p.profession_detail or None,
                ),
                Column(
                    self.tr("Spécialité / précision"),
                    lambda p: p.profession_detail,
                    tooltip=lambda p: p.profession_detail or None,
                ),
                Column(self.tr("Commune"), lambda p: p.commune),
                Column(
                    self.tr("Structure"),
                    lambda p: p.structure,
                    tooltip=lambda p: p.structure or None,
                ),
                Column(self.tr("Téléphone"), lambda p: p.phone),
                Column(self.tr("RPPS / ADELI"), lambda p: p.rpps or p.adeli),
                Column(self.tr("Membre CPTS"), lambda p: p.cpts_member, optional=True),
                Column(self.tr("Actif"), lambda p: p.active),
                Column(self.tr("E-mail"), lambda p: p.email, optional=True),
                Column(self.tr("Messagerie sécurisée"), lambda p: p.secure_email, optional=True),
            ]
        )
        self.table.source.highlight = lambda p: None if p.active else INACTIVE_COLOR
        self.table.doubleClicked.connect(lambda _index: self.edit_professional())
        self.table.current_record_changed.connect(lambda _p: self._update_buttons())
        self.empty = QLabel(
            self.tr(
                "L'annuaire est vide : ajoutez un professionnel, ou importez la liste de la CPTS "
                "(CSV) ou l'extraction de l'Annuaire Santé."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.message = error_label()

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.active_only)
        top.addWidget(self.count)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.toggle_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self._update_buttons()

    # --- list ---------------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        keep = self.table.current_record()
        pros = self.services.directory.list(
            self.filter.text(), active_only=self.active_only.isChecked(), limit=MAX_ROWS + 1
        )
        truncated = len(pros) > MAX_ROWS
        pros = pros[:MAX_ROWS]
        self.table.set_records(pros, keep=keep)
        # The detail column only when some professional has one (it stays empty otherwise).
        self.table.setColumnHidden(DETAIL_COLUMN, not any(p.profession_detail for p in pros))
        for column in range(self.table.source.columnCount()):
            if self.table.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.table.setColumnWidth(column, MAX_COLUMN_WIDTH)
        if (
            select_id is not None
            and not self.table.select_id(select_id)
            and self.active_only.isChecked()
        ):
            self.active_only.setChecked(False)  # refreshes again
            self.table.select_id(select_id)
        if truncated:
            self.count.setText(
                self.tr("{n} premiers affichés : affinez le filtre").format(n=MAX_ROWS)
            )
        else:
            self.count.setText(self.tr("{n} professionnel(s)").format(n=len(pros)))
        self.empty.setVisible(
            not pros and not self.filter.text() and self.services.directory.count() == 0
        )
        self._update_buttons()

    def current(self) -> Professional | None:
        return self.table.current_record()

    def select_professional(self, pro_id: int) -> bool:
        return self.table.select_id(pro_id)

    def _update_buttons(self) -> None:
        pro = self.current()
        self.edit_button.setEnabled(pro is not None)
        self.toggle_button.setEnabled(pro is not None)
        self.toggle_button.setText(
            self.tr("Réactiver") if pro is not None and not pro.active else self.tr("Désactiver")
        )

    # --- actions ------------------------------------------------------------------------------

    def _open(self, dialog, on_accept) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accept)
        self.dialog = dialog
        dialog.open()

    def _saved(self, dialog: ProfessionalDialog) -> None:
        self.message.clear()
        if dialog.result_professional is not None:
            self.refresh(dialog.result_professional.id)

    def new_professional(self) -> None:
        dialog = ProfessionalDialog(self.services, parent=self)
        self._open(dialog, lambda: self._saved(dialog))

    def edit_professional(self) -> None:
        pro = self.current()
        if pro is None:
            return
        dialog = ProfessionalDialog(self.services, pro, parent=self)
        self._open(dialog, lambda: self._saved(dialog))

    def toggle_active(self) -> None:
        pro = self.current()
        if pro is None:
            return
        self.message.clear()
        if pro.active and not confirm_deactivation(self, self.services, pro):
            return
        try:
            self.services.directory.set_active(
                pro.id, not pro.active, expected_updated_at=pro.updated_at
            )
        except ServiceError as exc:
            self.message.setText(exc.message)
        self.refresh(pro.id)

    def import_file(self) -> None:
        dialog = ImportDialog(self.services, self.tasks, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self.refresh())
        self.dialog = dialog
        dialog.open()
