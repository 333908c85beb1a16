"""Dossiers: find a patient as you type, see their identity, consent and case files."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import label
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.widgets.common import RecordTable, section_title
from rcp_desktop.ui.widgets.record_model import Column, display

SEARCH_DELAY_MS = 150


class DossiersPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Dossiers")
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Rechercher un patient : nom, prénom, date de naissance (jj/mm/aaaa), n° de dossier…")
        )
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())

        self.patients = RecordTable(
            [
                Column(self.tr("Nom"), lambda p: (p.used_name or p.birth_name).upper()),
                Column(self.tr("Nom de naissance"), lambda p: p.birth_name.upper()),
                Column(self.tr("Prénom(s)"), lambda p: p.first_names),
                Column(self.tr("Né(e) le"), lambda p: p.birth_date),
                Column(self.tr("Sexe"), lambda p: p.sex.value),
                Column(self.tr("Commune"), lambda p: p.commune),
                Column(self.tr("Identité"), lambda p: p.identity_status),
            ]
        )
        self.patients.current_record_changed.connect(self._show_patient)

        self.identity = QLabel()
        self.identity.setTextFormat(Qt.TextFormat.PlainText)
        self.identity.setWordWrap(True)
        self.consent = QLabel()
        self.consent.setTextFormat(Qt.TextFormat.PlainText)
        self.consent.setWordWrap(True)
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
        self.case_detail = QLabel()
        self.case_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.case_detail.setWordWrap(True)
        self.case_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        detail = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("Identité :"), self.identity)
        form.addRow(self.tr("Consentement :"), self.consent)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(section_title(self.tr("Patient")))
        detail_layout.addLayout(form)
        detail_layout.addWidget(section_title(self.tr("Dossiers du patient")))
        detail_layout.addWidget(self.cases, 1)
        detail_layout.addWidget(self.case_detail, 1)

        splitter = QSplitter()
        splitter.addWidget(self.patients)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._show_patient(None)

    def refresh(self) -> None:
        keep = self.patients.current_record()
        results = self.services.patients.search(self.search.text(), limit=500)
        self.patients.set_records(results, keep=keep)
        self.count.setText(self.tr("{n} patient(s)").format(n=len(results)))
        if self.patients.current_record() is None:
            self._show_patient(None)

    def _show_patient(self, patient) -> None:
        if patient is None:
            self.identity.setText(self.tr("Sélectionnez un patient dans la liste."))
            self.consent.clear()
            self.cases.set_records([])
            self.case_detail.clear()
            return
        patient = self.services.patients.get(patient.id)
        today = self.services.ctx.today()
        lines = [
            f"{patient.birth_name.upper()} {patient.first_names}",
            self.tr("Nom d'usage : {name}").format(name=patient.used_name) if patient.used_name else "",
            self.tr("Né(e) le {date} ({age} ans) — {sex}").format(
                date=display(patient.birth_date), age=patient.age_on(today), sex=label(patient.sex)
            ),
            self.tr("Identité : {status}").format(status=label(patient.identity_status)),
            self.tr("Commune : {commune}").format(commune=patient.commune or "—"),
            self.tr("Médecin traitant : {gp}").format(
                gp=patient.gp.display_name if patient.gp else (patient.gp_free_text or "—")
            ),
        ]
        flags = [
            name
            for name, on in (
                (self.tr("ALD"), patient.ald),
                (self.tr("C2S"), patient.c2s),
                (self.tr("plus de 70 ans"), patient.age_on(today) > 70),
            )
            if on
        ]
        if flags:
            lines.append(self.tr("Fragilité : {flags}").format(flags=", ".join(flags)))
        self.identity.setText("\n".join(line for line in lines if line))
        active = self.services.patients.active_consent(patient.id)
        if active is None:
            self.consent.setText(self.tr("Aucun consentement en cours."))
        else:
            self.consent.setText(
                self.tr("{kind} du {date}").format(kind=label(active.kind), date=display(active.given_on))
                + (f" ({label(active.form)})" if active.form else "")
            )
        self.cases.set_records(self.services.cases.list(patient_id=patient.id))
        self.case_detail.clear()

    def _show_case(self, case) -> None:
        if case is None:
            self.case_detail.clear()
            return
        self.case_detail.setText(
            "\n".join(
                [
                    self.tr("Motif : {text}").format(text=case.referral_reason),
                    self.tr("Question : {text}").format(text=case.question),
                ]
            )
        )
