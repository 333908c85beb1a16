"""Import professionals from a file: choose it, restrict it to the territory, analyse (nothing
written), then import in one transaction. Both steps run off the GUI thread with a progress bar
and a cancel button; the report says what was added, updated and left out, and why."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.i18n import translate
from rcp_desktop.services import Services
from rcp_desktop.services.directory_import import (
    FORMAT_LABELS,
    ImportCancelled,
    ImportFormat,
    ImportPlan,
    ImportReport,
    Territory,
)
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.directory.report_dialog import ImportReportDialog
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

PROGRESS_STEPS = 1000
POLL_MS = 100


class _Progress:
    """Written by the worker thread, read by a GUI timer: no queued signal per step (a
    100,000-line file reports hundreds of steps; the bar only needs ten refreshes a second)."""

    def __init__(self) -> None:
        self.value = (0, 1)

    def __call__(self, done: int, total: int) -> None:
        self.value = (done, total)


# Without a territory, adding more than this asks the user to think twice.
LARGE_IMPORT = 2000


class WrappedLabel(QLabel):
    """A word-wrapped label that claims the height its text needs at its current width (a
    dialog's layout otherwise squeezes it to its size hint, and a longer translation overlaps)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def _claim(self) -> None:
        needed = self.heightForWidth(self.width()) if self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(max(needed, 0))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._claim()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self._claim()


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportReport, once committed

    def __init__(self, services: Services, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.busy: str | None = None  # "analyse" / "import" while a task runs
        self._cancel = threading.Event()
        self._progress = _Progress()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._show_progress)
        self._close_when_done = False
        self.setWindowTitle(self.tr("Importer des professionnels"))
        self.setMinimumWidth(720)

        intro = WrappedLabel(
            self.tr(
                "Deux sortes de fichiers : la liste CSV de la CPTS (séparateur «\u00a0;\u00a0» ou «\u00a0,\u00a0», "
                "colonnes nom, prénom, profession, RPPS, ADELI, structure, commune, e-mail, "
                "téléphone, messagerie sécurisée, membre CPTS…) ou l'extraction de l'Annuaire Santé "
                "(fichier «\u00a0|\u00a0», éventuellement zippé). Les professionnels déjà présents (même RPPS "
                "ou ADELI) sont mis à jour sans effacer ce que vous avez saisi ; les autres sont "
                "ajoutés. L'analyse n'enregistre rien."
            )
        )
        intro.setWordWrap(True)

        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Chemin du fichier (.csv, .txt ou .zip)"))
        self.browse = QPushButton(self.tr("Choisir…"))
        self.browse.clicked.connect(self.choose_file)
        self.path_error = error_label()
        self.path_error.hide()
        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        file_box = QWidget()
        box = QVBoxLayout(file_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(file_row)
        box.addWidget(self.path_error)

        self.format = QComboBox()
        for fmt in ImportFormat:
            self.format.addItem(translate(FORMAT_LABELS[fmt]), fmt.value)

        default = services.directory_import.default_territory()
        self.restrict = QCheckBox(self.tr("Ne garder que le territoire de la CPTS :"))
        self.restrict.setChecked(not default.is_empty)
        self.territory = QLineEdit(default.text)
        self.territory.setPlaceholderText(self.tr("Morangis, Athis-Mons, 91200, 91…"))
        territory_hint = WrappedLabel(
            self.tr(
                "Communes, codes postaux ou départements séparés par des virgules. Par défaut, les "
                "communes déjà présentes dans l'annuaire. Une extraction nationale compte surtout des "
                "professionnels hors du territoire : ils sont laissés de côté et comptés dans le rapport."
            )
        )
        territory_hint.setWordWrap(True)
        territory_hint.setObjectName("hint")
        territory_box = QWidget()
        tb = QVBoxLayout(territory_box)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.setSpacing(2)
        tb.addWidget(self.restrict)
        tb.addWidget(self.territory)
        tb.addWidget(territory_hint)

        # A grid rather than a form layout: its label column keeps its width whatever the
        # wrapped hint beside it needs.
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        for row, (text, field) in enumerate(
            (
                (self.tr("Fichier :"), file_box),
                (self.tr("Format :"), self.format),
                (self.tr("Territoire :"), territory_box),
            )
        ):
            label = QLabel(text)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            form.addWidget(label, row, 0)
            form.addWidget(field, row, 1)

        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status = WrappedLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.warning = WrappedLabel()
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #9c4a00;")
        self.warning.hide()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.analyse_button = QPushButton(self.tr("Analyser"))
        self.analyse_button.setDefault(True)
        self.analyse_button.clicked.connect(self.analyse)
        self.details_button = QPushButton(self.tr("Voir le détail…"))
        self.details_button.clicked.connect(self.show_preview)
        self.details_button.setEnabled(False)
        self.import_button = QPushButton(self.tr("Importer"))
        self.import_button.clicked.connect(self.start_import)
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Fermer"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.analyse_button)
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.warning)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.path.textChanged.connect(self._inputs_changed)
        self.path.textChanged.connect(self._suggest_scope)
        self.format.currentIndexChanged.connect(self._inputs_changed)
        self.format.currentIndexChanged.connect(self._suggest_scope)
        self.restrict.toggled.connect(self._inputs_changed)
        self.restrict.toggled.connect(self.territory.setEnabled)
        self.territory.textChanged.connect(self._inputs_changed)
        self.territory.setEnabled(self.restrict.isChecked())

    # --- inputs -------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _selected = QFileDialog.getOpenFileName(
            self,
            self.tr("Fichier à importer"),
            self.path.text(),
            self.tr("Listes et extractions (*.csv *.txt *.zip);;Tous les fichiers (*)"),
        )
        if path:
            self.path.setText(path)

    def set_file(self, path: str | Path) -> None:
        self.path.setText(str(path))

    def chosen_format(self) -> ImportFormat:
        return ImportFormat(self.format.currentData())

    def chosen_territory(self) -> Territory:
        return Territory.parse(self.territory.text()) if self.restrict.isChecked() else Territory()

    def _suggest_scope(self, *_args) -> None:
        """A national extraction is restricted to the territory by default; the CPTS's own list
        is not (its members may practise just outside). The user may change either."""
        if self.busy:
            return
        fmt = self.chosen_format()
        if fmt is ImportFormat.AUTO:
            path = Path(self.path.text().strip())
            if not self.path.text().strip() or not path.is_file():
                return
            fmt = self.services.directory_import.detect_file_format(path)
        if fmt is not None:
            self.restrict.setChecked(
                fmt is ImportFormat.ANNUAIRE and bool(self.territory.text().strip())
            )

    def _inputs_changed(self, *_args) -> None:
        if self.busy:
            return
        self.path_error.hide()
        if self.plan is not None:
            self.plan = None
            self.status.setText(self.tr("Paramètres modifiés : relancez l'analyse."))
            self.warning.hide()
        self.import_button.setEnabled(False)
        self.details_button.setEnabled(False)

    def _set_busy(self, what: str | None) -> None:
        self.busy = what
        for widget in (
            self.path,
            self.browse,
            self.format,
            self.restrict,
            self.territory,
            self.analyse_button,
            self.details_button,
            self.import_button,
        ):
            widget.setEnabled(what is None)
        if what is None:
            self.territory.setEnabled(self.restrict.isChecked())
            self.details_button.setEnabled(self.plan is not None)
            self.import_button.setEnabled(self.plan is not None)
        self.progress.setVisible(what is not None)
        self.cancel_button.setVisible(what is not None)
        if what is None:
            self._poll.stop()
        else:
            self._progress.value = (0, 1)
            self._poll.start()
        self.cancel_button.setEnabled(True)
        self.close_button.setText(
            self.tr("Fermer") if what is None else self.tr("Annuler et fermer")
        )

    def _show_progress(self) -> None:
        done, total = self._progress.value
        self.progress.setValue(int(PROGRESS_STEPS * min(done, total) / max(total, 1)))

    # --- analysis -----------------------------------------------------------------------------

    def analyse(self) -> None:
        if self.busy:
            return
        text = self.path.text().strip()
        if not text:
            self._file_error(self.tr("Choisissez le fichier à importer."))
            return
        path, fmt, territory = Path(text), self.chosen_format(), self.chosen_territory()
        self.plan = None
        self.warning.hide()
        self._cancel.clear()
        self._set_busy("analyse")
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Lecture du fichier… %p %"))
        self.status.setText(self.tr("Analyse en cours : rien n'est encore enregistré."))
        service, progress, cancel = self.services.directory_import, self._progress, self._cancel
        self.tasks.run(
            lambda: service.analyse(path, fmt, territory, progress=progress, cancel=cancel.is_set),
            self._analysed,
            self._failed,
        )

    def _analysed(self, plan: ImportPlan) -> None:
        self.plan = plan
        self._set_busy(None)
        preview = plan.preview
        self.status.setText(preview.summary())
        if preview.added + preview.updated == 0:
            self.warning.setText(self.tr("Rien à importer depuis ce fichier avec ces paramètres."))
            self.warning.show()
            self.import_button.setEnabled(False)
        elif plan.territory.is_empty and preview.added > LARGE_IMPORT:
            self.warning.setText(
                self.tr(
                    "Attention : {n} professionnels seraient ajoutés. Pour une extraction nationale, "
                    "cochez «\u00a0Ne garder que le territoire\u00a0» et relancez l'analyse."
                ).format(n=preview.added)
            )
            self.warning.show()
        if self._close_when_done:
            self._finish_close()

    # --- import -------------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.busy or self.plan is None:
            return
        plan = self.plan
        self._cancel.clear()
        self._set_busy("import")
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Enregistrement… %p %"))
        self.status.setText(
            self.tr(
                "Import en cours, en une seule transaction : en cas d'annulation ou d'erreur, "
                "l'annuaire reste tel qu'il était."
            )
        )
        service, progress, cancel = self.services.directory_import, self._progress, self._cancel
        self.tasks.run(
            lambda: service.apply(plan, progress=progress, cancel=cancel.is_set),
            self._imported,
            self._failed,
        )

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.plan = None
        self._set_busy(None)
        self.status.setText(report.summary())
        self.warning.hide()
        self.imported.emit(report)
        if self._close_when_done:
            self._finish_close()
            return
        self._show_report(report)

    def show_preview(self) -> None:
        if self.plan is not None:
            self._show_report(self.plan.preview)

    def _show_report(self, report: ImportReport) -> None:
        dialog = ImportReportDialog(report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "report_dialog", None))
        self.report_dialog = dialog
        dialog.open()

    # --- failures, cancel, close --------------------------------------------------------------

    def _file_error(self, message: str) -> None:
        self.path_error.setText(message)
        self.path_error.show()
        self.path.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(None)
        self.progress.hide()
        if isinstance(exc, ImportCancelled):
            self.status.setText(exc.message)
        elif isinstance(exc, ServiceError):
            self.status.setText(self.tr("Rien n'a été enregistré."))
            self._file_error(exc.message)
        elif isinstance(exc, OSError):
            self.status.setText(self.tr("Rien n'a été enregistré."))
            self._file_error(
                self.tr("Le fichier ne peut pas être lu : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
        else:
            log.error("directory import failed: %s", type(exc).__name__)
            self.status.setText(
                self.tr(
                    "Erreur inattendue ({kind}) : l'import est annulé, l'annuaire n'a pas été "
                    "modifié. Détails dans le journal."
                ).format(kind=type(exc).__name__)
            )
        if self._close_when_done:
            self._finish_close()

    def cancel(self) -> None:
        if self.busy:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Annulation…"))

    def reject(self) -> None:
        if self.busy:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def _finish_close(self) -> None:
        self._close_when_done = False
        super().reject()
