"""The case view: one case file with its tabs — the case (fields and bio-psycho-social
synthesis), Chronologie, Pièces jointes, Plan de crise, USIPA, TND for a case of that
pathway, Événements de santé."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import CaseFile, CaseStatus, Pathway, label
from rcp_desktop.services import Services
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.cases.attachments import AttachmentsPanel
from rcp_desktop.ui.cases.case_dialog import CaseDialog, CaseStatusDialog
from rcp_desktop.ui.cases.common import EligibilityBanner, MessageLabel, plain_label
from rcp_desktop.ui.cases.crisis import CrisisPlanPanel
from rcp_desktop.ui.cases.outcomes import OutcomesPanel
from rcp_desktop.ui.cases.timeline import TimelinePanel
from rcp_desktop.ui.cases.tnd import TndPanel
from rcp_desktop.ui.cases.usipa import UsipaPanel
from rcp_desktop.ui.tasks import TaskRunner
from rcp_desktop.ui.widgets.common import section_title
from rcp_desktop.ui.widgets.record_model import display


class CaseView(QWidget):
    """Shows one case; ``back`` asks the page to return to the list, ``changed`` tells it
    the case (or what hangs on it) was written."""

    back = Signal()
    changed = Signal()

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.case: CaseFile | None = None
        self.dialog = None

        self.back_button = QPushButton(self.tr("← Retour à la liste"))
        self.back_button.setToolTip(self.tr("Retour à la liste des patients (Alt+Gauche)"))
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.back.emit)
        self.edit_button = QPushButton(self.tr("Modifier le dossier…"))
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_case())
        self.status_button = QPushButton(self.tr("Changer le statut…"))
        self.status_button.clicked.connect(lambda _checked=False: self.change_status())
        self.header = plain_label()
        self.header.setStyleSheet("QLabel { font-size: 14px; font-weight: bold; }")
        self.banner = EligibilityBanner()
        self.message = MessageLabel()

        # The case tab: its fields, read-only, long texts wrapped.
        self.fields: dict[str, QLabel] = {}
        case_tab = QWidget()
        form = QFormLayout(case_tab)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = [
            ("patient", self.tr("Patient :")),
            ("referrer", self.tr("Adresseur :")),
            ("pathway", self.tr("Parcours :")),
            ("status", self.tr("Statut :")),
            ("opened_on", self.tr("Ouvert le :")),
            ("next_review_on", self.tr("Prochaine révision :")),
            ("referral_reason", self.tr("Motif d'adressage :")),
            ("question", self.tr("Question à la RCP :")),
        ]
        for name, text in rows:
            self.fields[name] = plain_label(selectable=True)
            form.addRow(text, self.fields[name])
        form.addRow(section_title(self.tr("Synthèse bio-psycho-sociale")))
        for name, text in (
            ("synthesis_organic", self.tr("Organique :")),
            ("synthesis_psychic", self.tr("Psychique :")),
            ("synthesis_social", self.tr("Sociale :")),
        ):
            self.fields[name] = plain_label(selectable=True)
            form.addRow(text, self.fields[name])
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(case_tab)

        self.timeline = TimelinePanel(services, tasks)
        self.attachments = AttachmentsPanel(services, tasks)
        self.crisis = CrisisPlanPanel(services, tasks)
        self.usipa = UsipaPanel(services, tasks)
        self.attachments.changed.connect(self._related_changed)
        self.crisis.changed.connect(self._related_changed)
        self.usipa.changed.connect(self._related_changed)
        self.tnd = TndPanel(services, tasks)
        self.tnd.changed.connect(self._related_changed)
        self.outcomes = OutcomesPanel(services)
        self.outcomes.changed.connect(self._related_changed)
        self.usipa.changed.connect(self.outcomes.reload)  # an exit opens the readmission windows

        self.tabs = QTabWidget()
        self.case_tab = scroll
        self.tabs.addTab(scroll, self.tr("Dossier"))
        self.tabs.addTab(self.timeline, self.tr("Chronologie"))
        self.tabs.addTab(self.attachments, self.tr("Pièces jointes"))
        self.tabs.addTab(self.crisis, self.tr("Plan de crise"))
        self.tabs.addTab(self.usipa, self.tr("USIPA"))
        # Shown for a case of the TND pathway only.
        self.tnd_tab = self.tabs.addTab(self.tnd, self.tr("TND"))
        self.tabs.addTab(self.outcomes, self.tr("Événements de santé"))

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.header, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.status_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    # --- loading -------------------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        self.message.clear()
        self.case = None
        if case_id is not None:
            try:
                self.case = self.services.cases.get(case_id)
            except ServiceError as exc:
                self.message.setText(exc.message)
        self._show()
        ident = self.case.id if self.case else None
        self.timeline.set_case(ident)
        self.attachments.set_case(ident)
        self.crisis.set_case(ident)
        self.usipa.set_case(ident)
        is_tnd = self.case is not None and self.case.pathway is Pathway.TND
        self.tabs.setTabVisible(self.tnd_tab, is_tnd)
        self.tnd.set_case(ident if is_tnd else None)
        self.outcomes.set_case(ident)

    @property
    def loading(self) -> bool:
        """True while a part of the case is still being read off the GUI thread."""
        return self.timeline.loading

    def case_id(self) -> int | None:
        return self.case.id if self.case else None

    def reload(self) -> None:
        self.set_case(self.case_id())

    def _show(self) -> None:
        case = self.case
        self.edit_button.setEnabled(case is not None)
        self.status_button.setEnabled(case is not None)
        if case is None:
            self.header.setText(self.tr("Aucun dossier sélectionné."))
            self.banner.show_eligibility(None)
            for lbl in self.fields.values():
                lbl.clear()
            return
        patient = case.patient
        today = self.services.ctx.today()
        self.header.setText(
            self.tr(
                "Dossier {number} — {patient}, né(e) le {born} ({age} ans) — {pathway} — {status}"
            ).format(
                number=case.number,
                patient=patient.display_name,
                born=display(patient.birth_date),
                age=patient.age_on(today),
                pathway=label(case.pathway),
                status=label(case.status),
            )
        )
        self.banner.show_eligibility(self.services.patients.agenda_eligibility(patient.id))
        status = label(case.status)
        if case.status is CaseStatus.CLOSED:
            status = self.tr("{status} le {date} — motif : {reason}").format(
                status=status, date=display(case.closed_on), reason=case.closure_reason or ""
            )
        values = {
            "patient": f"{patient.birth_name.upper()} {patient.first_names}"
            + (
                self.tr(" (nom d'usage : {name})").format(name=patient.used_name)
                if patient.used_name
                else ""
            ),
            "referrer": case.referrer.display_name + " — " + case.referrer.profession_label
            if case.referrer
            else "—",
            "pathway": label(case.pathway),
            "status": status,
            "opened_on": display(case.opened_on),
            "next_review_on": display(case.next_review_on) or "—",
            "referral_reason": case.referral_reason,
            "question": case.question,
            "synthesis_organic": case.synthesis_organic or "—",
            "synthesis_psychic": case.synthesis_psychic or "—",
            "synthesis_social": case.synthesis_social or "—",
        }
        for name, value in values.items():
            self.fields[name].setText(value)

    def _related_changed(self) -> None:
        self.timeline.reload()
        self.changed.emit()

    # --- actions ---------------------------------------------------------------------------------

    def _open(self, dialog, on_accept) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accept)
        self.dialog = dialog
        dialog.open()

    def edit_case(self) -> None:
        if self.case is None:
            return
        dialog = CaseDialog(self.services, self.case.patient, self.case, parent=self)
        self._open(dialog, self._saved)

    def change_status(self, status: CaseStatus | None = None) -> None:
        if self.case is None:
            return
        dialog = CaseStatusDialog(self.services, self.case, parent=self, status=status)
        self._open(dialog, self._saved)

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()
