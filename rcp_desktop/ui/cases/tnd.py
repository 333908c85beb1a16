"""The TND tab of a child's case: legal representatives and their consent, the PCO referral,
school and MDPH file, early assessments and interventions, and the delays between the steps."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    MdphStatus,
    SchoolStatus,
    TndConsent,
    TndDiscipline,
    TndRelationship,
    TndRepresentative,
    TndStep,
    TndStepKind,
    label,
)
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.tnd import (
    FollowUpDraft,
    RepresentativeDraft,
    StepDraft,
    TndOverview,
    step_wait,
)
from rcp_desktop.ui.cases.common import plain_label, text_edit
from rcp_desktop.ui.cases.usipa import compact
from rcp_desktop.ui.meetings.common import FormDialog, error_label
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.fields import DateField, EnumCombo, ProfessionalPicker
from rcp_desktop.ui.widgets.record_model import Column

NOTE_HEIGHT = 56


def _text(edit) -> str | None:
    text = edit.toPlainText() if hasattr(edit, "toPlainText") else edit.text()
    return text or None


class FollowUpDialog(FormDialog):
    """The steps of the pathway that happen once: first concern, PCO referral, acceptance and
    end of its package, school, MDPH file."""

    def __init__(self, services, case_id: int, overview: TndOverview, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.result_overview: TndOverview | None = None
        self.setWindowTitle(self.tr("Parcours TND : PCO, scolarité, MDPH"))
        draft = FollowUpDraft.of(overview.follow_up)
        self.first_concern_on = DateField(draft.first_concern_on)
        self.pco_name = QLineEdit(draft.pco_name or "")
        self.pco_name.setPlaceholderText(self.tr("Plateforme de coordination et d'orientation"))
        self.pco_referred_on = DateField(draft.pco_referred_on)
        self.pco_accepted_on = DateField(draft.pco_accepted_on)
        self.pco_ended_on = DateField(draft.pco_ended_on)
        self.school_status = EnumCombo(SchoolStatus, empty=self.tr("— non renseignée —"))
        self.school_status.set_value(draft.school_status)
        self.school_note = text_edit(NOTE_HEIGHT, self.tr("Classe, aménagements, heures d'AESH…"))
        self.school_note.setPlainText(draft.school_note or "")
        self.mdph_status = EnumCombo(MdphStatus, empty=self.tr("— non renseigné —"))
        self.mdph_status.set_value(draft.mdph_status)
        self.mdph_filed_on = DateField(draft.mdph_filed_on)
        self.mdph_decision_on = DateField(draft.mdph_decision_on)
        self.mdph_note = text_edit(NOTE_HEIGHT, self.tr("AEEH, PCH, orientation, AESH…"))
        self.mdph_note.setPlainText(draft.mdph_note or "")
        self.dates = {
            "first_concern_on": self.first_concern_on,
            "pco_referred_on": self.pco_referred_on,
            "pco_accepted_on": self.pco_accepted_on,
            "pco_ended_on": self.pco_ended_on,
            "mdph_filed_on": self.mdph_filed_on,
            "mdph_decision_on": self.mdph_decision_on,
        }
        form = QFormLayout()
        form.addRow(
            self.tr("Premier repérage :"), self.field("first_concern_on", self.first_concern_on)
        )
        form.addRow(section_title(self.tr("Plateforme de coordination et d'orientation (PCO)")))
        form.addRow(self.tr("PCO :"), self.field("pco_name", self.pco_name))
        form.addRow(self.tr("Adressée le :"), self.field("pco_referred_on", self.pco_referred_on))
        form.addRow(self.tr("Validée le :"), self.field("pco_accepted_on", self.pco_accepted_on))
        form.addRow(self.tr("Fin du forfait :"), self.field("pco_ended_on", self.pco_ended_on))
        form.addRow(section_title(self.tr("Scolarité")))
        form.addRow(self.tr("Scolarité :"), self.field("school_status", self.school_status))
        form.addRow(self.tr("Précisions :"), self.field("school_note", self.school_note))
        form.addRow(section_title(self.tr("Dossier MDPH")))
        form.addRow(self.tr("État :"), self.field("mdph_status", self.mdph_status))
        form.addRow(self.tr("Déposé le :"), self.field("mdph_filed_on", self.mdph_filed_on))
        form.addRow(self.tr("Décision le :"), self.field("mdph_decision_on", self.mdph_decision_on))
        form.addRow(self.tr("Précisions :"), self.field("mdph_note", self.mdph_note))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)

    def draft(self) -> FollowUpDraft:
        return FollowUpDraft(
            first_concern_on=self.first_concern_on.value(),
            pco_name=self.pco_name.text() or None,
            pco_referred_on=self.pco_referred_on.value(),
            pco_accepted_on=self.pco_accepted_on.value(),
            pco_ended_on=self.pco_ended_on.value(),
            school_status=self.school_status.value(),
            school_note=_text(self.school_note),
            mdph_status=self.mdph_status.value(),
            mdph_filed_on=self.mdph_filed_on.value(),
            mdph_decision_on=self.mdph_decision_on.value(),
            mdph_note=_text(self.mdph_note),
        )

    def save(self) -> None:
        if self.bad_dates(self.dates):
            return
        draft = self.draft()
        result = self.attempt(lambda: self.services.tnd.save_follow_up(self.case_id, draft))
        if result is not None:
            self.result_overview = result
            self.accept()


class RepresentativeDialog(FormDialog):
    """A legal representative of the child, and their consent."""

    def __init__(
        self, services, case_id: int, rep: TndRepresentative | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.rep = rep
        self.setWindowTitle(
            self.tr("Modifier le représentant légal") if rep else self.tr("Représentant légal")
        )
        self.setMinimumWidth(480)
        draft = RepresentativeDraft.of(rep) if rep else RepresentativeDraft()
        self.name = QLineEdit(draft.name or "")
        self.name.setPlaceholderText(self.tr("Nom et prénom"))
        self.relationship = EnumCombo(TndRelationship, empty=self.tr("— choisir —"))
        self.relationship.set_value(draft.relationship)
        self.phone = QLineEdit(draft.phone or "")
        self.consent = EnumCombo(TndConsent)
        self.consent.set_value(draft.consent)
        self.consent_on = DateField(draft.consent_on)
        self.note = text_edit(NOTE_HEIGHT)
        self.note.setPlainText(draft.note or "")
        form = QFormLayout()
        form.addRow(self.tr("Nom :"), self.field("name", self.name))
        form.addRow(self.tr("Lien avec l'enfant :"), self.field("relationship", self.relationship))
        form.addRow(self.tr("Téléphone :"), self.field("phone", self.phone))
        form.addRow(self.tr("Consentement :"), self.field("consent", self.consent))
        form.addRow(self.tr("Date de la réponse :"), self.field("consent_on", self.consent_on))
        form.addRow(self.tr("Note :"), self.field("note", self.note))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)

    def save(self) -> None:
        if self.bad_dates({"consent_on": self.consent_on}):
            return
        draft = RepresentativeDraft(
            self.name.text(),
            self.relationship.value(),
            self.phone.text() or None,
            self.consent.value(),
            self.consent_on.value(),
            _text(self.note),
        )
        if self.rep is None:
            result = self.attempt(lambda: self.services.tnd.add_representative(self.case_id, draft))
        else:
            result = self.attempt(
                lambda: self.services.tnd.update_representative(self.rep.id, draft)
            )
        if result is not None:
            self.accept()


class StepDialog(FormDialog):
    """An early assessment or intervention: discipline, provider, dates."""

    def __init__(self, services, case_id: int, step: TndStep | None = None, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.step = step
        self.setWindowTitle(
            self.tr("Modifier le bilan ou l'intervention")
            if step
            else self.tr("Bilan ou intervention")
        )
        self.setMinimumWidth(520)
        draft = StepDraft.of(step) if step else StepDraft(kind=TndStepKind.ASSESSMENT)

        def professionals():
            pros = services.directory.list(active_only=True)
            if step is not None and step.professional is not None:
                if step.professional_id not in {p.id for p in pros}:
                    pros.append(step.professional)
            return pros

        self.kind = EnumCombo(TndStepKind, empty=self.tr("— choisir —"))
        self.kind.set_value(draft.kind)
        self.discipline = EnumCombo(TndDiscipline, empty=self.tr("— choisir —"))
        self.discipline.set_value(draft.discipline)
        self.professional = ProfessionalPicker(professionals, empty=self.tr("— hors annuaire —"))
        compact(self.professional)
        self.professional.set_value(draft.professional_id)
        self.provider_name = QLineEdit(draft.provider_name or "")
        self.provider_name.setPlaceholderText(self.tr("CAMSP, CMPP, cabinet… (hors annuaire)"))
        self.prescribed_on = DateField(draft.prescribed_on)
        self.started_on = DateField(draft.started_on)
        self.ended_on = DateField(draft.ended_on)
        self.note = text_edit(NOTE_HEIGHT)
        self.note.setPlainText(draft.note or "")
        form = QFormLayout()
        form.addRow(self.tr("Type :"), self.field("kind", self.kind))
        form.addRow(self.tr("Discipline :"), self.field("discipline", self.discipline))
        form.addRow(self.tr("Intervenant :"), self.field("professional_id", self.professional))
        form.addRow(self.tr("Autre intervenant :"), self.field("provider_name", self.provider_name))
        form.addRow(self.tr("Prescrit le :"), self.field("prescribed_on", self.prescribed_on))
        form.addRow(self.tr("Commencé le :"), self.field("started_on", self.started_on))
        form.addRow(self.tr("Terminé le :"), self.field("ended_on", self.ended_on))
        form.addRow(self.tr("Note :"), self.field("note", self.note))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)

    def save(self) -> None:
        dates = {
            "prescribed_on": self.prescribed_on,
            "started_on": self.started_on,
            "ended_on": self.ended_on,
        }
        if self.bad_dates(dates):
            return
        draft = StepDraft(
            self.kind.value(),
            self.discipline.value(),
            self.professional.value(),
            self.provider_name.text() or None,
            self.prescribed_on.value(),
            self.started_on.value(),
            self.ended_on.value(),
            _text(self.note),
        )
        if self.step is None:
            result = self.attempt(lambda: self.services.tnd.add_step(self.case_id, draft))
        else:
            result = self.attempt(lambda: self.services.tnd.update_step(self.step.id, draft))
        if result is not None:
            self.accept()


def _days(n: int | None) -> str:
    return "" if n is None else str(n)


class TndPanel(QWidget):
    """Shown as a tab of a TND case. ``set_case(None)`` empties it; ``changed`` is emitted after
    every write so the case view can reload what depends on it."""

    changed = Signal()

    def __init__(self, services, tasks=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.case_id: int | None = None
        self.overview: TndOverview | None = None
        self.dialog: QDialog | None = None

        self.state = plain_label()
        self.state.setObjectName("sectionTitle")
        self.message = error_label()

        self.representatives = RecordTable(
            [
                Column(self.tr("Nom"), lambda r: r.name),
                Column(self.tr("Lien"), lambda r: r.relationship_to_child),
                Column(self.tr("Téléphone"), lambda r: r.phone, optional=True),
                Column(self.tr("Consentement"), lambda r: r.consent),
                Column(self.tr("Le"), lambda r: r.consent_on),
            ]
        )
        self.representatives.setMinimumHeight(80)
        self.representatives.setMaximumHeight(100)
        self.representatives.current_record_changed.connect(lambda _r: self._update_buttons())
        self.representatives.doubleClicked.connect(lambda _i: self.edit_representative())
        self.add_rep_button = QPushButton(self.tr("Ajouter…"))
        self.edit_rep_button = QPushButton(self.tr("Modifier…"))
        self.delete_rep_button = QPushButton(self.tr("Supprimer"))
        self.add_rep_button.clicked.connect(lambda _c=False: self.add_representative())
        self.edit_rep_button.clicked.connect(lambda _c=False: self.edit_representative())
        self.delete_rep_button.clicked.connect(lambda _c=False: self.delete_representative())

        self.follow_up = plain_label(selectable=True)
        self.edit_follow_up_button = QPushButton(self.tr("Modifier PCO, scolarité, MDPH…"))
        self.edit_follow_up_button.clicked.connect(lambda _c=False: self.edit_follow_up())

        self.steps = RecordTable(
            [
                Column(self.tr("Type"), lambda s: s.kind),
                Column(self.tr("Discipline"), lambda s: s.discipline),
                Column(self.tr("Intervenant"), lambda s: s.provider),
                Column(self.tr("Prescrit"), lambda s: s.prescribed_on),
                Column(self.tr("Début"), lambda s: s.started_on),
                Column(self.tr("Fin"), lambda s: s.ended_on, optional=True),
                Column(
                    self.tr("Attente (j)"),
                    lambda s: _days(step_wait(s)),
                    sort_key=lambda s: step_wait(s) if step_wait(s) is not None else -1,
                    align_right=True,
                ),
            ]
        )
        self.steps.setMinimumHeight(150)
        self.steps.current_record_changed.connect(lambda _s: self._update_buttons())
        self.steps.doubleClicked.connect(lambda _i: self.edit_step())
        self.add_step_button = QPushButton(self.tr("Ajouter…"))
        self.edit_step_button = QPushButton(self.tr("Modifier…"))
        self.delete_step_button = QPushButton(self.tr("Supprimer"))
        self.add_step_button.clicked.connect(lambda _c=False: self.add_step())
        self.edit_step_button.clicked.connect(lambda _c=False: self.edit_step())
        self.delete_step_button.clicked.connect(lambda _c=False: self.delete_step())

        self.delays = plain_label(selectable=True)

        def buttons(*items: QPushButton) -> QHBoxLayout:
            row = QHBoxLayout()
            for b in items:
                row.addWidget(b)
            row.addStretch(1)
            return row

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.state)
        inner.addWidget(self.message)
        inner.addWidget(section_title(self.tr("Représentants légaux et consentement")))
        inner.addWidget(self.representatives)
        inner.addLayout(buttons(self.add_rep_button, self.edit_rep_button, self.delete_rep_button))
        inner.addWidget(section_title(self.tr("PCO, scolarité et dossier MDPH")))
        inner.addWidget(self.follow_up)
        inner.addLayout(buttons(self.edit_follow_up_button))
        inner.addWidget(section_title(self.tr("Délais entre les étapes")))
        inner.addWidget(self.delays)
        inner.addWidget(section_title(self.tr("Bilans et interventions précoces")))
        inner.addWidget(self.steps, 1)
        inner.addLayout(
            buttons(self.add_step_button, self.edit_step_button, self.delete_step_button)
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.set_case(None)

    # --- loading ------------------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.reload()

    def reload(self) -> None:
        self.message.clear()
        self.overview = None
        if self.case_id is not None:
            try:
                self.overview = self.services.tnd.overview(self.case_id)
            except ServiceError as exc:
                self.message.setText(exc.message)
        o = self.overview
        self.representatives.set_records(list(o.representatives) if o else [])
        self.steps.set_records(list(o.steps) if o else [])
        self._show(o)
        self._update_buttons()

    def _show(self, o: TndOverview | None) -> None:
        if o is None:
            for lbl in (self.state, self.follow_up, self.delays):
                lbl.setText("")
            return
        if not o.representatives:
            consent = self.tr("Aucun représentant légal noté.")
        elif o.consent_given:
            consent = self.tr("Consentement d'un représentant légal recueilli.")
        else:
            consent = self.tr("Consentement des représentants légaux non recueilli.")
        f = o.follow_up
        if f is None or f.pco_referred_on is None:
            pco = self.tr("Pas encore adressé à la PCO.")
        elif f.pco_accepted_on is None:
            pco = self.tr("Adressé à la PCO le {date}, en attente de validation.").format(
                date=fr_date(f.pco_referred_on)
            )
        else:
            pco = self.tr("Suivi par la PCO depuis le {date}.").format(
                date=fr_date(f.pco_accepted_on)
            )
        self.state.setText(f"{consent} {pco}")
        unknown = self.tr("non renseigné")
        lines = []
        if f is not None:
            lines.append(
                self.tr("Premier repérage : {date}").format(
                    date=fr_date(f.first_concern_on) or unknown
                )
            )
            lines.append(
                self.tr(
                    "PCO : {name} — adressée le {referred}, validée le {accepted}, fin du forfait {ended}"
                ).format(
                    name=f.pco_name or unknown,
                    referred=fr_date(f.pco_referred_on) or "—",
                    accepted=fr_date(f.pco_accepted_on) or "—",
                    ended=fr_date(f.pco_ended_on) or "—",
                )
            )
        school = label(f.school_status) if f and f.school_status else unknown
        if f is not None and f.school_note:
            school += " — " + f.school_note
        lines.append(self.tr("Scolarité : {text}").format(text=school))
        mdph = label(f.mdph_status) if f and f.mdph_status else unknown
        if f is not None and f.mdph_filed_on:
            mdph += self.tr(", déposé le {date}").format(date=fr_date(f.mdph_filed_on))
        if f is not None and f.mdph_decision_on:
            mdph += self.tr(", décision le {date}").format(date=fr_date(f.mdph_decision_on))
        if f is not None and f.mdph_note:
            mdph += " — " + f.mdph_note
        lines.append(self.tr("MDPH : {text}").format(text=mdph))
        self.follow_up.setText("\n".join(lines))
        delays = []
        for d in o.delays:
            if d.days is None:
                text = self.tr("{label} : —").format(label=translate(d.label))
            else:
                text = self.tr("{label} : {days} jour(s) (du {start} au {end})").format(
                    label=translate(d.label),
                    days=d.days,
                    start=fr_date(d.start),
                    end=fr_date(d.end),
                )
            delays.append(text)
        waits = [w for w in (step_wait(s) for s in o.steps) if w is not None]
        if waits:
            delays.append(
                self.tr(
                    "Attente prescription → début : {n} bilan(s) ou intervention(s), "
                    "{low} à {high} jour(s)"
                ).format(n=len(waits), low=min(waits), high=max(waits))
            )
        self.delays.setText("\n".join(delays))

    def _update_buttons(self) -> None:
        has_case = self.overview is not None
        for b in (self.add_rep_button, self.add_step_button, self.edit_follow_up_button):
            b.setEnabled(has_case)
        rep = self.representatives.current_record()
        self.edit_rep_button.setEnabled(rep is not None)
        self.delete_rep_button.setEnabled(rep is not None)
        step = self.steps.current_record()
        self.edit_step_button.setEnabled(step is not None)
        self.delete_step_button.setEnabled(step is not None)

    # --- writing ------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._written)
        self.dialog = dialog
        dialog.open()

    def _written(self) -> None:
        self.reload()
        self.changed.emit()

    def edit_follow_up(self) -> None:
        if self.overview is not None:
            self._open(FollowUpDialog(self.services, self.overview.case_id, self.overview, self))

    def add_representative(self) -> None:
        if self.overview is not None:
            self._open(RepresentativeDialog(self.services, self.overview.case_id, parent=self))

    def edit_representative(self) -> None:
        rep = self.representatives.current_record()
        if self.overview is not None and rep is not None:
            self._open(RepresentativeDialog(self.services, self.overview.case_id, rep, self))

    def add_step(self) -> None:
        if self.overview is not None:
            self._open(StepDialog(self.services, self.overview.case_id, parent=self))

    def edit_step(self) -> None:
        step = self.steps.current_record()
        if self.overview is not None and step is not None:
            self._open(StepDialog(self.services, self.overview.case_id, step, self))

    def _confirm(self, title: str, question: str) -> bool:
        """Yes / No, the question shown as plain text (a name may hold markup)."""
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, title, question, yes | no, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == yes

    def delete_representative(self) -> None:
        rep = self.representatives.current_record()
        if rep is None or not self._confirm(
            self.tr("Supprimer le représentant légal"),
            self.tr("Retirer {name} des représentants légaux ?").format(name=rep.name),
        ):
            return
        self._run(lambda: self.services.tnd.delete_representative(rep.id))

    def delete_step(self) -> None:
        step = self.steps.current_record()
        if step is None or not self._confirm(
            self.tr("Supprimer le bilan ou l'intervention"),
            self.tr("Supprimer : {kind} de {discipline} ?").format(
                kind=label(step.kind), discipline=label(step.discipline)
            ),
        ):
            return
        self._run(lambda: self.services.tnd.delete_step(step.id))

    def _run(self, fn) -> None:
        try:
            fn()
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        self._written()
