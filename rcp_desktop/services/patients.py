"""Patients: identity (INS traits), consent, duplicate detection, search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    CaseFile,
    Consent,
    ConsentForm,
    ConsentKind,
    IdentityStatus,
    Patient,
    Sex,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import (
    OLDEST_BIRTH_DATE,
    Validator,
    nir_is_valid,
    normalise_nir,
)

FRAGILE_AGE = 70


@dataclass
class PatientDraft:
    birth_name: str = ""
    first_names: str = ""
    used_name: str | None = None
    used_first_name: str | None = None
    birth_date: dt.date | None = None
    sex: Sex | None = None
    birth_place_code: str | None = None
    identity_status: IdentityStatus = IdentityStatus.PROVISIONAL
    nir: str | None = None
    commune: str | None = None
    phone: str | None = None
    gp_id: int | None = None
    gp_free_text: str | None = None
    ald: bool = False
    c2s: bool = False

    @classmethod
    def of(cls, patient: Patient) -> PatientDraft:
        return cls(**{f.name: getattr(patient, f.name) for f in fields(cls)})


class DuplicatePatientError(RefusedError):
    """A patient with the same birth name, first name and birth date exists."""

    def __init__(self, candidates: list[Patient]) -> None:
        self.candidates = candidates
        super().__init__(
            _N(
                "core",
                "Un patient de même nom de naissance, prénom et date de naissance existe déjà. "
                "S'agit-il de la même personne ?",
            )
        )


def clean_patient(draft: PatientDraft, today: dt.date) -> dict:
    v = Validator()
    values = {
        "birth_name": v.required_text("birth_name", draft.birth_name),
        "first_names": v.required_text("first_names", draft.first_names, max_length=300),
        "used_name": v.optional_text("used_name", draft.used_name, max_length=200),
        "used_first_name": v.optional_text("used_first_name", draft.used_first_name, max_length=200),
        "birth_date": v.required("birth_date", draft.birth_date),
        "sex": v.required("sex", draft.sex),
        "identity_status": draft.identity_status or IdentityStatus.PROVISIONAL,
        "commune": v.optional_text("commune", draft.commune, max_length=200),
        "phone": v.optional_text("phone", draft.phone, max_length=40),
        "gp_id": draft.gp_id,
        "gp_free_text": v.optional_text("gp_free_text", draft.gp_free_text, max_length=300),
        "ald": bool(draft.ald),
        "c2s": bool(draft.c2s),
    }
    if draft.birth_date is not None:
        v.date_not_after(
            "birth_date", draft.birth_date, today,
            _N("core", "La date de naissance ne peut pas être dans le futur."),
        )
        if draft.birth_date < OLDEST_BIRTH_DATE:
            v.add("birth_date", _N("core", "Date de naissance invraisemblable."))
    place = (draft.birth_place_code or "").strip().upper() or None
    if place is not None and (len(place) != 5 or not place.replace("2A", "20").replace("2B", "20").isalnum()):
        v.add("birth_place_code", _N("core", "Le code du lieu de naissance (INSEE) compte 5 caractères."))
    values["birth_place_code"] = place
    nir = normalise_nir(draft.nir or "") or None
    if nir is not None and not nir_is_valid(nir):
        v.add("nir", _N("core", "NIR invalide : 15 caractères attendus et une clé de contrôle juste."))
    values["nir"] = nir
    v.raise_if_any()
    return values


def is_fragile_by_age(patient: Patient, day: dt.date) -> bool:
    return patient.age_on(day) > FRAGILE_AGE


class PatientService(ServiceBase):
    def search(self, text: str = "", *, limit: int = 200) -> list[Patient]:
        """Patients whose names, birth date (dd/mm/yyyy or yyyy-mm-dd) or case number match
        every word of *text*."""
        stmt = select(Patient).order_by(func.lower(Patient.birth_name), Patient.first_names)
        for word in text.split():
            stmt = stmt.where(self._word_clause(word))
        with self._read() as s:
            return list(s.scalars(stmt.limit(limit)))

    @staticmethod
    def _word_clause(word: str):
        pattern = f"%{word}%"
        clauses = [
            Patient.birth_name.ilike(pattern),
            Patient.used_name.ilike(pattern),
            Patient.first_names.ilike(pattern),
            Patient.used_first_name.ilike(pattern),
            Patient.id.in_(select(CaseFile.patient_id).where(CaseFile.number.ilike(pattern))),
        ]
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                clauses.append(Patient.birth_date == dt.datetime.strptime(word, fmt).date())
            except ValueError:
                pass
        return or_(*clauses)

    def get(self, patient_id: int) -> Patient:
        with self._read() as s:
            return self._get(
                s, Patient, patient_id, options=(selectinload(Patient.consents), selectinload(Patient.gp))
            )

    def find_duplicates(self, birth_name: str, first_names: str, birth_date: dt.date) -> list[Patient]:
        first = first_names.strip().split(" ")[0].lower() if first_names.strip() else ""
        stmt = select(Patient).where(
            func.lower(Patient.birth_name) == birth_name.strip().lower(),
            Patient.birth_date == birth_date,
        )
        with self._read() as s:
            return [
                p for p in s.scalars(stmt) if p.first_names.strip().split(" ")[0].lower() == first
            ]

    def create(self, draft: PatientDraft, *, allow_duplicate: bool = False) -> Patient:
        values = clean_patient(draft, self.ctx.today())
        if not allow_duplicate:
            dupes = self.find_duplicates(values["birth_name"], values["first_names"], values["birth_date"])
            if dupes:
                raise DuplicatePatientError(dupes)
        with self._write() as s:
            self._refuse_duplicate_nir(s, values["nir"], None)
            patient = Patient(**values)
            s.add(patient)
        return patient

    def update(self, patient_id: int, draft: PatientDraft, *, expected_version: int | None = None) -> Patient:
        values = clean_patient(draft, self.ctx.today())
        with self._write() as s:
            patient = self._get(s, Patient, patient_id, expected_version)
            self._refuse_duplicate_nir(s, values["nir"], patient_id)
            for key, value in values.items():
                setattr(patient, key, value)
        return patient

    @staticmethod
    def _refuse_duplicate_nir(session, nir: str | None, own_id: int | None) -> None:
        if nir is None:
            return
        other = session.scalar(select(Patient.id).where(Patient.nir == nir))
        if other is not None and other != own_id:
            v = Validator()
            v.add("nir", _N("core", "Ce NIR est déjà celui d'un autre patient."))
            v.raise_if_any()

    # --- consent ------------------------------------------------------------------------------

    def record_consent(
        self,
        patient_id: int,
        *,
        given_on: dt.date,
        form: ConsentForm | None,
        scope: str | None = None,
        kind: ConsentKind = ConsentKind.CONSENT,
        reason: str | None = None,
    ) -> Consent:
        v = Validator()
        v.required("given_on", given_on)
        v.date_not_after("given_on", given_on, self.ctx.today(), _N("core", "La date ne peut pas être dans le futur."))
        if kind is ConsentKind.CONSENT:
            v.required("form", form)
            reason = v.optional_text("reason", reason)
        else:
            reason = v.required_text("reason", reason, max_length=5000)
        scope = v.optional_text("scope", scope, max_length=5000)
        v.raise_if_any()
        with self._write() as s:
            self._get(s, Patient, patient_id)
            consent = Consent(
                patient_id=patient_id,
                kind=kind,
                given_on=given_on,
                form=form,
                scope=scope,
                reason=reason,
                recorded_by=self.ctx.actor.operator,
            )
            s.add(consent)
        return consent

    def withdraw_consent(self, consent_id: int, *, on: dt.date, note: str | None = None) -> Consent:
        with self._write() as s:
            consent = self._get(s, Consent, consent_id)
            if consent.withdrawn_on is not None:
                raise RefusedError(_N("core", "Ce consentement est déjà retiré."))
            if on < consent.given_on:
                v = Validator()
                v.add("withdrawn_on", _N("core", "Le retrait ne peut pas précéder le consentement."))
                v.raise_if_any()
            consent.withdrawn_on = on
            consent.withdrawal_note = (note or "").strip() or None
        return consent

    def active_consent(self, patient_id: int, day: dt.date | None = None) -> Consent | None:
        """The consent or recorded exception that covers *day* (today by default), if any."""
        day = day or self.ctx.today()
        with self._read() as s:
            consents = s.scalars(
                select(Consent).where(Consent.patient_id == patient_id).order_by(Consent.given_on.desc())
            )
            return next((c for c in consents if c.is_active_on(day)), None)
