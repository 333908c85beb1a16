"""The TND pathway of a child's case file: the legal representatives and their consent, the
referral to the PCO (plateforme de coordination et d'orientation) with its dates, the early
assessments and interventions with their dates and providers, school and MDPH file status, and
the delays between the steps.

Rules
    Only a case file of the TND pathway has a TND part. No date is in the future nor before the
    child's birth. The steps of the pathway come in order: first concern ≤ PCO referral ≤ PCO
    acceptance ≤ end of the PCO's early-intervention package; an acceptance or an end needs the
    referral's date; an MDPH decision needs the filing's date and comes after it; the MDPH
    status says what is known (a filed file has its filing date, a decision its date, and a
    file not filed yet has neither). A legal representative's answer (consent given or
    refused) is dated; a pending one has no date. An assessment or intervention is prescribed,
    then started, then ended, in that order. Names hold 200 characters at most, notes 2,000.

Delays (:data:`DELAYS`, :func:`pathway_delays`; the statistics count the same ones)
    first concern → PCO referral; PCO referral → acceptance; PCO referral → first assessment and
    → first intervention started on or after the referral (an assessment made before the
    referral is not the PCO's); MDPH filing → decision; and, for each assessment or
    intervention, prescription → start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    CaseFile,
    MdphStatus,
    Pathway,
    Professional,
    SchoolStatus,
    TndConsent,
    TndDiscipline,
    TndFollowUp,
    TndRelationship,
    TndRepresentative,
    TndStep,
    TndStepKind,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import MAX_SHORT_TEXT, Validator

MAX_TND_NOTE = 2_000
MAX_PHONE = 40

MDPH_FILED = frozenset(
    {MdphStatus.FILED, MdphStatus.GRANTED, MdphStatus.PARTLY_GRANTED, MdphStatus.REFUSED}
)
MDPH_DECIDED = frozenset({MdphStatus.GRANTED, MdphStatus.PARTLY_GRANTED, MdphStatus.REFUSED})

NOT_TND = _N("core", "Le volet TND ne concerne que les dossiers du parcours TND.")
FUTURE = _N("core", "Cette date ne peut pas être dans le futur.")


# --- the delays ------------------------------------------------------------------------------


class TndDates(NamedTuple):
    """The dates of a child's pathway the delays are counted between."""

    first_concern_on: dt.date | None = None
    pco_referred_on: dt.date | None = None
    pco_accepted_on: dt.date | None = None
    first_assessment_on: dt.date | None = None
    first_intervention_on: dt.date | None = None
    mdph_filed_on: dt.date | None = None
    mdph_decision_on: dt.date | None = None


class DelaySpec(NamedTuple):
    key: str
    label: str
    start: str  # a TndDates field
    end: str


DELAYS: tuple[DelaySpec, ...] = (
    DelaySpec(
        "concern_to_referral",
        _N("core", "Repérage → adressage à la PCO"),
        "first_concern_on",
        "pco_referred_on",
    ),
    DelaySpec(
        "referral_to_acceptance",
        _N("core", "Adressage → validation par la PCO"),
        "pco_referred_on",
        "pco_accepted_on",
    ),
    DelaySpec(
        "referral_to_assessment",
        _N("core", "Adressage à la PCO → premier bilan"),
        "pco_referred_on",
        "first_assessment_on",
    ),
    DelaySpec(
        "referral_to_intervention",
        _N("core", "Adressage à la PCO → première intervention"),
        "pco_referred_on",
        "first_intervention_on",
    ),
    DelaySpec(
        "mdph",
        _N("core", "Dépôt du dossier MDPH → décision"),
        "mdph_filed_on",
        "mdph_decision_on",
    ),
)


class Delay(NamedTuple):
    key: str
    label: str
    start: dt.date | None
    end: dt.date | None

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days


def first_started(
    steps: list[tuple[TndStepKind, dt.date | None]], kind: TndStepKind, since: dt.date | None
) -> dt.date | None:
    """The first start of a step of *kind* on or after *since* (the PCO referral)."""
    if since is None:
        return None
    days = [day for k, day in steps if k is kind and day is not None and day >= since]
    return min(days, default=None)


def tnd_dates(
    follow_up: TndFollowUp | None, steps: list[tuple[TndStepKind, dt.date | None]]
) -> TndDates:
    if follow_up is None:
        return TndDates()
    referred = follow_up.pco_referred_on
    return TndDates(
        first_concern_on=follow_up.first_concern_on,
        pco_referred_on=referred,
        pco_accepted_on=follow_up.pco_accepted_on,
        first_assessment_on=first_started(steps, TndStepKind.ASSESSMENT, referred),
        first_intervention_on=first_started(steps, TndStepKind.INTERVENTION, referred),
        mdph_filed_on=follow_up.mdph_filed_on,
        mdph_decision_on=follow_up.mdph_decision_on,
    )


def pathway_delays(dates: TndDates) -> list[Delay]:
    return [
        Delay(spec.key, spec.label, getattr(dates, spec.start), getattr(dates, spec.end))
        for spec in DELAYS
    ]


def step_wait(step: TndStep) -> int | None:
    """Days from the prescription to the start of an assessment or intervention."""
    if step.prescribed_on is None or step.started_on is None:
        return None
    return (step.started_on - step.prescribed_on).days


# --- drafts ----------------------------------------------------------------------------------


@dataclass
class FollowUpDraft:
    first_concern_on: dt.date | None = None
    pco_name: str | None = None
    pco_referred_on: dt.date | None = None
    pco_accepted_on: dt.date | None = None
    pco_ended_on: dt.date | None = None
    school_status: SchoolStatus | None = None
    school_note: str | None = None
    mdph_status: MdphStatus | None = None
    mdph_filed_on: dt.date | None = None
    mdph_decision_on: dt.date | None = None
    mdph_note: str | None = None

    @classmethod
    def of(cls, f: TndFollowUp | None) -> FollowUpDraft:
        if f is None:
            return cls()
        return cls(
            f.first_concern_on,
            f.pco_name,
            f.pco_referred_on,
            f.pco_accepted_on,
            f.pco_ended_on,
            f.school_status,
            f.school_note,
            f.mdph_status,
            f.mdph_filed_on,
            f.mdph_decision_on,
            f.mdph_note,
        )


@dataclass
class RepresentativeDraft:
    name: str | None = None
    relationship: TndRelationship | None = None
    phone: str | None = None
    consent: TndConsent | None = TndConsent.PENDING
    consent_on: dt.date | None = None
    note: str | None = None

    @classmethod
    def of(cls, r: TndRepresentative) -> RepresentativeDraft:
        return cls(r.name, r.relationship_to_child, r.phone, r.consent, r.consent_on, r.note)


@dataclass
class StepDraft:
    kind: TndStepKind | None = None
    discipline: TndDiscipline | None = None
    professional_id: int | None = None
    provider_name: str | None = None
    prescribed_on: dt.date | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    note: str | None = None

    @classmethod
    def of(cls, s: TndStep) -> StepDraft:
        return cls(
            s.kind,
            s.discipline,
            s.professional_id,
            s.provider_name,
            s.prescribed_on,
            s.started_on,
            s.ended_on,
            s.note,
        )


@dataclass(frozen=True)
class TndOverview:
    """A TND case's whole TND part, for the case's tab."""

    case_id: int
    follow_up: TndFollowUp | None
    representatives: tuple[TndRepresentative, ...]
    steps: tuple[TndStep, ...]

    @property
    def dates(self) -> TndDates:
        return tnd_dates(self.follow_up, [(s.kind, s.started_on) for s in self.steps])

    @property
    def delays(self) -> list[Delay]:
        return pathway_delays(self.dates)

    @property
    def consent_given(self) -> bool:
        return any(r.consent is TndConsent.GIVEN for r in self.representatives)


# --- the service -----------------------------------------------------------------------------


class TndService(ServiceBase):
    def overview(self, case_id: int) -> TndOverview:
        with self._read() as s:
            case = self._get(s, CaseFile, case_id)
            follow_up = s.scalar(select(TndFollowUp).where(TndFollowUp.case_id == case.id))
            reps = s.scalars(
                select(TndRepresentative)
                .where(TndRepresentative.case_id == case.id)
                .order_by(TndRepresentative.id)
            )
            steps = s.scalars(
                select(TndStep)
                .where(TndStep.case_id == case.id)
                .options(selectinload(TndStep.professional))
                .order_by(
                    TndStep.prescribed_on.is_(None),
                    TndStep.prescribed_on,
                    TndStep.started_on,
                    TndStep.id,
                )
            )
            return TndOverview(case.id, follow_up, tuple(reps), tuple(steps))

    # --- checks ------------------------------------------------------------------------------

    def _tnd_case(self, s, case_id: int) -> CaseFile:
        case = self._get(s, CaseFile, case_id)
        if case.pathway is not Pathway.TND:
            raise RefusedError(NOT_TND)
        return case

    def _dates(self, v: Validator, case: CaseFile, values: dict[str, dt.date | None]) -> None:
        """No date in the future nor before the child's birth."""
        today = self.ctx.today()
        born = case.patient.birth_date
        for name, day in values.items():
            if day is None:
                continue
            if day > today:
                v.add(name, FUTURE)
            elif born is not None and day < born:
                v.add(
                    name,
                    _N("core", "Cette date précède la naissance de l'enfant ({date})."),
                    date=fr_date(born),
                )

    @staticmethod
    def _order(
        v: Validator, field: str, earlier: dt.date | None, later: dt.date | None, template: str
    ) -> None:
        if earlier is not None and later is not None and later < earlier:
            v.add(field, template, date=fr_date(earlier))

    # --- follow-up ---------------------------------------------------------------------------

    def _clean_follow_up(self, d: FollowUpDraft, case: CaseFile) -> dict:
        v = Validator()
        dates = {
            "first_concern_on": d.first_concern_on,
            "pco_referred_on": d.pco_referred_on,
            "pco_accepted_on": d.pco_accepted_on,
            "pco_ended_on": d.pco_ended_on,
            "mdph_filed_on": d.mdph_filed_on,
            "mdph_decision_on": d.mdph_decision_on,
        }
        self._dates(v, case, dates)
        self._order(
            v,
            "pco_referred_on",
            d.first_concern_on,
            d.pco_referred_on,
            _N("core", "L'adressage à la PCO ne peut pas précéder le repérage ({date})."),
        )
        self._order(
            v,
            "pco_accepted_on",
            d.pco_referred_on,
            d.pco_accepted_on,
            _N("core", "La validation par la PCO ne peut pas précéder l'adressage ({date})."),
        )
        self._order(
            v,
            "pco_ended_on",
            d.pco_accepted_on or d.pco_referred_on,
            d.pco_ended_on,
            _N("core", "La fin du forfait PCO ne peut pas précéder le {date}."),
        )
        if d.pco_referred_on is None:
            for name in ("pco_accepted_on", "pco_ended_on"):
                if dates[name] is not None:
                    v.add(name, _N("core", "Indiquez d'abord la date d'adressage à la PCO."))
        status = d.mdph_status
        if status in MDPH_FILED and d.mdph_filed_on is None:
            v.add("mdph_filed_on", _N("core", "Indiquez la date de dépôt du dossier MDPH."))
        if status not in MDPH_FILED and d.mdph_filed_on is not None:
            v.add("mdph_status", _N("core", "Un dossier daté du dépôt est au moins « déposé »."))
        if status in MDPH_DECIDED and d.mdph_decision_on is None:
            v.add("mdph_decision_on", _N("core", "Indiquez la date de la décision MDPH."))
        if status not in MDPH_DECIDED and d.mdph_decision_on is not None:
            v.add(
                "mdph_decision_on",
                _N("core", "Une date de décision va avec une décision (accordé ou refusé)."),
            )
        self._order(
            v,
            "mdph_decision_on",
            d.mdph_filed_on,
            d.mdph_decision_on,
            _N("core", "La décision MDPH ne peut pas précéder le dépôt ({date})."),
        )
        values = {
            **dates,
            "pco_name": v.optional_text("pco_name", d.pco_name, max_length=MAX_SHORT_TEXT),
            "school_status": d.school_status,
            "school_note": v.optional_text("school_note", d.school_note, max_length=MAX_TND_NOTE),
            "mdph_status": status,
            "mdph_note": v.optional_text("mdph_note", d.mdph_note, max_length=MAX_TND_NOTE),
        }
        v.raise_if_any()
        return values

    def save_follow_up(self, case_id: int, draft: FollowUpDraft) -> TndOverview:
        """Record (or correct) the PCO referral, school and MDPH status of a TND case."""
        with self._write() as s:
            case = self._tnd_case(s, case_id)
            values = self._clean_follow_up(draft, case)
            follow_up = s.scalar(select(TndFollowUp).where(TndFollowUp.case_id == case.id))
            if follow_up is None:
                follow_up = TndFollowUp(case_id=case.id)
                s.add(follow_up)
            for key, value in values.items():
                setattr(follow_up, key, value)
        return self.overview(case_id)

    # --- representatives ---------------------------------------------------------------------

    def _clean_representative(self, d: RepresentativeDraft, case: CaseFile) -> dict:
        v = Validator()
        name = v.required_text("name", d.name)
        v.required("relationship", d.relationship)
        phone = v.optional_text("phone", d.phone, max_length=MAX_PHONE)
        consent = v.required("consent", d.consent)
        consent_on = d.consent_on
        if consent is TndConsent.PENDING:
            consent_on = None
        elif consent is not None and consent_on is None:
            v.add("consent_on", _N("core", "Datez la réponse du représentant légal."))
        self._dates(v, case, {"consent_on": consent_on})
        note = v.optional_text("note", d.note, max_length=MAX_TND_NOTE)
        v.raise_if_any()
        return {
            "name": name,
            "relationship_to_child": d.relationship,
            "phone": phone,
            "consent": consent,
            "consent_on": consent_on,
            "note": note,
        }

    def add_representative(self, case_id: int, draft: RepresentativeDraft) -> TndRepresentative:
        with self._write() as s:
            case = self._tnd_case(s, case_id)
            rep = TndRepresentative(case_id=case.id, **self._clean_representative(draft, case))
            s.add(rep)
            s.flush()
            return rep

    def update_representative(self, rep_id: int, draft: RepresentativeDraft) -> TndRepresentative:
        with self._write() as s:
            rep = self._get(s, TndRepresentative, rep_id)
            values = self._clean_representative(draft, rep.case)
            for key, value in values.items():
                setattr(rep, key, value)
            return rep

    def delete_representative(self, rep_id: int) -> None:
        with self._write() as s:
            s.delete(self._get(s, TndRepresentative, rep_id))

    # --- assessments and interventions -------------------------------------------------------

    def _clean_step(self, s, d: StepDraft, case: CaseFile) -> dict:
        v = Validator()
        v.required("kind", d.kind)
        v.required("discipline", d.discipline)
        provider = v.optional_text("provider_name", d.provider_name, max_length=MAX_SHORT_TEXT)
        if d.professional_id is not None:
            self._get(s, Professional, d.professional_id)
            provider = None
        self._dates(
            v,
            case,
            {"prescribed_on": d.prescribed_on, "started_on": d.started_on, "ended_on": d.ended_on},
        )
        self._order(
            v,
            "started_on",
            d.prescribed_on,
            d.started_on,
            _N("core", "Le début ne peut pas précéder la prescription ({date})."),
        )
        self._order(
            v,
            "ended_on",
            d.started_on,
            d.ended_on,
            _N("core", "La fin ne peut pas précéder le début ({date})."),
        )
        if d.ended_on is not None and d.started_on is None:
            v.add("started_on", _N("core", "Indiquez la date de début avant celle de fin."))
        note = v.optional_text("note", d.note, max_length=MAX_TND_NOTE)
        v.raise_if_any()
        return {
            "kind": d.kind,
            "discipline": d.discipline,
            "professional_id": d.professional_id,
            "provider_name": provider,
            "prescribed_on": d.prescribed_on,
            "started_on": d.started_on,
            "ended_on": d.ended_on,
            "note": note,
        }

    def add_step(self, case_id: int, draft: StepDraft) -> TndStep:
        with self._write() as s:
            case = self._tnd_case(s, case_id)
            step = TndStep(case_id=case.id, **self._clean_step(s, draft, case))
            s.add(step)
            s.flush()
            step_id = step.id
        return self.get_step(step_id)

    def update_step(self, step_id: int, draft: StepDraft) -> TndStep:
        with self._write() as s:
            step = self._get(s, TndStep, step_id)
            values = self._clean_step(s, draft, step.case)
            for key, value in values.items():
                setattr(step, key, value)
        return self.get_step(step_id)

    def get_step(self, step_id: int) -> TndStep:
        with self._read() as s:
            return self._get(s, TndStep, step_id, options=(selectinload(TndStep.professional),))

    def delete_step(self, step_id: int) -> None:
        with self._write() as s:
            s.delete(self._get(s, TndStep, step_id))
