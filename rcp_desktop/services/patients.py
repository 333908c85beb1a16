"""Patients: identity (INS traits), consent, duplicate detection, search."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

from sqlalchemy import column, func, select
from sqlalchemy import text as sqltext
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.ages import age_on
from rcp_desktop.domain.dates import fr_date
from rcp_desktop.domain.identifiers import NIR_PATTERN, nir_is_valid, normalise_nir
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    CaseFile,
    Consent,
    ConsentForm,
    ConsentKind,
    IdentityStatus,
    Patient,
    Sex,
    label,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import OLDEST_BIRTH_DATE, Validator
from rcp_desktop.storage.search import SEARCH_TABLE, match_query

MAX_AGE = 125
MAX_NAME = 200
MAX_FIRST_NAMES = 300
MAX_CONSENT_TEXT = 5000
# INSEE code of a commune (or 99xxx for a country): 5 digits, Corsica 2A / 2B + 3 digits.
BIRTH_PLACE_PATTERN = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEFAULT_CONSENT_SCOPE = _N(
    "core",
    "Partage des informations utiles à la coordination entre les participants de la RCP.",
)


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
        "birth_name": v.required_text("birth_name", draft.birth_name, max_length=MAX_NAME),
        "first_names": v.required_text(
            "first_names", draft.first_names, max_length=MAX_FIRST_NAMES
        ),
        "used_name": v.optional_text("used_name", draft.used_name, max_length=MAX_NAME),
        "used_first_name": v.optional_text(
            "used_first_name", draft.used_first_name, max_length=MAX_NAME
        ),
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
            "birth_date",
            draft.birth_date,
            today,
            _N("core", "La date de naissance ne peut pas être dans le futur."),
        )
        if draft.birth_date < OLDEST_BIRTH_DATE or age_on(draft.birth_date, today) > MAX_AGE:
            v.add(
                "birth_date",
                _N("core", "Date de naissance invraisemblable (plus de {n} ans)."),
                n=MAX_AGE,
            )
    place = (draft.birth_place_code or "").strip().upper() or None
    if place is not None and not BIRTH_PLACE_PATTERN.match(place):
        v.add(
            "birth_place_code",
            _N(
                "core",
                "Le code du lieu de naissance (INSEE) compte 5 caractères : 5 chiffres, ou 2A / 2B "
                "suivi de 3 chiffres pour la Corse (99… pour un pays étranger).",
            ),
        )
    values["birth_place_code"] = place
    nir = normalise_nir(draft.nir or "") or None
    if nir is not None:
        if len(nir) != 15 or not NIR_PATTERN.match(nir) or not nir[13:].isdigit():
            v.add(
                "nir",
                _N(
                    "core",
                    "Le NIR compte 15 caractères : 13 (2A / 2B pour la Corse) suivis d'une clé de "
                    "2 chiffres.",
                ),
            )
        elif not nir_is_valid(nir):
            v.add(
                "nir",
                _N(
                    "core",
                    "NIR invalide : la clé de contrôle ne correspond pas. Vérifiez le numéro.",
                ),
            )
    values["nir"] = nir
    v.raise_if_any()
    return values


@dataclass(frozen=True)
class AgendaEligibility:
    """Whether a patient's cases may be put on a session's agenda on a given day."""

    covered: bool
    consent: Consent | None

    @property
    def message(self) -> str:
        c = self.consent
        if c is None:
            return translate(
                _N(
                    "core",
                    "Ne peut pas être inscrit à l'ordre du jour d'une séance : aucun consentement "
                    "au partage d'informations en cours, ni exception motivée. Enregistrez-le "
                    "(bouton «\u00a0Consentement…\u00a0»).",
                )
            )
        if c.kind is ConsentKind.EXCEPTION:
            return translate(
                _N(
                    "core",
                    "Peut être inscrit à l'ordre du jour : exception motivée enregistrée le {date}.",
                )
            ).format(date=fr_date(c.given_on))
        return (
            translate(
                _N("core", "Peut être inscrit à l'ordre du jour : consentement {form} du {date}.")
            )
            .format(form=label(c.form).lower() if c.form else "", date=fr_date(c.given_on))
            .replace("  ", " ")
        )


@dataclass(frozen=True)
class PatientListInfo:
    """What the patients list shows besides the identity: case numbers, consent today."""

    case_numbers: str
    consent_ok: bool


class PatientService(ServiceBase):
    def search(self, text: str = "", *, limit: int = 200) -> list[Patient]:
        """Patients matching every word of *text*, as typed: the beginning of any of their
        names (birth, used, first names; case and accents ignored), their birth date
        (jj/mm/aaaa, aaaa-mm-jj, jjmmaaaa, or its beginning) or a case number (or its
        beginning). Uses the FTS5 index (:mod:`rcp_desktop.storage.search`). An empty *text*
        lists everyone (up to *limit*), in alphabetical order."""
        stmt = select(Patient).order_by(
            func.lower(Patient.birth_name), Patient.first_names, Patient.id
        )
        if text.strip():
            query = match_query(text)
            if query is None:
                return []
            matching = (
                sqltext(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :query")
                .bindparams(query=query)
                .columns(column("rowid"))
            )
            stmt = stmt.where(Patient.id.in_(matching))
        with self._read() as s:
            return list(s.scalars(stmt.limit(limit)))

    def list_info(
        self, patient_ids: list[int], day: dt.date | None = None
    ) -> dict[int, PatientListInfo]:
        """Case numbers and consent coverage on *day* (today) of the given patients, in two
        queries (for the patients list)."""
        day = day or self.ctx.today()
        ids = list(patient_ids)
        numbers: dict[int, list[str]] = {}
        covered: set[int] = set()
        with self._read() as s:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for patient_id, number in s.execute(
                    select(CaseFile.patient_id, CaseFile.number)
                    .where(CaseFile.patient_id.in_(chunk))
                    .order_by(CaseFile.number)
                ):
                    numbers.setdefault(patient_id, []).append(number)
                for consent in s.scalars(select(Consent).where(Consent.patient_id.in_(chunk))):
                    if consent.is_active_on(day):
                        covered.add(consent.patient_id)
        return {
            i: PatientListInfo(case_numbers=", ".join(numbers.get(i, [])), consent_ok=i in covered)
            for i in ids
        }

    def get(self, patient_id: int) -> Patient:
        with self._read() as s:
            return self._get(
                s,
                Patient,
                patient_id,
                options=(selectinload(Patient.consents), selectinload(Patient.gp)),
            )

    def find_duplicates(
        self, birth_name: str, first_names: str, birth_date: dt.date
    ) -> list[Patient]:
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
            dupes = self.find_duplicates(
                values["birth_name"], values["first_names"], values["birth_date"]
            )
            if dupes:
                raise DuplicatePatientError(dupes)
        with self._write() as s:
            self._refuse_duplicate_nir(s, values["nir"], None)
            patient = Patient(**values)
            s.add(patient)
        return patient

    def update(
        self, patient_id: int, draft: PatientDraft, *, expected_version: int | None = None
    ) -> Patient:
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
        given_on: dt.date | None,
        form: ConsentForm | None,
        scope: str | None = None,
        kind: ConsentKind = ConsentKind.CONSENT,
        reason: str | None = None,
    ) -> Consent:
        """Record a consent (date, oral / written form, scope) or an explicit exception (its
        reason required) to the sharing of information within the conference."""
        v = Validator()
        v.required("given_on", given_on)
        v.date_not_after(
            "given_on",
            given_on,
            self.ctx.today(),
            _N("core", "La date ne peut pas être dans le futur."),
        )
        if kind is ConsentKind.CONSENT:
            v.required("form", form)
            reason = v.optional_text("reason", reason, max_length=MAX_CONSENT_TEXT)
        else:
            form = None
            reason = v.required_text("reason", reason, max_length=MAX_CONSENT_TEXT)
        scope = v.optional_text("scope", scope, max_length=MAX_CONSENT_TEXT)
        v.raise_if_any()
        with self._write() as s:
            patient = self._get(s, Patient, patient_id)
            assert given_on is not None  # required above
            if given_on < patient.birth_date:
                v.add(
                    "given_on", _N("core", "La date ne peut pas précéder la naissance du patient.")
                )
                v.raise_if_any()
            consent = Consent(
                patient_id=patient_id,
                kind=kind,
                given_on=given_on,
                form=form,
                scope=scope,
                reason=reason,
                recorded_by=self.ctx.actor.operator,
                recorded_at=self.ctx.now(),
            )
            s.add(consent)
        return consent

    def withdraw_consent(
        self, consent_id: int, *, on: dt.date | None, note: str | None = None
    ) -> Consent:
        """Withdraw a consent (or end an exception) from *on*; the history keeps it."""
        v = Validator()
        v.required("withdrawn_on", on)
        v.date_not_after(
            "withdrawn_on",
            on,
            self.ctx.today(),
            _N("core", "La date ne peut pas être dans le futur."),
        )
        note = v.optional_text("withdrawal_note", note, max_length=MAX_CONSENT_TEXT)
        v.raise_if_any()
        with self._write() as s:
            consent = self._get(s, Consent, consent_id)
            if consent.withdrawn_on is not None:
                raise RefusedError(_N("core", "Ce consentement est déjà retiré."))
            assert on is not None  # required above
            if on < consent.given_on:
                v.add(
                    "withdrawn_on", _N("core", "Le retrait ne peut pas précéder le consentement.")
                )
                v.raise_if_any()
            consent.withdrawn_on = on
            consent.withdrawal_note = note
        return consent

    def consents(self, patient_id: int) -> list[Consent]:
        """The consent history of a patient, most recent first."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(Consent)
                    .where(Consent.patient_id == patient_id)
                    .order_by(Consent.given_on.desc(), Consent.id.desc())
                )
            )

    def active_consent(self, patient_id: int, day: dt.date | None = None) -> Consent | None:
        """The consent or recorded exception that covers *day* (today by default), if any."""
        day = day or self.ctx.today()
        return next((c for c in self.consents(patient_id) if c.is_active_on(day)), None)

    def agenda_eligibility(self, patient_id: int, day: dt.date | None = None) -> AgendaEligibility:
        """Whether the patient's cases can be put on an agenda on *day* (today): the same rule
        as :func:`rcp_desktop.services.agenda.consent_covers`."""
        consent = self.active_consent(patient_id, day)
        return AgendaEligibility(covered=consent is not None, consent=consent)
