"""The "Indemnisation" tab of the Année page: each professional's time at the sessions of the
year, the amount at the CPTS's rate and the annual cap (highlighted when reached), the sessions
of the one selected, a correction of their time (with a reason, audited), the statements (PDF)
and the accountant's file (CSV)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import short_time
from rcp_desktop.domain.money import euros, hours
from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.reports.indemnities import build_statement, indemnities_csv, statement_file_name
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.indemnities import (
    MAX_MINUTES,
    IndemnityYear,
    ProfessionalYear,
    SessionTime,
    TimeCorrectionDraft,
)
from rcp_desktop.ui.meetings.common import FormDialog, error_label
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.record_model import Column

CAP_COLOR = QColor("#c01c28")


def _qtime(value) -> QTime:  # type: ignore[no-untyped-def]
    return QTime(value.hour, value.minute)


class TimeCorrectionDialog(FormDialog):
    """Correct the time counted for one participant at one session: arrival, departure, or the
    minutes outright — with a reason."""

    def __init__(self, services, professional: str, session: SessionTime, parent=None):
        super().__init__(parent)
        self.services = services
        self.session_time = session
        self.setWindowTitle(self.tr("Corriger le temps compté"))
        current = services.indemnities.correction(session.attendance_id)
        self.fix_arrival = QCheckBox(self.tr("Corriger l'arrivée"))
        self.arrival = QTimeEdit(_qtime(session.arrived_at))
        self.arrival.setDisplayFormat("HH:mm")
        self.fix_departure = QCheckBox(self.tr("Corriger le départ"))
        self.departure = QTimeEdit(_qtime(session.left_at))
        self.departure.setDisplayFormat("HH:mm")
        self.fix_minutes = QCheckBox(self.tr("Compter une durée fixe"))
        self.minutes = QSpinBox(minimum=0, maximum=MAX_MINUTES, value=session.minutes)
        self.minutes.setSuffix(self.tr(" min"))
        self.reason = QLineEdit(current.reason if current else "")
        self.reason.setPlaceholderText(self.tr("Départ anticipé, connexion perdue…"))
        if current is not None:
            self.fix_arrival.setChecked(current.arrived_at is not None)
            self.fix_departure.setChecked(current.left_at is not None)
            self.fix_minutes.setChecked(current.minutes is not None)
        for box, widget in (
            (self.fix_arrival, self.arrival),
            (self.fix_departure, self.departure),
            (self.fix_minutes, self.minutes),
        ):
            widget.setEnabled(box.isChecked())
            box.toggled.connect(widget.setEnabled)
        intro = QLabel(
            self.tr("{who}, séance du {date} : {minutes} comptées.").format(
                who=professional,
                date=session.held_on.strftime("%d/%m/%Y"),
                minutes=hours(session.minutes),
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.fix_arrival, self.field("arrived_at", self.arrival))
        form.addRow(self.fix_departure, self.field("left_at", self.departure))
        form.addRow(self.fix_minutes, self.field("minutes", self.minutes))
        form.addRow(self.tr("Motif :"), self.field("reason", self.reason))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.finish_layout(layout)

    def draft(self) -> TimeCorrectionDraft:
        def time_of(box: QCheckBox, edit: QTimeEdit):  # type: ignore[no-untyped-def]
            return edit.time().toPython() if box.isChecked() else None

        return TimeCorrectionDraft(
            arrived_at=time_of(self.fix_arrival, self.arrival),
            left_at=time_of(self.fix_departure, self.departure),
            minutes=self.minutes.value() if self.fix_minutes.isChecked() else None,
            reason=self.reason.text(),
        )

    def save(self) -> None:
        draft = self.draft()
        attendance_id = self.session_time.attendance_id
        if self.attempt(lambda: self.services.indemnities.correct(attendance_id, draft)):
            self.accept()


class IndemnitiesTab(QWidget):
    """``changed`` after a correction."""

    changed = Signal()

    def __init__(self, services, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.data: IndemnityYear | None = None
        self.dialog: TimeCorrectionDialog | None = None
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        self.summary.setWordWrap(True)
        self.warning = error_label()
        self.professionals = RecordTable(
            [
                Column(self.tr("Professionnel"), lambda r: r.name, sort_key=self._name_key),
                Column(self.tr("Profession"), lambda r: r.profession),
                Column(self.tr("Séances"), lambda r: len(r.sessions), align_right=True),
                Column(
                    self.tr("Temps"),
                    lambda r: hours(r.minutes),
                    sort_key=lambda r: r.minutes,
                    align_right=True,
                ),
                Column(
                    self.tr("Montant calculé"),
                    lambda r: euros(r.computed_cents),
                    sort_key=lambda r: r.computed_cents,
                    align_right=True,
                ),
                Column(
                    self.tr("Montant dû"),
                    lambda r: euros(r.due_cents),
                    sort_key=lambda r: r.due_cents,
                    align_right=True,
                ),
                Column(
                    self.tr("Plafond"),
                    lambda r: self.tr("atteint") if r.cap_reached else "",
                    sort_key=lambda r: r.cap_reached,
                ),
            ]
        )
        self.professionals.source.highlight = lambda r: CAP_COLOR if r.cap_reached else None
        self.professionals.current_record_changed.connect(lambda _r: self._show_sessions())
        self.sessions = RecordTable(
            [
                Column(self.tr("Date"), lambda t: t.held_on),
                Column(self.tr("Séance"), lambda t: t.session),
                Column(self.tr("Arrivée"), lambda t: short_time(t.arrived_at)),
                Column(self.tr("Départ"), lambda t: short_time(t.left_at)),
                Column(
                    self.tr("Temps"),
                    lambda t: hours(t.minutes),
                    sort_key=lambda t: t.minutes,
                    align_right=True,
                ),
                Column(
                    self.tr("Montant"),
                    lambda t: euros(t.amount_cents),
                    sort_key=lambda t: t.amount_cents,
                    align_right=True,
                ),
                Column(self.tr("Correction"), lambda t: t.correction or ""),
            ]
        )
        self.sessions.current_record_changed.connect(lambda _r: self._update_actions())
        self.sessions.doubleClicked.connect(lambda _i: self.correct())
        self.correct_button = QPushButton(self.tr("Corriger le temps…"))
        self.correct_button.clicked.connect(self.correct)
        self.undo_button = QPushButton(self.tr("Annuler la correction"))
        self.undo_button.clicked.connect(self.undo_correction)
        self.statement_button = QPushButton(self.tr("Relevé PDF…"))
        self.statement_button.clicked.connect(self.save_statement)
        self.all_button = QPushButton(self.tr("Tous les relevés…"))
        self.all_button.clicked.connect(self.save_all_statements)
        self.csv_button = QPushButton(self.tr("Fichier du comptable (CSV)…"))
        self.csv_button.clicked.connect(self.save_csv)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)

        top_buttons = QHBoxLayout()
        top_buttons.addWidget(self.statement_button)
        top_buttons.addWidget(self.all_button)
        top_buttons.addWidget(self.csv_button)
        top_buttons.addStretch(1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.professionals)
        upper_layout.addLayout(top_buttons)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(section_title(self.tr("Séances du professionnel")))
        lower_layout.addWidget(self.sessions)
        row = QHBoxLayout()
        row.addWidget(self.correct_button)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        lower_layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addWidget(split, 1)
        layout.addWidget(self.info)
        self._update_actions()

    @staticmethod
    def _name_key(r: ProfessionalYear) -> tuple[str, str]:
        return (r.last_name.casefold(), r.first_name.casefold())

    # --- showing -------------------------------------------------------------------------------

    def load(self, year: int) -> None:
        keep = self.professionals.current_record()
        self.data = self.services.indemnities.year(year)
        data = self.data
        rate = euros(data.rate_cents) if data.rate_cents else self.tr("non fixé")
        cap = euros(data.cap_cents) if data.cap_cents else self.tr("aucun")
        self.summary.setText(
            self.tr(
                "{year} : {n} professionnel(s), {time} de RCP, {due} dus — taux horaire {rate}, "
                "plafond annuel {cap} (Fichier → Paramètres)."
            ).format(
                year=data.year,
                n=len(data.rows),
                time=hours(data.total_minutes),
                due=euros(data.total_due_cents),
                rate=rate,
                cap=cap,
            )
        )
        warnings = []
        if not data.rate_cents:
            warnings.append(
                self.tr("Aucun taux horaire n'est fixé : fixez-le dans Fichier → Paramètres.")
            )
        reached = [r.name for r in data.rows if r.cap_reached]
        if reached:
            warnings.append(
                self.tr("Plafond annuel atteint : {names}.").format(names=", ".join(reached))
            )
        self.warning.setText("\n".join(warnings))
        self.professionals.set_records(list(data.rows), keep=keep)
        if self.professionals.current_record() is None and data.rows:
            self.professionals.selectRow(0)
        self._show_sessions()

    def current_professional(self) -> ProfessionalYear | None:
        return self.professionals.current_record()

    def _show_sessions(self) -> None:
        pro = self.current_professional()
        keep = self.sessions.current_record()
        self.sessions.set_records(list(pro.sessions) if pro else [], keep=keep)
        self._update_actions()

    def _update_actions(self) -> None:
        pro = self.current_professional()
        session = self.sessions.current_record()
        self.correct_button.setEnabled(session is not None)
        self.undo_button.setEnabled(session is not None and session.correction is not None)
        self.statement_button.setEnabled(pro is not None)
        has_rows = bool(self.data and self.data.rows)
        self.all_button.setEnabled(has_rows)
        self.csv_button.setEnabled(self.data is not None)

    # --- corrections ---------------------------------------------------------------------------

    def correct(self) -> None:
        pro = self.current_professional()
        session = self.sessions.current_record()
        if pro is None or session is None or self.data is None:
            return
        self.dialog = TimeCorrectionDialog(self.services, pro.name, session, self)
        self.dialog.setModal(True)
        self.dialog.accepted.connect(self._corrected)
        self.dialog.show()

    def _corrected(self) -> None:
        assert self.data is not None
        self.load(self.data.year)
        self.changed.emit()

    def undo_correction(self) -> None:
        session = self.sessions.current_record()
        if session is None or self.data is None:
            return
        try:
            self.services.indemnities.clear_correction(session.attendance_id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Correction"), exc.message)
            return
        self._corrected()

    # --- files ---------------------------------------------------------------------------------

    def ask_save_path(self, suggested: str, filters: str) -> str:
        name, _selected = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer sous"), suggested, filters
        )
        return name

    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Dossier des relevés"))

    def _write(self, label: str, work) -> bool:  # type: ignore[no-untyped-def]
        try:
            run_with_progress(self, label, work, tasks=self.tasks)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Enregistrement impossible"),
                self.tr("Le fichier n'a pas pu être écrit : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                ),
            )
            return False
        return True

    def save_statement(self) -> Path | None:
        pro = self.current_professional()
        data = self.data
        if pro is None or data is None:
            return None
        name = self.ask_save_path(
            statement_file_name(pro, data.year), self.tr("Document PDF (*.pdf)")
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        head = self.services.indemnities.letterhead()
        if self._write(
            self.tr("Relevé en préparation…"),
            lambda: atomic_write_bytes(path, build_statement(data, pro, head)),
        ):
            self.info.setText(self.tr("Relevé enregistré : {path}").format(path=str(path)))
            return path
        return None

    def save_all_statements(self) -> Path | None:
        data = self.data
        if data is None or not data.rows:
            return None
        folder_name = self.ask_folder()
        if not folder_name:
            return None
        folder = Path(folder_name)
        head = self.services.indemnities.letterhead()

        def work() -> None:
            for row in data.rows:
                atomic_write_bytes(
                    folder / statement_file_name(row, data.year), build_statement(data, row, head)
                )

        if self._write(self.tr("Relevés en préparation…"), work):
            self.info.setText(
                self.tr("{n} relevé(s) enregistré(s) dans {path}").format(
                    n=len(data.rows), path=str(folder)
                )
            )
            return folder
        return None

    def save_csv(self) -> Path | None:
        data = self.data
        if data is None:
            return None
        name = self.ask_save_path(
            self.tr("indemnisation-{year}.csv").format(year=data.year),
            self.tr("Fichier CSV (*.csv)"),
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        cpts = self.services.settings.get(settings_mod.CPTS_NAME)
        if self._write(
            self.tr("Fichier en préparation…"),
            lambda: atomic_write_bytes(path, indemnities_csv(data, cpts)),
        ):
            self.info.setText(self.tr("Fichier enregistré : {path}").format(path=str(path)))
            return path
        return None
