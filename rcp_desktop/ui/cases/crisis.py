"""The crisis-anticipation plan panel of a case (versions, editor, comparison).

A version is never edited: "Nouvelle version…" opens the editor on a copy of the latest one;
"Comparer deux versions…" shows, field by field and contact by contact, what changed. User text
is always shown as plain text (see :mod:`rcp_desktop.ui.cases.textdoc`).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    CaseStatus,
    CrisisContactKind,
    CrisisPlanContact,
    CrisisPlanVersion,
    Meeting,
    Professional,
    label,
)
from rcp_desktop.services.crisis import (
    CONTACT_LABELS,
    FIELD_LABELS,
    NEXT_REVIEW_LABEL,
    TEXT_FIELDS,
    ContactDraft,
    PlanComparison,
    PlanDraft,
)
from rcp_desktop.services.errors import FieldError, ServiceError, ValidationError
from rcp_desktop.ui.cases.textdoc import (
    ALERT,
    BOLD,
    DELETED,
    INSERTED,
    NOTE,
    PLAIN,
    DocWriter,
    reading_view,
)
from rcp_desktop.ui.cases.usipa import compact
from rcp_desktop.ui.documents import DocumentGenerator
from rcp_desktop.ui.meetings.common import FormDialog, error_label
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker
from rcp_desktop.ui.widgets.record_model import Column


def meeting_label(meeting: Meeting | None) -> str:
    if meeting is None:
        return ""
    what = meeting.theme or (label(meeting.pathway) if meeting.pathway else "")
    return f"{fr_date(meeting.held_on)} — {what}" if what else fr_date(meeting.held_on)


def _contact_who(contact, professionals: dict[int, Professional]) -> str:
    pro = professionals.get(contact.professional_id) if contact.professional_id else None
    if pro is None and isinstance(contact, CrisisPlanContact):
        pro = contact.professional
    if pro is not None:
        who = f"{pro.display_name} — {pro.profession_label}"
        return f"{who} ({contact.name})" if contact.name else who
    return contact.name or ""


def _contact_phone(contact, professionals: dict[int, Professional]) -> str:
    if contact.phone:
        return contact.phone
    pro = professionals.get(contact.professional_id) if contact.professional_id else None
    if pro is None and isinstance(contact, CrisisPlanContact):
        pro = contact.professional
    return pro.phone or "" if pro is not None else ""


# --- showing a version -------------------------------------------------------------------------


def write_version(writer: DocWriter, plan: CrisisPlanVersion, today: dt.date) -> None:
    writer.title(
        QCoreApplication.translate("crisis", "Plan de crise — version {n} du {date}").format(
            n=plan.version, date=fr_date(plan.drawn_up_on)
        )
    )
    if plan.reviewed_meeting is not None:
        writer.paragraph(
            QCoreApplication.translate("crisis", "Revu en séance du {meeting}").format(
                meeting=meeting_label(plan.reviewed_meeting)
            )
        )
    else:
        writer.paragraph(
            QCoreApplication.translate("crisis", "Version non rattachée à une séance."), NOTE
        )
    if plan.next_review_on is not None:
        writer.paragraph(QCoreApplication.translate("crisis", "Prochaine révision : "))
        late = plan.next_review_on < today
        writer.run(fr_date(plan.next_review_on), ALERT if late else BOLD)
        if late:
            writer.run(QCoreApplication.translate("crisis", " (dépassée)"), ALERT)
    else:
        writer.paragraph(
            QCoreApplication.translate("crisis", "Prochaine révision : non fixée."), NOTE
        )
    for name, text in TEXT_FIELDS:
        writer.heading(translate(text))
        value = getattr(plan, name)
        if value:
            writer.paragraph(value)
        else:
            writer.paragraph(QCoreApplication.translate("crisis", "Non renseigné."), NOTE)
    writer.heading(QCoreApplication.translate("crisis", "Personnes à appeler, dans l'ordre"))
    if not plan.contacts:
        writer.paragraph(QCoreApplication.translate("crisis", "Aucun contact."), NOTE)
    for index, contact in enumerate(plan.contacts, start=1):
        writer.paragraph(f"{index}. ", BOLD, top_margin=4)
        writer.run(_contact_who(contact, {}), BOLD)
        writer.run(f" — {label(contact.kind)}")
        if contact.role:
            writer.run(f" — {contact.role}")
        phone = _contact_phone(contact, {})
        if phone:
            writer.run(QCoreApplication.translate("crisis", " — tél. {phone}").format(phone=phone))
        if contact.when_to_call:
            writer.paragraph(QCoreApplication.translate("crisis", "Quand appeler : "), NOTE)
            writer.run(contact.when_to_call)


SEGMENT_FORMATS = {"equal": PLAIN, "delete": DELETED, "insert": INSERTED}


def write_segments(writer: DocWriter, segments) -> None:
    previous = None
    for segment in segments:
        if previous == "delete" and segment.op == "insert":
            writer.run(" ")  # keep a replaced word apart from its replacement
        writer.run(segment.text, SEGMENT_FORMATS[segment.op])
        previous = segment.op


def write_comparison(writer: DocWriter, result: PlanComparison) -> None:
    a, b = result.before, result.after
    writer.title(
        QCoreApplication.translate("crisis", "Version {a} du {da} → version {b} du {db}").format(
            a=a.version, da=fr_date(a.drawn_up_on), b=b.version, db=fr_date(b.drawn_up_on)
        )
    )
    writer.paragraph(QCoreApplication.translate("crisis", "Légende : "), NOTE)
    writer.run(QCoreApplication.translate("crisis", "ajouté"), INSERTED)
    writer.run(" ")
    writer.run(QCoreApplication.translate("crisis", "retiré"), DELETED)
    if result.identical:
        writer.paragraph(
            QCoreApplication.translate("crisis", "Aucune différence entre ces deux versions."),
            BOLD,
            top_margin=10,
        )
        return
    writer.heading(
        QCoreApplication.translate("crisis", "Rubriques modifiées ({n})").format(
            n=len(result.changes)
        )
    )
    if not result.changes:
        writer.paragraph(QCoreApplication.translate("crisis", "Aucune rubrique modifiée."), NOTE)
    for change in result.changes:
        writer.paragraph(change.label + " : ", BOLD, top_margin=6)
        if change.segments:
            writer.paragraph()
            write_segments(writer, change.segments)
        else:
            writer.run(change.before or QCoreApplication.translate("crisis", "(vide)"), DELETED)
            writer.run(" → ")
            writer.run(change.after or QCoreApplication.translate("crisis", "(vide)"), INSERTED)
    unchanged = len(TEXT_FIELDS) + 1 - len(result.changes)
    writer.paragraph(
        QCoreApplication.translate("crisis", "{n} rubrique(s) inchangée(s).").format(n=unchanged),
        NOTE,
        top_margin=4,
    )

    writer.heading(QCoreApplication.translate("crisis", "Personnes à appeler"))
    if result.order_changed:
        writer.paragraph(
            QCoreApplication.translate("crisis", "Ordre d'appel modifié"), ALERT, top_margin=4
        )
        writer.paragraph(QCoreApplication.translate("crisis", "Avant : "), NOTE)
        writer.run(
            " ; ".join(f"{i}. {who}" for i, who in enumerate(result.before_order, 1)), DELETED
        )
        writer.paragraph(QCoreApplication.translate("crisis", "Après : "), NOTE)
        writer.run(
            " ; ".join(f"{i}. {who}" for i, who in enumerate(result.after_order, 1)), INSERTED
        )
    if not result.contacts and not result.order_changed:
        writer.paragraph(QCoreApplication.translate("crisis", "Aucun changement."), NOTE)
    for change in result.contacts:
        if change.change == "added":
            writer.paragraph(
                QCoreApplication.translate("crisis", "Ajouté (n° {n}) : ").format(
                    n=change.after_position
                ),
                BOLD,
                top_margin=4,
            )
            writer.run(change.label, INSERTED)
        elif change.change == "removed":
            writer.paragraph(
                QCoreApplication.translate("crisis", "Retiré (était n° {n}) : ").format(
                    n=change.before_position
                ),
                BOLD,
                top_margin=4,
            )
            writer.run(change.label, DELETED)
        else:
            writer.paragraph(QCoreApplication.translate("crisis", "Modifié : "), BOLD, top_margin=4)
            writer.run(change.label, BOLD)
            for field in change.fields:
                writer.paragraph(f"    {field.label} : ", NOTE)
                write_segments(writer, field.segments)


# --- contact editor ----------------------------------------------------------------------------


class CrisisContactDialog(FormDialog):
    """One trusted person or professional to call; checked by the service before it is kept."""

    def __init__(self, services, contact: ContactDraft | None = None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.result_contact: ContactDraft | None = None
        self.setWindowTitle(
            self.tr("Modifier le contact") if contact else self.tr("Ajouter un contact")
        )
        self.setMinimumWidth(520)
        self.kind = EnumCombo(CrisisContactKind)
        self.professional = ProfessionalPicker(
            lambda: services.directory.list(active_only=True), empty=self.tr("— hors annuaire —")
        )
        compact(self.professional)
        self.name = QLineEdit()
        self.name.setPlaceholderText(
            self.tr("Nom de la personne (ou précision : «\u00a0cadre de garde\u00a0»)")
        )
        self.role = QLineEdit()
        self.role.setPlaceholderText(self.tr("Sœur, voisin, médecin traitant…"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("ex. 06 12 34 56 78, 15, 3114"))
        self.when_to_call = QPlainTextEdit()
        self.when_to_call.setFixedHeight(70)
        self.when_to_call.setPlaceholderText(
            self.tr("Dès les premiers signes, la nuit, en l'absence du psychiatre…")
        )
        form = QFormLayout()
        form.addRow(translate(CONTACT_LABELS["kind"]) + " :", self.field("kind", self.kind))
        form.addRow(self.tr("Professionnel :"), self.field("professional_id", self.professional))
        form.addRow(self.tr("Nom :"), self.field("name", self.name))
        form.addRow(translate(CONTACT_LABELS["role"]) + " :", self.field("role", self.role))
        form.addRow(translate(CONTACT_LABELS["phone"]) + " :", self.field("phone", self.phone))
        form.addRow(
            translate(CONTACT_LABELS["when_to_call"]) + " :",
            self.field("when_to_call", self.when_to_call),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)
        if contact is not None:
            self.kind.set_value(contact.kind)
            self.professional.set_value(contact.professional_id)
            self.name.setText(contact.name or "")
            self.role.setText(contact.role or "")
            self.phone.setText(contact.phone or "")
            self.when_to_call.setPlainText(contact.when_to_call or "")
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()

    def _kind_changed(self) -> None:
        professional = self.kind.value() is CrisisContactKind.PROFESSIONAL
        if not professional:
            self.professional.set_value(None)
        self.professional.setEnabled(professional)

    def draft(self) -> ContactDraft:
        return ContactDraft(
            kind=self.kind.value(),
            professional_id=self.professional.value(),
            name=self.name.text() or None,
            role=self.role.text() or None,
            phone=self.phone.text() or None,
            when_to_call=self.when_to_call.toPlainText() or None,
        )

    def save(self) -> None:
        result = self.attempt(lambda: self.services.crisis.check_contact(self.draft()))
        if result is not None:
            self.result_contact = result
            self.accept()


# --- version editor ----------------------------------------------------------------------------


class CrisisPlanDialog(FormDialog):
    """Write the next version of a case's plan, starting from a copy of the latest one."""

    def __init__(self, services, case_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.result_plan: CrisisPlanVersion | None = None
        self.contact_dialog: CrisisContactDialog | None = None
        self.professionals = {p.id: p for p in services.directory.list()}
        latest = services.crisis.latest(case_id)
        draft = services.crisis.new_draft(case_id)
        self.setWindowTitle(self.tr("Nouvelle version du plan de crise"))
        self.setMinimumSize(900, 620)

        if latest is None:
            intro_text = self.tr("Première version du plan de crise conjoint de ce dossier.")
        else:
            intro_text = self.tr(
                "Version {n} : elle reprend la version {prev} du {date}, qui reste inchangée. "
                "Modifiez ce qui a changé."
            ).format(n=latest.version + 1, prev=latest.version, date=fr_date(latest.drawn_up_on))
        self.intro = QLabel(intro_text)
        self.intro.setWordWrap(True)

        self.drawn_up_on = DateField(draft.drawn_up_on)
        self.meeting = QComboBox()
        compact(self.meeting)
        self.meeting.addItem(self.tr("— aucune —"), None)
        for meeting in services.crisis.reviewable_meetings(case_id):
            self.meeting.addItem(meeting_label(meeting), meeting.id)
        self.next_review_on = DateField(draft.next_review_on)
        top = QFormLayout()
        top.addRow(self.tr("Date de la version :"), self.field("drawn_up_on", self.drawn_up_on))
        top.addRow(self.tr("Revue en séance :"), self.field("reviewed_meeting_id", self.meeting))
        top.addRow(
            translate(NEXT_REVIEW_LABEL) + " :", self.field("next_review_on", self.next_review_on)
        )

        self.texts: dict[str, QPlainTextEdit] = {}
        self.tabs = QTabWidget()
        for title, names in (
            (
                self.tr("Repérer la crise"),
                ("early_warning_signs", "triggers", "protective_factors"),
            ),
            (self.tr("En cas de crise"), ("what_helps", "what_to_avoid", "practical_arrangements")),
            (self.tr("Traitements"), ("treatment_preferences", "treatments_to_avoid")),
        ):
            page = QWidget()
            form = QFormLayout(page)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            for name in names:
                edit = QPlainTextEdit()
                edit.setPlainText(getattr(draft, name) or "")
                edit.setMinimumHeight(80)
                self.texts[name] = edit
                form.addRow(translate(FIELD_LABELS[name]) + " :", self.field(name, edit))
            self.tabs.addTab(page, title)

        self.contacts: list[ContactDraft] = list(draft.contacts)
        self.contact_table = RecordTable(
            [
                Column(self.tr("Ordre"), lambda r: r[0] + 1, align_right=True),
                Column(translate(CONTACT_LABELS["kind"]), lambda r: r[1].kind),
                Column(
                    self.tr("Nom / professionnel"), lambda r: _contact_who(r[1], self.professionals)
                ),
                Column(translate(CONTACT_LABELS["role"]), lambda r: r[1].role),
                Column(
                    translate(CONTACT_LABELS["phone"]),
                    lambda r: _contact_phone(r[1], self.professionals),
                ),
                Column(
                    translate(CONTACT_LABELS["when_to_call"]),
                    lambda r: (r[1].when_to_call or "").replace("\n", " "),
                ),
            ]
        )
        self.contact_table.setSortingEnabled(False)
        self.contact_table.current_record_changed.connect(lambda _c: self._update_contact_buttons())
        self.contact_table.doubleClicked.connect(lambda _i: self.edit_contact())
        self.add_button = QPushButton(self.tr("Ajouter…"))
        self.edit_button = QPushButton(self.tr("Modifier…"))
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.up_button = QPushButton(self.tr("Monter"))
        self.down_button = QPushButton(self.tr("Descendre"))
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button.clicked.connect(self.edit_contact)
        self.remove_button.clicked.connect(self.remove_contact)
        self.up_button.clicked.connect(lambda: self.move_contact(-1))
        self.down_button.clicked.connect(lambda: self.move_contact(1))
        contact_buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            contact_buttons.addWidget(b)
        contact_buttons.addStretch(1)
        contacts_page = QWidget()
        contacts_layout = QVBoxLayout(contacts_page)
        hint = QLabel(
            self.tr(
                "Personne de confiance, proches et professionnels à appeler, dans l'ordre d'appel."
            )
        )
        hint.setWordWrap(True)
        contacts_layout.addWidget(hint)
        contacts_layout.addWidget(self.field("contacts", self.contact_table), 1)
        contacts_layout.addLayout(contact_buttons)
        self.contacts_tab = self.tabs.addTab(contacts_page, "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.finish_layout(layout)
        self._reload_contacts()

    # --- contacts -----------------------------------------------------------------------------

    def _reload_contacts(self, select: int | None = None) -> None:
        self.contact_table.set_records(list(enumerate(self.contacts)))
        if select is not None and 0 <= select < len(self.contacts):
            self.contact_table.selectRow(select)
        self.tabs.setTabText(
            self.contacts_tab, self.tr("Contacts ({n})").format(n=len(self.contacts))
        )
        self._update_contact_buttons()

    def _current_index(self) -> int | None:
        record = self.contact_table.current_record()
        return None if record is None else record[0]

    def _update_contact_buttons(self) -> None:
        index = self._current_index()
        for b in (self.edit_button, self.remove_button):
            b.setEnabled(index is not None)
        self.up_button.setEnabled(index is not None and index > 0)
        self.down_button.setEnabled(index is not None and index < len(self.contacts) - 1)

    def _open_contact(self, contact: ContactDraft | None, on_done) -> None:
        dialog = CrisisContactDialog(self.services, contact, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: on_done(dialog.result_contact))
        self.contact_dialog = dialog
        dialog.open()

    def add_contact(self) -> None:
        def done(contact: ContactDraft) -> None:
            self.contacts.append(contact)
            self._reload_contacts(len(self.contacts) - 1)
            self.errors.fields["contacts"][1].hide()

        self._open_contact(None, done)

    def edit_contact(self) -> None:
        index = self._current_index()
        if index is None:
            return

        def done(contact: ContactDraft) -> None:
            self.contacts[index] = contact
            self._reload_contacts(index)
            self.errors.fields["contacts"][1].hide()

        self._open_contact(self.contacts[index], done)

    def remove_contact(self) -> None:
        index = self._current_index()
        if index is not None:
            del self.contacts[index]
            self._reload_contacts(min(index, len(self.contacts) - 1))

    def move_contact(self, step: int) -> None:
        index = self._current_index()
        if index is None or not 0 <= index + step < len(self.contacts):
            return
        self.contacts[index], self.contacts[index + step] = (
            self.contacts[index + step],
            self.contacts[index],
        )
        self._reload_contacts(index + step)

    # --- saving -------------------------------------------------------------------------------

    def draft(self) -> PlanDraft:
        return PlanDraft(
            drawn_up_on=self.drawn_up_on.value(),
            reviewed_meeting_id=self.meeting.currentData(),
            next_review_on=self.next_review_on.value(),
            contacts=list(self.contacts),
            **{name: edit.toPlainText() or None for name, edit in self.texts.items()},
        )

    def _create(self) -> CrisisPlanVersion:
        try:
            return self.services.crisis.create_version(self.case_id, self.draft())
        except ValidationError as exc:
            raise self._regroup(exc) from None

    def _regroup(self, exc: ValidationError) -> ValidationError:
        """Contact errors ("contacts.2.phone") go to the contact list, with the contact's number."""
        errors = []
        for err in exc.field_errors:
            if err.field.startswith("contacts."):
                _prefix, index, _name = err.field.split(".")
                errors.append(
                    FieldError(
                        "contacts",
                        self.tr("Contact n° {n} : {message}").format(
                            n=int(index) + 1, message=err.message
                        ),
                    )
                )
            else:
                errors.append(err)
        return ValidationError(errors)

    def _show_first_error_tab(self) -> None:
        for widget, error in self._fields.values():
            if error.isHidden() or not error.text():
                continue
            for index in range(self.tabs.count()):
                if self.tabs.widget(index).isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
                    widget.setFocus()
                    return

    def save(self) -> None:
        if self.bad_dates({"drawn_up_on": self.drawn_up_on, "next_review_on": self.next_review_on}):
            return
        result = self.attempt(self._create)
        if result is None:
            self._show_first_error_tab()
            return
        self.result_plan = result
        self.accept()


# --- comparison dialog -------------------------------------------------------------------------


class CrisisCompareDialog(QDialog):
    """Choose two versions; see what changed from the older to the newer."""

    def __init__(
        self, services, versions: list[CrisisPlanVersion], second_id: int | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.comparison: PlanComparison | None = None
        self.setWindowTitle(self.tr("Comparer deux versions du plan de crise"))
        self.resize(820, 640)
        self.before = QComboBox()
        self.after = QComboBox()
        for v in sorted(versions, key=lambda v: v.version):
            text = self.tr("Version {n} du {date}").format(n=v.version, date=fr_date(v.drawn_up_on))
            self.before.addItem(text, v.id)
            self.after.addItem(text, v.id)
        # By default: the chosen version (else the latest) against the one before it.
        ids = [v.id for v in sorted(versions, key=lambda v: v.version)]
        first_id = None
        if len(ids) >= 2:
            if second_id not in ids:
                second_id = ids[-1]
            position = max(ids.index(second_id), 1)
            first_id, second_id = ids[position - 1], ids[position]
        self.before.setCurrentIndex(max(self.before.findData(first_id), 0))
        self.after.setCurrentIndex(max(self.after.findData(second_id), 0))
        self.before.currentIndexChanged.connect(lambda _i: self.refresh())
        self.after.currentIndexChanged.connect(lambda _i: self.refresh())
        self.view = reading_view()
        self.message = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("Comparer la version :")))
        choose.addWidget(self.before, 1)
        choose.addWidget(QLabel(self.tr("à la version :")))
        choose.addWidget(self.after, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.message.clear()
        first, second = self.before.currentData(), self.after.currentData()
        writer = DocWriter(self.view.document())
        if first is None or second is None:
            return
        if first == second:
            self.comparison = None
            writer.paragraph(self.tr("Choisissez deux versions différentes."), NOTE)
            return
        try:
            self.comparison = self.services.crisis.compare(first, second)
        except ServiceError as exc:
            self.comparison = None
            self.message.setText(exc.message)
            return
        write_comparison(writer, self.comparison)


# --- the panel ---------------------------------------------------------------------------------


class CrisisPlanPanel(QWidget):
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
        self.versions = RecordTable(
            [
                Column(self.tr("N°"), lambda v: v.version, align_right=True),
                Column(self.tr("Date"), lambda v: v.drawn_up_on),
                Column(
                    self.tr("Séance"),
                    lambda v: (
                        fr_date(v.reviewed_meeting.held_on) if v.reviewed_meeting else self.tr("—")
                    ),
                    sort_key=lambda v: v.reviewed_meeting.held_on if v.reviewed_meeting else None,
                    tooltip=lambda v: meeting_label(v.reviewed_meeting) or None,
                ),
                Column(self.tr("Révision prévue"), lambda v: v.next_review_on),
                Column(self.tr("Contacts"), lambda v: len(v.contacts), align_right=True),
            ]
        )
        self.versions.current_record_changed.connect(self._show_version)
        self.versions.doubleClicked.connect(lambda _i: self.compare())
        self.view = reading_view()
        self.new_button = QPushButton(self.tr("Nouvelle version…"))
        self.compare_button = QPushButton(self.tr("Comparer deux versions…"))
        self.print_button = QPushButton(self.tr("Imprimer…"))
        self.print_button.setToolTip(
            self.tr("Aperçu, impression ou PDF de la version sélectionnée du plan de crise")
        )
        self.new_button.clicked.connect(self.new_version)
        self.compare_button.clicked.connect(self.compare)
        self.print_button.clicked.connect(self.print_version)
        self.generator: DocumentGenerator | None = None
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(section_title(self.tr("Versions du plan de crise")))
        left_layout.addWidget(self.versions, 1)
        left_layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        left.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.set_case(None)

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
        records = self.services.crisis.versions(self.case_id) if self.case_id is not None else []
        self.versions.set_records(records)
        self.versions.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        if records:
            if select_id is None or not self.versions.select_id(select_id):
                self.versions.select_id(records[-1].id)
        else:
            self._show_version(None)
        self.new_button.setEnabled(self.case_id is not None and not self.case_closed)
        self.compare_button.setEnabled(len(records) >= 2)
        self.print_button.setEnabled(bool(records))
        if self.case_id is None:
            self.status.setText("")
        elif self.case_closed:
            self.status.setText(
                self.tr("Dossier clos : le plan de crise se consulte, il ne se révise plus.")
            )
        elif not records:
            self.status.setText(
                self.tr(
                    "Pas encore de plan de crise : «\u00a0Nouvelle version…\u00a0» crée le premier."
                )
            )
        else:
            self.status.setText(
                self.tr(
                    "{n} version(s). Une version revue n'est jamais modifiée : "
                    "une révision crée une nouvelle version."
                ).format(n=len(records))
            )

    def current_version(self) -> CrisisPlanVersion | None:
        return self.versions.current_record()

    def _show_version(self, plan: CrisisPlanVersion | None) -> None:
        writer = DocWriter(self.view.document())
        if plan is None:
            if self.case_id is not None:
                writer.paragraph(self.tr("Aucun plan de crise pour ce dossier."), NOTE)
            return
        write_version(writer, plan, self.services.ctx.today())

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def new_version(self) -> None:
        if self.case_id is None:
            return
        dialog = CrisisPlanDialog(self.services, self.case_id, self)

        def done() -> None:
            self.reload(dialog.result_plan.id)
            self.changed.emit()

        dialog.accepted.connect(done)
        self._open(dialog)

    def print_version(self) -> None:
        """Preview the selected version as a document, to print or save (the window names the
        version, never the patient)."""
        from rcp_desktop.reports.crisis_plan import build_crisis_plan
        from rcp_desktop.services.documents import DocumentService

        plan = self.current_version()
        if plan is None:
            return
        if self.generator is None:
            self.generator = DocumentGenerator(self, self.tasks)
        documents = DocumentService(self.services.ctx)
        case = self.services.cases.get(plan.case_id)
        self.generator.preview(
            self.tr("Préparation du plan de crise…"),
            lambda: build_crisis_plan(documents.crisis_plan(plan.id)),
            title=self.tr("plan de crise du dossier {number}, version {n}").format(
                number=case.number, n=plan.version
            ),
            suggested_name=f"plan-de-crise-{case.number}-v{plan.version}.pdf",
        )

    def compare(self) -> None:
        records = self.versions.source.records()
        if len(records) < 2:
            return
        current = self.current_version()
        second = current.id if current is not None else None
        self._open(CrisisCompareDialog(self.services, records, second, self))
