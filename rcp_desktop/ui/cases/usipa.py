"""The USIPA panel of a case (enrolment, contact log, exit), and the dialogs the USIPA board
shares with it: inclusion, contact, exit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.models import (
    CaseStatus,
    UsipaContact,
    UsipaContactKind,
    UsipaEnrolment,
    UsipaOutcome,
    label,
)
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.usipa import (
    WEEK,
    ContactDraft,
    EnrolmentDraft,
    ExitDraft,
    expected_contacts,
)
from rcp_desktop.ui.meetings.common import FormDialog, error_label
from rcp_desktop.ui.meetings.planning import ParticipantsSelector
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker
from rcp_desktop.ui.widgets.record_model import Column

MAX_INTENSITY_INPUT = 999  # the field takes more than allowed, so the service can say why


def compact(combo: QComboBox, chars: int = 32) -> None:
    """Keep a combo of long entries from squeezing its form's labels."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)


class TeamSelector(ParticipantsSelector):
    """The USIPA team, ticked in the directory (active professionals, plus current members)."""

    def __init__(self, services, members=(), parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        listed = {item.data(Qt.ItemDataRole.UserRole) for item in self._items()}
        for pro in members:
            if pro.id not in listed:
                item = QListWidgetItem(
                    self.tr("{name} — {profession} (inactif)").format(
                        name=pro.display_name, profession=pro.profession_label
                    )
                )
                item.setData(Qt.ItemDataRole.UserRole, pro.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.list.addItem(item)
        self.set_selected([p.id for p in members])

    def _count(self) -> None:
        self.count.setText(
            self.tr("{n} professionnel(s) dans l'équipe").format(n=len(self.selected_ids()))
        )


class EnrolmentDialog(FormDialog):
    """Include a case's patient in USIPA, or correct an enrolment."""

    def __init__(
        self, services, case_id: int, enrolment: UsipaEnrolment | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.enrolment = enrolment
        self.result_enrolment: UsipaEnrolment | None = None
        self.setWindowTitle(
            self.tr("Modifier l'inclusion USIPA") if enrolment else self.tr("Inclure en USIPA")
        )
        self.setMinimumSize(560, 560)
        self.inclusion_on = DateField(enrolment.inclusion_on if enrolment else services.ctx.today())
        self.intensity = QSpinBox()
        self.intensity.setRange(0, MAX_INTENSITY_INPUT)
        self.intensity.setValue(enrolment.planned_contacts_per_week if enrolment else 3)
        self.intensity.setSuffix(self.tr(" contact(s) par semaine"))
        self.criteria = QPlainTextEdit()
        self.criteria.setFixedHeight(90)
        self.criteria.setPlaceholderText(
            self.tr(
                "Crise aiguë sans critère d'hospitalisation, entourage présent, accord du patient…"
            )
        )
        self.team = TeamSelector(
            services, [m.professional for m in enrolment.team] if enrolment else []
        )
        form = QFormLayout()
        form.addRow(self.tr("Date d'inclusion :"), self.field("inclusion_on", self.inclusion_on))
        form.addRow(
            self.tr("Intensité prévue :"), self.field("planned_contacts_per_week", self.intensity)
        )
        form.addRow(
            self.tr("Critères d'inclusion :"), self.field("inclusion_criteria", self.criteria)
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(section_title(self.tr("Équipe")))
        layout.addWidget(self.field("team", self.team), 1)
        self.finish_layout(layout)
        if enrolment is not None:
            self.criteria.setPlainText(enrolment.inclusion_criteria or "")
        self.intensity.valueChanged.connect(
            lambda _v: self._fields["planned_contacts_per_week"][1].hide()
        )
        self.team.list.itemChanged.connect(lambda _i: self._fields["team"][1].hide())

    def draft(self) -> EnrolmentDraft:
        return EnrolmentDraft(
            inclusion_on=self.inclusion_on.value(),
            inclusion_criteria=self.criteria.toPlainText() or None,
            planned_contacts_per_week=self.intensity.value(),
            team=self.team.selected_ids(),
        )

    def save(self) -> None:
        if self.bad_dates({"inclusion_on": self.inclusion_on}):
            return
        draft = self.draft()
        if self.enrolment is None:
            result = self.attempt(lambda: self.services.usipa.include(self.case_id, draft))
        else:
            result = self.attempt(
                lambda: self.services.usipa.update_enrolment(self.enrolment.id, draft)
            )
        if result is not None:
            self.result_enrolment = result
            self.accept()


class UsipaContactDialog(FormDialog):
    """Log (or correct) one USIPA contact: date, professional, kind, note."""

    def __init__(
        self,
        services,
        enrolment_id: int,
        contact: UsipaContact | None = None,
        *,
        heading: str | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.enrolment_id = enrolment_id
        self.contact = contact
        self.result_contact: UsipaContact | None = None
        enrolment = services.usipa.get(enrolment_id)
        team_ids = [m.professional_id for m in enrolment.team]
        self.setWindowTitle(
            self.tr("Modifier le contact USIPA") if contact else self.tr("Noter un contact USIPA")
        )
        self.setMinimumWidth(520)

        def professionals():
            pros = services.directory.list(active_only=True)
            known = {p.id for p in pros}
            pros += [m.professional for m in enrolment.team if m.professional_id not in known]
            return sorted(pros, key=lambda p: (p.id not in team_ids, p.last_name.casefold()))

        default_day = enrolment.exit_on or services.ctx.today()
        self.contact_on = DateField(contact.contact_on if contact else default_day)
        self.professional = ProfessionalPicker(professionals, empty=self.tr("— choisir —"))
        compact(self.professional)
        self.kind = EnumCombo(UsipaContactKind, empty=self.tr("— choisir —"))
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(110)
        form = QFormLayout()
        self.heading = QLabel(heading or "")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        if heading:
            form.addRow(self.tr("Patient :"), self.heading)
        period = self.tr("Inclusion du {start}").format(start=fr_date(enrolment.inclusion_on))
        if enrolment.exit_on:
            period += self.tr(", sortie le {end}").format(end=fr_date(enrolment.exit_on))
        form.addRow(self.tr("Suivi :"), QLabel(period))
        form.addRow(self.tr("Date :"), self.field("contact_on", self.contact_on))
        form.addRow(self.tr("Professionnel :"), self.field("professional_id", self.professional))
        form.addRow(self.tr("Type :"), self.field("kind", self.kind))
        form.addRow(self.tr("Note :"), self.field("note", self.note))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)
        if contact is not None:
            self.professional.set_value(contact.professional_id)
            self.kind.set_value(contact.kind)
            self.note.setPlainText(contact.note or "")
        else:
            self.kind.set_value(UsipaContactKind.VISIT)

    def draft(self) -> ContactDraft:
        return ContactDraft(
            contact_on=self.contact_on.value(),
            professional_id=self.professional.value(),
            kind=self.kind.value(),
            note=self.note.toPlainText() or None,
        )

    def save(self) -> None:
        if self.bad_dates({"contact_on": self.contact_on}):
            return
        draft = self.draft()
        if self.contact is None:
            result = self.attempt(lambda: self.services.usipa.add_contact(self.enrolment_id, draft))
        else:
            result = self.attempt(
                lambda: self.services.usipa.update_contact(self.contact.id, draft)
            )
        if result is not None:
            self.result_contact = result
            self.accept()


class UsipaExitDialog(FormDialog):
    """Close an enrolment: exit date, outcome, note."""

    def __init__(self, services, enrolment: UsipaEnrolment, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.enrolment = enrolment
        self.result_enrolment: UsipaEnrolment | None = None
        self.setWindowTitle(self.tr("Sortie d'USIPA"))
        self.setMinimumWidth(520)
        self.exit_on = DateField(services.ctx.today())
        self.outcome = EnumCombo(UsipaOutcome, empty=self.tr("— choisir —"))
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(110)
        self.note.setPlaceholderText(self.tr("Relais organisé, motif de l'hospitalisation…"))
        form = QFormLayout()
        form.addRow(self.tr("Inclusion :"), QLabel(fr_date(enrolment.inclusion_on)))
        form.addRow(self.tr("Date de sortie :"), self.field("exit_on", self.exit_on))
        form.addRow(self.tr("Issue :"), self.field("outcome", self.outcome))
        form.addRow(self.tr("Note :"), self.field("note", self.note))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)

    def save(self) -> None:
        if self.bad_dates({"exit_on": self.exit_on}):
            return
        draft = ExitDraft(
            self.exit_on.value(), self.outcome.value(), self.note.toPlainText() or None
        )
        result = self.attempt(lambda: self.services.usipa.exit(self.enrolment.id, draft))
        if result is not None:
            self.result_enrolment = result
            self.accept()


def _team_text(enrolment: UsipaEnrolment) -> str:
    return ", ".join(sorted(m.professional.display_name for m in enrolment.team))


class UsipaPanel(QWidget):
    """Shown as a tab of the case view. ``set_case(None)`` empties it; ``changed`` is emitted
    after every write so the case view can reload its timeline."""

    changed = Signal()

    def __init__(self, services, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.case_id: int | None = None
        self.case_closed = False
        self.dialog: QDialog | None = None
        self.enrolments = RecordTable(
            [
                Column(self.tr("Inclusion"), lambda e: e.inclusion_on),
                Column(
                    self.tr("Intensité prévue"),
                    lambda e: self.tr("{n} / semaine").format(n=e.planned_contacts_per_week),
                    sort_key=lambda e: e.planned_contacts_per_week,
                ),
                Column(self.tr("Contacts"), lambda e: len(e.contacts), align_right=True),
                Column(
                    self.tr("Sortie"),
                    lambda e: e.exit_on if e.exit_on else self.tr("en cours"),
                    sort_key=lambda e: e.exit_on or dt.date.max,
                ),
                Column(self.tr("Issue"), lambda e: e.exit_outcome),
                Column(self.tr("Équipe"), _team_text),
            ]
        )
        self.enrolments.setMaximumHeight(130)
        self.enrolments.current_record_changed.connect(lambda _e: self._show_enrolment())
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        self.state.setObjectName("sectionTitle")
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.include_button = QPushButton(self.tr("Inclure…"))
        self.edit_enrolment_button = QPushButton(self.tr("Modifier l'inclusion…"))
        self.exit_button = QPushButton(self.tr("Clôturer (sortie)…"))
        self.include_button.clicked.connect(self.include)
        self.edit_enrolment_button.clicked.connect(self.edit_enrolment)
        self.exit_button.clicked.connect(self.close_enrolment)

        self.contacts = RecordTable(
            [
                Column(self.tr("Date"), lambda c: c.contact_on),
                Column(
                    self.tr("Professionnel"),
                    lambda c: c.professional.display_name if c.professional else "",
                ),
                Column(self.tr("Type"), lambda c: c.kind),
                Column(
                    self.tr("Note"),
                    lambda c: (c.note or "").replace("\n", " "),
                    tooltip=lambda c: c.note,
                ),
            ]
        )
        self.contacts.current_record_changed.connect(lambda _c: self._update_buttons())
        self.contacts.doubleClicked.connect(lambda _i: self.edit_contact())
        self.add_contact_button = QPushButton(self.tr("Noter un contact…"))
        self.edit_contact_button = QPushButton(self.tr("Modifier…"))
        self.delete_contact_button = QPushButton(self.tr("Supprimer"))
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.delete_contact_button.clicked.connect(self.delete_contact)
        self.message = error_label()

        enrolment_buttons = QHBoxLayout()
        for b in (self.include_button, self.edit_enrolment_button, self.exit_button):
            enrolment_buttons.addWidget(b)
        enrolment_buttons.addStretch(1)
        contact_buttons = QHBoxLayout()
        for b in (self.add_contact_button, self.edit_contact_button, self.delete_contact_button):
            contact_buttons.addWidget(b)
        contact_buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(section_title(self.tr("Inclusions USIPA")))
        layout.addWidget(self.enrolments)
        layout.addWidget(self.detail)
        layout.addLayout(enrolment_buttons)
        layout.addWidget(section_title(self.tr("Journal des contacts")))
        layout.addWidget(self.contacts, 1)
        layout.addLayout(contact_buttons)
        self.set_case(None)

    # --- loading ------------------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.case_closed = False
        if case_id is not None:
            try:
                self.case_closed = self.services.cases.get(case_id).status is CaseStatus.CLOSED
            except ServiceError:
                self.case_id = None
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.message.clear()
        records = self.services.usipa.enrolments(self.case_id) if self.case_id is not None else []
        keep = select_id if select_id is not None else getattr(self.current_enrolment(), "id", None)
        self.enrolments.set_records(records)
        if records:
            active = next((e.id for e in records if e.exit_on is None), None)
            if keep is None or not self.enrolments.select_id(keep):
                self.enrolments.select_id(active if active is not None else records[-1].id)
        self._show_state(records)
        self._show_enrolment()

    def active_enrolment(self) -> UsipaEnrolment | None:
        return next((e for e in self.enrolments.source.records() if e.exit_on is None), None)

    def current_enrolment(self) -> UsipaEnrolment | None:
        return self.enrolments.current_record()

    def _show_state(self, records: list[UsipaEnrolment]) -> None:
        if self.case_id is None:
            self.state.setText("")
            return
        active = next((e for e in records if e.exit_on is None), None)
        if active is None:
            self.state.setText(
                self.tr("Pas d'inclusion USIPA en cours.")
                if records
                else self.tr("Ce dossier n'a jamais été inclus en USIPA.")
            )
            return
        today = self.services.ctx.today()
        week = sum(1 for c in active.contacts if (today - c.contact_on).days < WEEK)
        self.state.setText(
            self.tr(
                "En USIPA depuis le {date} (J+{days}) — {week} contact(s) ces 7 derniers jours "
                "pour {expected} attendu(s) ({planned} par semaine)."
            ).format(
                date=fr_date(active.inclusion_on),
                days=(today - active.inclusion_on).days,
                week=week,
                expected=expected_contacts(
                    active.planned_contacts_per_week, active.inclusion_on, today
                ),
                planned=active.planned_contacts_per_week,
            )
        )

    def _show_enrolment(self) -> None:
        enrolment = self.current_enrolment()
        if enrolment is None:
            self.detail.setText("")
            self.contacts.set_records([])
        else:
            lines = [
                self.tr("Critères d'inclusion : {text}").format(
                    text=enrolment.inclusion_criteria or self.tr("non précisés")
                )
            ]
            lines.append(self.tr("Équipe : {team}").format(team=_team_text(enrolment)))
            if enrolment.exit_on:
                lines.append(
                    self.tr("Sortie le {date} : {outcome}").format(
                        date=fr_date(enrolment.exit_on), outcome=label(enrolment.exit_outcome)
                    )
                )
                if enrolment.exit_note:
                    lines.append(enrolment.exit_note)
            self.detail.setText("\n".join(lines))
            self.contacts.set_records(list(reversed(enrolment.contacts)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_case = self.case_id is not None
        enrolment = self.current_enrolment()
        active = self.active_enrolment()
        self.include_button.setEnabled(has_case and active is None and not self.case_closed)
        if active is not None:
            self.include_button.setToolTip(
                self.tr(
                    "Une inclusion est en cours : notez sa sortie avant une nouvelle inclusion."
                )
            )
        elif self.case_closed:
            self.include_button.setToolTip(
                self.tr("Dossier clos : rouvrez-le avant une inclusion en USIPA.")
            )
        else:
            self.include_button.setToolTip("")
        self.edit_enrolment_button.setEnabled(enrolment is not None)
        self.exit_button.setEnabled(enrolment is not None and enrolment.exit_on is None)
        self.add_contact_button.setEnabled(enrolment is not None)
        contact = self.contacts.current_record()
        self.edit_contact_button.setEnabled(contact is not None)
        self.delete_contact_button.setEnabled(contact is not None)

    # --- writing ------------------------------------------------------------------------------

    def _open(self, dialog: QDialog, on_done) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_done)
        self.dialog = dialog
        dialog.open()

    def _written(self, enrolment_id: int | None = None) -> None:
        self.reload(enrolment_id)
        self.changed.emit()

    def include(self) -> None:
        if self.case_id is None:
            return
        dialog = EnrolmentDialog(self.services, self.case_id, parent=self)
        self._open(dialog, lambda: self._written(dialog.result_enrolment.id))

    def edit_enrolment(self) -> None:
        enrolment = self.current_enrolment()
        if enrolment is not None:
            dialog = EnrolmentDialog(self.services, self.case_id, enrolment, parent=self)
            self._open(dialog, lambda: self._written(enrolment.id))

    def close_enrolment(self) -> None:
        enrolment = self.current_enrolment()
        if enrolment is not None and enrolment.exit_on is None:
            self._open(
                UsipaExitDialog(self.services, enrolment, self), lambda: self._written(enrolment.id)
            )

    def add_contact(self) -> None:
        enrolment = self.current_enrolment()
        if enrolment is not None:
            dialog = UsipaContactDialog(self.services, enrolment.id, parent=self)
            self._open(dialog, lambda: self._written(enrolment.id))

    def edit_contact(self) -> None:
        enrolment, contact = self.current_enrolment(), self.contacts.current_record()
        if enrolment is not None and contact is not None:
            dialog = UsipaContactDialog(self.services, enrolment.id, contact, parent=self)
            self._open(dialog, lambda: self._written(enrolment.id))

    def delete_contact(self) -> None:
        enrolment, contact = self.current_enrolment(), self.contacts.current_record()
        if enrolment is None or contact is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Supprimer le contact"),
            self.tr("Supprimer le contact du {date} du journal USIPA ?").format(
                date=fr_date(contact.contact_on)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.usipa.delete_contact(contact.id)
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        self._written(enrolment.id)
