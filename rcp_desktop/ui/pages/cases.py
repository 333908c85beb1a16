"""Dossiers: find a patient or a case as you type (names, birth date, case number; accents and
case ignored), create and edit patients, record and withdraw consent (and see plainly whether
the patient can be put on an agenda), open case files and work in the case view."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.ages import FRAGILE_AGE, is_fragile_age
from rcp_desktop.models import Consent, Patient, label
from rcp_desktop.models.enums import born_on
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.patients import PatientListInfo
from rcp_desktop.ui.cases.case_dialog import CaseDialog
from rcp_desktop.ui.cases.case_view import CaseView
from rcp_desktop.ui.cases.common import EligibilityBanner, MessageLabel, plain_label
from rcp_desktop.ui.cases.consent import ConsentDialog, WithdrawConsentDialog, consent_kind_text
from rcp_desktop.ui.cases.patient_dialog import PatientDialog
from rcp_desktop.ui.latest import LatestLoad
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.record_model import Column, display

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 500
MISSING_COLOR = QColor("#a50e0e")
CASE_NUMBER = re.compile(r"^\d{4}-\d{4}$")


class CasesPage(Page):
    """The patients found and the selected patient's panel load off the GUI thread: the search
    runs a short while after the last keystroke (at once on Enter), the newest search wins, the
    patient's panel is filled after the list; :attr:`loading` is true until what was asked for
    is shown, :attr:`refreshed` says when."""

    refreshed = Signal()

    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Dossiers")
        self.dialog = None
        self.info: dict[int, PatientListInfo] = {}
        self.list_loader = LatestLoad(tasks, self)
        self.patient_loader = LatestLoad(tasks, self)
        for loader in (self.list_loader, self.patient_loader):
            loader.finished.connect(self._loaded)
        self._then: list = []  # what to do once the selected patient's panel is shown

        # --- search and list --------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Rechercher : nom, prénom, date de naissance (jj/mm/aaaa), n° de dossier…")
        )
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.new_patient_button = QPushButton(self.tr("Nouveau patient…"))
        self.new_patient_button.clicked.connect(self.new_patient)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._search_entered)

        self.patients = RecordTable(
            [
                Column(
                    self.tr("Nom"),
                    lambda p: (
                        p.used_name.upper()
                        + self.tr(" (né(e) {name})").format(name=p.birth_name.upper())
                        if p.used_name
                        else p.birth_name.upper()
                    ),
                    sort_key=lambda p: (p.used_name or p.birth_name).casefold(),
                ),
                Column(self.tr("Prénom(s)"), lambda p: p.first_names),
                Column(self.tr("Né(e) le"), lambda p: p.birth_date),
                Column(
                    self.tr("Consentement"),
                    lambda p: (
                        self.tr("en cours") if self._info(p).consent_ok else self.tr("manquant")
                    ),
                    tooltip=lambda p: (
                        None
                        if self._info(p).consent_ok
                        else self.tr(
                            "Sans consentement en cours (ni exception motivée), les dossiers ne peuvent "
                            "pas être inscrits à l'ordre du jour."
                        )
                    ),
                ),
                Column(self.tr("Dossiers"), lambda p: self._info(p).case_numbers, optional=True),
                Column(self.tr("Commune"), lambda p: p.commune, optional=True),
                Column(self.tr("Sexe"), lambda p: p.sex.value, optional=True),
                Column(self.tr("Identité"), lambda p: p.identity_status, optional=True),
            ]
        )
        self.patients.source.highlight = lambda p: (
            None if self._info(p).consent_ok else MISSING_COLOR
        )
        self.patients.current_record_changed.connect(self._show_patient)
        self.patients.doubleClicked.connect(lambda _i: self.edit_patient())

        # --- patient detail ---------------------------------------------------------------------
        self.patient: Patient | None = None
        self._shown_info: PatientListInfo | None = None
        self.identity = plain_label(selectable=True)
        self.edit_patient_button = QPushButton(self.tr("Modifier le patient…"))
        self.edit_patient_button.clicked.connect(self.edit_patient)
        self.eligibility = EligibilityBanner()
        self.consents = RecordTable(
            [
                Column(self.tr("Nature"), consent_kind_text),
                Column(self.tr("Date"), lambda c: c.given_on),
                Column(self.tr("Retiré le"), lambda c: c.withdrawn_on),
                Column(
                    self.tr("Portée / motif"),
                    lambda c: c.reason or c.scope,
                    tooltip=lambda c: c.reason or c.scope,
                ),
                Column(
                    self.tr("Note de retrait"),
                    lambda c: c.withdrawal_note,
                    tooltip=lambda c: c.withdrawal_note,
                    optional=True,
                ),
                Column(self.tr("Enregistré par"), lambda c: c.recorded_by, optional=True),
            ]
        )
        self.consents.setMaximumHeight(120)
        self.consents.current_record_changed.connect(lambda _c: self._update_buttons())
        self.consent_button = QPushButton(self.tr("Consentement…"))
        self.consent_button.setToolTip(
            self.tr("Enregistrer un consentement ou une exception motivée")
        )
        self.consent_button.clicked.connect(self.record_consent)
        self.withdraw_button = QPushButton(self.tr("Retirer…"))
        self.withdraw_button.setToolTip(self.tr("Retirer le consentement sélectionné"))
        self.withdraw_button.clicked.connect(self.withdraw_consent)

        self.cases = RecordTable(
            [
                Column(self.tr("N°"), lambda c: c.number),
                Column(self.tr("Parcours"), lambda c: c.pathway),
                Column(self.tr("Statut"), lambda c: c.status),
                Column(self.tr("Ouvert le"), lambda c: c.opened_on),
                Column(self.tr("Prochaine révision"), lambda c: c.next_review_on),
            ]
        )
        self.cases.current_record_changed.connect(self._show_case)
        self.cases.doubleClicked.connect(lambda _i: self.open_case())
        self.new_case_button = QPushButton(self.tr("Nouveau dossier…"))
        self.new_case_button.clicked.connect(self.new_case)
        self.open_case_button = QPushButton(self.tr("Ouvrir le dossier"))
        self.open_case_button.clicked.connect(lambda: self.open_case())
        self.case_detail = plain_label()
        self.case_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message = MessageLabel()

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        head = QHBoxLayout()
        head.addWidget(section_title(self.tr("Patient")), 1)
        head.addWidget(self.edit_patient_button)
        detail_layout.addLayout(head)
        detail_layout.addWidget(self.identity)
        detail_layout.addWidget(self.eligibility)
        consent_head = QHBoxLayout()
        consent_head.addWidget(section_title(self.tr("Consentement")), 1)
        consent_head.addWidget(self.consent_button)
        consent_head.addWidget(self.withdraw_button)
        detail_layout.addLayout(consent_head)
        detail_layout.addWidget(self.consents)
        cases_head = QHBoxLayout()
        cases_head.addWidget(section_title(self.tr("Dossiers du patient")), 1)
        cases_head.addWidget(self.new_case_button)
        cases_head.addWidget(self.open_case_button)
        detail_layout.addLayout(cases_head)
        detail_layout.addWidget(self.cases, 1)
        detail_layout.addWidget(self.case_detail)
        detail_layout.addWidget(self.message)

        splitter = QSplitter()
        splitter.addWidget(self.patients)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 460])
        self.splitter = splitter

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(self.new_patient_button)
        browser = QWidget()
        browser_layout = QVBoxLayout(browser)
        browser_layout.setContentsMargins(0, 0, 0, 0)
        browser_layout.addLayout(top)
        browser_layout.addWidget(splitter, 1)
        self.browser = browser

        self.case_view = CaseView(services, tasks)
        self.case_view.back.connect(self.show_list)
        self.case_view.changed.connect(self._case_changed)
        self.case_view.timeline.loader.finished.connect(self._loaded)

        self.stack = QStackedWidget()
        self.stack.addWidget(browser)
        self.stack.addWidget(self.case_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._show_patient(None)

    # --- list ----------------------------------------------------------------------------------

    def _info(self, patient: Patient) -> PatientListInfo:
        return self.info.get(patient.id) or PatientListInfo("", False)

    @property
    def loading(self) -> bool:
        return self.list_loader.loading or self.patient_loader.loading or self.case_view.loading

    def _loaded(self) -> None:
        if not self.loading:
            self.refreshed.emit()

    def refresh(self) -> None:
        if self.stack.currentWidget() is self.case_view:
            self.case_view.reload()
        self.reload_list(reload_patient=True)

    def reload_list(
        self, select_id: int | None = None, *, then=None, reload_patient: bool = False
    ) -> None:
        """Search again off the GUI thread (the text typed now), keeping the selected patient
        (or selecting *select_id*, even if the search does not find them); the patient's panel
        follows; *then()* runs once it is shown."""
        self._timer.stop()
        keep = self.patients.current_record()
        keep_id = select_id if select_id is not None else getattr(keep, "id", None)
        text = self.search.text()
        patients = self.services.patients
        self._then = [then] if then is not None else []
        if not self.patients.source.total():
            self.count.setText(self.tr("Chargement…"))

        def load():
            results = patients.search(text, limit=SEARCH_LIMIT)
            if select_id is not None and all(p.id != select_id for p in results):
                try:
                    results.insert(0, patients.get(select_id))
                except ServiceError:
                    pass
            return results, patients.list_info([p.id for p in results])

        self.list_loader.run(
            load,
            lambda loaded: self._show_list(
                text, keep_id, loaded, reload_patient or select_id is not None
            ),
            self._list_failed,
        )

    def _list_failed(self, message: str) -> None:
        self.count.clear()
        self.message.setText(message)

    def _show_list(self, text: str, keep_id, loaded, reload_patient: bool) -> None:
        results, info = loaded
        self.info = info
        self.patients.blockSignals(True)
        try:
            self.patients.set_records(results)
            found = self.patients.select_id(keep_id)
            if not found and len(results) == 1:
                self.patients.selectRow(0)
        finally:
            self.patients.blockSignals(False)
        more = (
            self.tr(" (les {n} premiers)").format(n=SEARCH_LIMIT)
            if len(results) >= SEARCH_LIMIT
            else ""
        )
        self.count.setText(self.tr("{n} patient(s)").format(n=len(results)) + more)
        current = self.patients.current_record()
        number = text.strip()
        if current is not None and CASE_NUMBER.match(number):
            self._then.insert(
                0,
                lambda: self.cases.select_id(
                    next((c.id for c in self.cases.source.records() if c.number == number), None)
                ),
            )
        shown = self.patient if not self.patient_loader.loading else None
        if (
            reload_patient
            or current is None
            or shown is None
            or shown.id != current.id
            or self.info.get(current.id) != self._shown_info
        ):
            self._show_patient(current)
        else:  # the same patient, unchanged: the panel stays as it is
            self._run_then()

    def _run_then(self) -> None:
        then, self._then = self._then, []
        for fn in then:
            fn()

    def _search_entered(self) -> None:
        """Enter searches at once; on a case number, it opens the case."""
        self.reload_list(then=self._open_typed_case)

    def _open_typed_case(self) -> None:
        number = self.search.text().strip()
        case = self.cases.current_record()
        if case is not None and case.number == number:
            self.open_case(case.id)

    def select_patient(self, patient_id: int) -> None:
        """Show the patient (even if the current search does not find them); the list and
        the patient's panel follow off the GUI thread (:attr:`loading`)."""
        self.show_list()
        self.reload_list(select_id=patient_id)

    # --- patient detail ------------------------------------------------------------------------

    def _show_patient(self, patient) -> None:
        """Fill the patient's panel, read off the GUI thread (the actions wait for it)."""
        self.message.clear()
        if patient is None:
            self.patient_loader.cancel()
            self.patient = None
            self._shown_info = None
            self.identity.setText(
                self.tr(
                    "Sélectionnez un patient dans la liste, ou créez-le («\u00a0Nouveau patient…\u00a0»)."
                )
            )
            self.eligibility.show_eligibility(None)
            self.consents.set_records([])
            self.cases.set_records([])
            self.case_detail.clear()
            self._update_buttons()
            self._run_then()
            return
        self.patient = None  # until this one arrives, nothing acts on the one shown before
        self._update_buttons()
        patient_id = patient.id
        patients = self.services.patients
        cases = self.services.cases

        def load():
            return (
                patients.get(patient_id),
                patients.agenda_eligibility(patient_id),
                patients.consents(patient_id),
                cases.list(patient_id=patient_id),
            )

        self.patient_loader.run(load, self._apply_patient, self._patient_failed)

    def _patient_failed(self, message: str) -> None:
        self._then = []
        self.message.setText(message)

    def _apply_patient(self, loaded) -> None:
        patient, eligibility, consents, cases = loaded
        self.patient = patient
        self._shown_info = self.info.get(patient.id)
        today = self.services.ctx.today()
        age = patient.age_on(today)
        lines = [
            f"{patient.birth_name.upper()} {patient.first_names}",
            self.tr("Nom d'usage : {name}").format(name=patient.used_name)
            if patient.used_name
            else "",
            self.tr("Prénom utilisé : {name}").format(name=patient.used_first_name)
            if patient.used_first_name
            else "",
            self.tr("{born} ({age} ans) — {sex} — lieu de naissance : {place}").format(
                born=born_on(patient.sex, display(patient.birth_date)).capitalize(),
                age=age,
                sex=label(patient.sex),
                place=patient.birth_place_code or "—",
            ),
            self.tr("Identité : {status} — NIR : {nir}").format(
                status=label(patient.identity_status), nir=patient.nir or "—"
            ),
            self.tr("Commune : {commune} — téléphone : {phone}").format(
                commune=patient.commune or "—", phone=patient.phone or "—"
            ),
            self.tr("Médecin traitant : {gp}").format(
                gp=patient.gp.display_name if patient.gp else (patient.gp_free_text or "—")
            ),
        ]
        flags = [
            name
            for name, on in (
                (self.tr("ALD"), patient.ald),
                (self.tr("C2S"), patient.c2s),
                (
                    self.tr("plus de {n} ans").format(n=FRAGILE_AGE),
                    is_fragile_age(patient.birth_date, today),
                ),
            )
            if on
        ]
        lines.append(
            self.tr("Fragilité : {flags}").format(
                flags=", ".join(flags) if flags else self.tr("aucune")
            )
        )
        self.identity.setText("\n".join(line for line in lines if line))
        self.eligibility.show_eligibility(eligibility)
        self.consents.set_records(consents)
        keep = self.cases.current_record()
        self.cases.set_records(cases, keep=keep)
        if self.cases.current_record() is None and self.cases.source.total():
            self.cases.selectRow(0)
        self._show_case(self.cases.current_record())
        self._run_then()

    def _show_case(self, case) -> None:
        if case is None:
            self.case_detail.clear()
        else:
            self.case_detail.setText(
                "\n".join(
                    [
                        self.tr("Motif : {text}").format(text=_short(case.referral_reason)),
                        self.tr("Question : {text}").format(text=_short(case.question)),
                    ]
                )
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_patient = self.patient is not None
        self.edit_patient_button.setEnabled(has_patient)
        self.consent_button.setEnabled(has_patient)
        self.new_case_button.setEnabled(has_patient)
        consent: Consent | None = self.consents.current_record()
        self.withdraw_button.setEnabled(consent is not None and consent.withdrawn_on is None)
        self.open_case_button.setEnabled(has_patient and self.cases.current_record() is not None)

    # --- dialogs -------------------------------------------------------------------------------

    def _open(self, dialog, on_accept) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accept)
        self.dialog = dialog
        dialog.open()

    def new_patient(self) -> None:
        dialog = PatientDialog(self.services, parent=self)
        self._open(dialog, lambda: self._patient_saved(dialog.result_patient))

    def edit_patient(self) -> None:
        if self.patient is None:
            return
        dialog = PatientDialog(self.services, self.patient, parent=self)
        self._open(dialog, lambda: self._patient_saved(dialog.result_patient))

    def _patient_saved(self, patient: Patient | None) -> None:
        if patient is not None:
            self.select_patient(patient.id)

    def record_consent(self) -> None:
        if self.patient is None:
            return
        dialog = ConsentDialog(self.services, self.patient, parent=self)
        self._open(dialog, lambda p=self.patient.id: self._consent_changed(p))

    def withdraw_consent(self) -> None:
        consent = self.consents.current_record()
        if consent is None or self.patient is None:
            return
        dialog = WithdrawConsentDialog(self.services, consent, parent=self)
        self._open(dialog, lambda p=self.patient.id: self._consent_changed(p))

    def _consent_changed(self, patient_id: int) -> None:
        self.reload_list(select_id=patient_id)

    def new_case(self) -> None:
        if self.patient is None:
            return
        dialog = CaseDialog(self.services, self.patient, parent=self)
        self._open(dialog, lambda: self._case_created(dialog.result_case))

    def _case_created(self, case) -> None:
        if case is None:
            return
        self.reload_list(select_id=case.patient_id)
        self.open_case(case.id)

    # --- case view -----------------------------------------------------------------------------

    def open_case(self, case_id: int | None = None) -> CaseView | None:
        if case_id is None:
            case = self.cases.current_record()
            if case is None or self.patient is None:  # (none, or the panel is loading)
                return None
            case_id = case.id
        self.case_view.set_case(case_id)
        self.case_view.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(self.case_view)
        return self.case_view

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.browser)

    def _case_changed(self) -> None:
        case = self.case_view.case
        if case is None:
            self.reload_list(reload_patient=True)
        else:
            self.reload_list(select_id=case.patient_id, then=lambda: self.cases.select_id(case.id))


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
