"""The GP and the patient in the loop, on the Séances page: who is invited for which item (and
their .ics for that item), people without an RPPS at the session, the patient informed of the
proposal for the selected agenda item. Added to the page's action bar like the documents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date, fr_time
from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.models import AttendanceMode, GuestRole, InformationChannel, Presence, label
from rcp_desktop.services import Services
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.cases.common import MessageLabel, text_edit
from rcp_desktop.ui.machine_settings import save_location
from rcp_desktop.ui.meetings.common import FormDialog
from rcp_desktop.ui.widgets.common import RecordTable
from rcp_desktop.ui.widgets.fields import DateField
from rcp_desktop.ui.widgets.record_model import Column


class ItemInviteesDialog(QDialog):
    """The presenter and the GP of each item: put them on the list, save their .ics."""

    def __init__(self, services: Services, meeting_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting_id = meeting_id
        self.last_saved: Path | None = None
        self.setWindowTitle(self.tr("Invités pour un point de l'ordre du jour"))
        self.table = RecordTable(
            [
                Column(self.tr("Point"), lambda i: i.slot.number, align_right=True),
                Column(
                    self.tr("Horaire"),
                    lambda i: f"{fr_time(i.slot.starts)} – {fr_time(i.slot.ends)}",
                ),
                Column(self.tr("Invité"), lambda i: i.name),
                Column(self.tr("Rôle"), lambda i: i.role),
                Column(
                    self.tr("Sur la liste"),
                    lambda i: self.tr("oui") if i.on_list else self.tr("non"),
                ),
                Column(self.tr("Messagerie"), lambda i: i.email or "—", optional=True),
            ]
        )
        self.table.current_record_changed.connect(lambda _r: self._update())
        self.add_button = QPushButton(self.tr("Ajouter à la liste des participants"))
        self.add_button.clicked.connect(self.add_to_list)
        self.ics_button = QPushButton(self.tr("Invitation pour ce point (.ics)…"))
        self.ics_button.clicked.connect(self.save_ics)
        self.message = MessageLabel()
        hint = QLabel(
            self.tr(
                "Le présentateur et le médecin traitant du patient sont invités pour le point qui "
                "les concerne ; la convocation et l'invitation .ics disent lequel et à quelle "
                "heure (indicative)."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.ics_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(820, 420)
        self.reload()

    def reload(self, keep=None) -> None:
        rows = self.services.participation.item_invitees(self.meeting_id)
        self.table.set_records(rows)
        if keep is not None:
            self.table.select_id(keep)
        elif rows:
            self.table.selectRow(0)
        if not rows:
            self.message.show_info(
                self.tr(
                    "Aucun présentateur ni médecin traitant connu pour les points de l'ordre du jour."
                )
            )
        self._update()

    def _update(self) -> None:
        row = self.table.current_record()
        self.add_button.setEnabled(row is not None and not row.on_list)
        self.ics_button.setEnabled(row is not None)

    def add_to_list(self) -> None:
        row = self.table.current_record()
        if row is None:
            return
        try:
            self.services.participation.invite_for_item(
                self.meeting_id, row.slot.item_id, row.professional_id
            )
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        self.message.show_info(
            self.tr("{name} ajouté(e) à la liste pour le point {n}.").format(
                name=row.name, n=row.slot.number
            )
        )
        self.reload(row.id)

    def save_ics(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from rcp_desktop.reports.ics import build_invitation

        row = self.table.current_record()
        if row is None:
            return
        try:
            data = DocumentService(self.services.ctx).item_calendar(
                self.meeting_id, row.slot.item_id, row.professional_id
            )
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Enregistrer l'invitation pour ce point"),
            save_location(f"seance-{data.meeting.held_on.isoformat()}-point-{row.slot.number}.ics"),
            self.tr("Invitation agenda (*.ics)"),
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        try:
            atomic_write_bytes(path, build_invitation(data))
        except OSError as exc:
            self.message.setText(
                self.tr("Impossible d'écrire le fichier : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return
        self.last_saved = path
        self.message.show_info(self.tr("Invitation enregistrée : {path}").format(path=path))


class GuestsDialog(FormDialog):
    """People without an RPPS at the session: the patient, a relative, a legal representative,
    a partner structure's staff — with their role; the quorum never counts them."""

    def __init__(self, services: Services, meeting_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting_id = meeting_id
        self.setWindowTitle(self.tr("Personnes présentes sans RPPS"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Ajouter"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Fermer"))
        self.table = RecordTable(
            [
                Column(self.tr("Nom"), lambda g: g.name),
                Column(self.tr("Rôle"), lambda g: label(g.role)),
                Column(self.tr("Structure / lien"), lambda g: g.structure or ""),
                Column(
                    self.tr("Pour"),
                    lambda g: (
                        self.tr("le point {n}").format(n=g.item.position)
                        if g.item is not None
                        else self.tr("toute la séance")
                    ),
                ),
                Column(self.tr("Mode"), lambda g: label(g.mode), optional=True),
            ]
        )
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.remove_button.clicked.connect(self.remove)
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItem(self.tr("(à choisir)"), None)
        for member in GuestRole:
            self.role.addItem(label(member), member)
        self.structure = QLineEdit()
        self.structure.setPlaceholderText(
            self.tr("DAC, CMP, PMI, CCAS, EHPAD… ou lien avec le patient")
        )
        self.item = QComboBox()
        self.item.addItem(self.tr("Toute la séance"), None)
        for item in services.agenda.items(meeting_id):
            self.item.addItem(
                self.tr("Point {n} — dossier {number}").format(
                    n=item.position, number=item.case.number
                ),
                item.id,
            )
        self.mode = QComboBox()
        for member in AttendanceMode:
            self.mode.addItem(label(member), member)
        form = QFormLayout()
        form.addRow(self.tr("Nom et prénom"), self.field("name", self.name))
        form.addRow(self.tr("Rôle"), self.field("role", self.role))
        form.addRow(self.tr("Structure / lien"), self.field("structure", self.structure))
        form.addRow(self.tr("Pour"), self.field("item_id", self.item))
        form.addRow(self.tr("Mode"), self.field("mode", self.mode))
        hint = QLabel(
            self.tr(
                "Ces personnes signent la feuille de présence ; le quorum ne compte que les professions."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(hint)
        layout.addLayout(form)
        self.finish_layout(layout)
        self.resize(760, 560)
        self.reload()

    def reload(self) -> None:
        self.table.set_records(self.services.participation.guests(self.meeting_id))
        self.remove_button.setEnabled(self.table.source.total() > 0)

    def save(self) -> None:
        added = self.attempt(
            lambda: self.services.participation.add_guest(
                self.meeting_id,
                name=self.name.text(),
                role=self.role.currentData(),
                structure=self.structure.text(),
                item_id=self.item.currentData(),
                presence=Presence.PRESENT,
                mode=self.mode.currentData(),
            )
        )
        if added is not None:
            self.name.clear()
            self.structure.clear()
            self.role.setCurrentIndex(0)
            self.reload()

    def remove(self) -> None:
        guest = self.table.current_record()
        if guest is None:
            return
        self.attempt(lambda: self.services.participation.remove_guest(guest.id))
        self.reload()


class PatientInformedDialog(FormDialog):
    """ "Patient informé de la proposition": when, by whom, how."""

    def __init__(self, services: Services, item_id: int, heading: str, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.item_id = item_id
        self.setWindowTitle(self.tr("Patient informé de la proposition"))
        current = services.participation.information(item_id)
        self.informed_on = DateField(current.informed_on if current else services.ctx.today())
        self.informed_by = QLineEdit(current.informed_by if current else "")
        self.informed_by.setPlaceholderText(self.tr("Qui a informé le patient"))
        self.channel = QComboBox()
        self.channel.addItem(self.tr("(à choisir)"), None)
        for member in InformationChannel:
            self.channel.addItem(label(member), member)
        if current is not None:
            self.channel.setCurrentIndex(self.channel.findData(current.channel))
        self.note = text_edit(placeholder=self.tr("Réaction du patient, questions… (facultatif)"))
        if current is not None and current.note:
            self.note.setPlainText(current.note)
        form = QFormLayout()
        form.addRow(self.tr("Le"), self.field("informed_on", self.informed_on))
        form.addRow(self.tr("Par"), self.field("informed_by", self.informed_by))
        form.addRow(self.tr("Comment"), self.field("channel", self.channel))
        form.addRow(self.tr("Note"), self.field("note", self.note))
        layout = QVBoxLayout(self)
        title = QLabel(heading)
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        if current is not None:
            layout.addWidget(
                QLabel(
                    self.tr(
                        "Déjà renseigné le {date} : l'enregistrer à nouveau le remplace."
                    ).format(date=fr_date(current.informed_on))
                )
            )
        layout.addLayout(form)
        self.finish_layout(layout)

    def save(self) -> None:
        if self.bad_dates({"informed_on": self.informed_on}, required=("informed_on",)):
            return
        saved = self.attempt(
            lambda: self.services.participation.record_information(
                self.item_id,
                informed_on=self.informed_on.value(),
                informed_by=self.informed_by.text(),
                channel=self.channel.currentData(),
                note=self.note.toPlainText(),
            )
        )
        if saved is not None:
            self.accept()


class ParticipationActions(QObject):
    """The three actions on the Séances page's bar; they use ``page.current_meeting_id()`` and
    the selected agenda item (``page.items.current_item()``)."""

    def __init__(self, page, services: Services) -> None:
        super().__init__(page)
        self.page = page
        self.services = services
        self.dialog: QWidget | None = None
        bar = page.actions_bar
        self.invitees_action = bar.addAction(self.tr("Invités par point…"))
        self.invitees_action.triggered.connect(self.show_invitees)
        self.guests_action = bar.addAction(self.tr("Présents sans RPPS…"))
        self.guests_action.triggered.connect(self.show_guests)
        self.informed_action = bar.addAction(self.tr("Patient informé…"))
        self.informed_action.triggered.connect(self.patient_informed)

    def _meeting(self) -> int | None:
        meeting_id = self.page.current_meeting_id()
        if meeting_id is None:
            self.page.message.setText(self.tr("Choisissez d'abord une séance."))
        return meeting_id

    def _open(self, dialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.page.refresh())
        dialog.open()

    def show_invitees(self) -> None:
        meeting_id = self._meeting()
        if meeting_id is not None:
            self._open(ItemInviteesDialog(self.services, meeting_id, self.page))

    def show_guests(self) -> None:
        meeting_id = self._meeting()
        if meeting_id is not None:
            self._open(GuestsDialog(self.services, meeting_id, self.page))

    def patient_informed(self) -> None:
        if self._meeting() is None:
            return
        item = self.page.items.current_item()
        if item is None:
            self.page.message.setText(self.tr("Choisissez d'abord un dossier de l'ordre du jour."))
            return
        heading = self.tr("Dossier {number} — point {n} de la séance").format(
            number=item.case.number, n=item.position
        )
        self._open(PatientInformedDialog(self.services, item.id, heading, self.page))


def install_participation_actions(page, services: Services) -> ParticipationActions:
    actions = ParticipationActions(page, services)
    page.participation_actions = actions
    return actions
