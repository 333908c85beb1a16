"""Demo patients (with their consent) and cases; afterwards, each case's status history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from rcp_desktop.domain.identifiers import with_nir_key
from rcp_desktop.models import (
    CaseFile,
    CaseStatus,
    CaseStatusChange,
    Consent,
    ConsentForm,
    ConsentKind,
    IdentityStatus,
    Pathway,
    Patient,
    Profession,
    Professional,
    Sex,
)
from rcp_desktop.services.demo.data import (
    AGE_RANGE,
    COMMUNES,
    FEMALE_NAMES,
    MALE_NAMES,
    OTHER_BIRTH_PLACES,
    PATHWAY_MIX,
    REFERRAL,
    REFERRERS,
    SYNTHESIS,
)
from rcp_desktop.services.demo.state import DemoRun

# Pathways whose patients sometimes come back in the other one (crisis plan then USIPA, say).
_RETURNING = (Pathway.MENTAL_HEALTH, Pathway.USIPA)


def make_cases(run: DemoRun, session: Session, pros: list[Professional]) -> list[CaseFile]:
    """The size's cases, opened on random days of the period, each with its patient (new, or
    now and then a returning mental-health patient) and a referrer whose profession fits the
    pathway (never a paediatrician for an adult)."""
    rng = run.rng
    gps = [p for p in pros if p.profession is Profession.GENERAL_PRACTITIONER]
    referrers = {
        pathway: [p for p in pros if p.profession in professions]
        for pathway, professions in REFERRERS.items()
    }
    cases: list[CaseFile] = []
    patients: list[tuple[Patient, Pathway]] = []
    opened_dates = sorted(
        run.rand_date(run.start, run.today - dt.timedelta(days=3))
        for _ in range(run.size.cases(run.years))
    )
    for opened in opened_dates:
        pathway = run.pick_weighted(PATHWAY_MIX)
        reuse = [p for p, pw in patients if pw in _RETURNING]
        if pathway in _RETURNING and reuse and rng.random() < 0.08:
            patient = rng.choice(reuse)
        else:
            patient = make_patient(run, session, pathway, opened, gps)
        patients.append((patient, pathway))
        reason, question = rng.choice(REFERRAL[pathway])
        case = CaseFile(
            number=_case_number(run, opened.year),
            patient_id=patient.id,
            referrer_id=rng.choice(referrers[pathway]).id,
            pathway=pathway,
            status=CaseStatus.OPEN,
            opened_on=opened,
            referral_reason=reason,
            question=question,
            synthesis_organic=rng.choice(SYNTHESIS[pathway]["organic"]),
            synthesis_psychic=rng.choice(SYNTHESIS[pathway]["psychic"]),
            synthesis_social=rng.choice(SYNTHESIS[pathway]["social"]),
            next_review_on=opened + dt.timedelta(days=rng.randint(7, 40)),
        )
        cases.append(run.add(session, case))
        run.case_sector[case.id] = sector_of(run, patient.commune)
        run.case_gp[case.id] = patient.gp_id
    run.report.cases = len(cases)
    return cases


def sector_of(run: DemoRun, commune: str | None) -> int:
    """The sector whose sessions see a patient of *commune* (communes dealt out in order)."""
    names = list(COMMUNES)
    return names.index(commune) % run.size.sectors if commune in names else 0


def make_patient(
    run: DemoRun, session: Session, pathway: Pathway, on: dt.date, gps: list[Professional]
) -> Patient:
    """A patient of an age fitting *pathway*, with a consent given on *on*."""
    rng = run.rng
    low, high = AGE_RANGE[pathway]
    age = rng.randint(low, high)
    birth = on - dt.timedelta(days=round(365.25 * age) + rng.randint(0, 364))
    sex = rng.choice([Sex.FEMALE, Sex.MALE]) if rng.random() > 0.005 else Sex.UNDETERMINED
    birth_name, first = run.person_name(Sex.MALE if sex is Sex.MALE else Sex.FEMALE)
    first_names = first
    if rng.random() < 0.5:
        first_names += " " + rng.choice(FEMALE_NAMES if sex is Sex.FEMALE else MALE_NAMES)
    used_name = None
    if sex is Sex.FEMALE and age > 25 and rng.random() < 0.2:
        used_name = run.person_name(Sex.MALE)[0]
    commune = rng.choice(list(COMMUNES))
    place = COMMUNES[commune] if rng.random() < 0.4 else rng.choice(OTHER_BIRTH_PLACES)
    nir = None
    if rng.random() < 0.6 and sex is not Sex.UNDETERMINED:
        while nir is None or nir in run.used_nir:
            body = (
                ("1" if sex is Sex.MALE else "2")
                + f"{birth.year % 100:02d}{birth.month:02d}"
                + place
                + f"{rng.randint(1, 999):03d}"
            )
            nir = with_nir_key(body)
        run.used_nir.add(nir)
    gp = rng.choice(gps) if rng.random() < 0.85 and gps else None
    patient = Patient(
        birth_name=birth_name,
        first_names=first_names,
        used_name=used_name,
        birth_date=birth,
        sex=sex,
        birth_place_code=place,
        identity_status=IdentityStatus.CHECKED
        if rng.random() < 0.6
        else IdentityStatus.PROVISIONAL,
        nir=nir,
        commune=commune,
        phone=run.phone() if rng.random() < 0.7 else None,
        gp_id=gp.id if gp else None,
        gp_free_text=None if gp else "Dr " + run.person_name(Sex.MALE)[0] + " (hors territoire)",
        ald=rng.random() < (0.6 if pathway is Pathway.ELDERLY else 0.3),
        c2s=rng.random() < 0.15,
    )
    run.add(session, patient)
    roll = rng.random()
    if roll < 0.03:
        consent = Consent(
            patient_id=patient.id,
            kind=ConsentKind.EXCEPTION,
            given_on=on,
            reason="Patient hors d'état d'exprimer sa volonté ; situation d'urgence, "
            "information donnée à la personne de confiance.",
            recorded_by=run.operator,
        )
    else:
        consent = Consent(
            patient_id=patient.id,
            kind=ConsentKind.CONSENT,
            given_on=on,
            form=ConsentForm.WRITTEN if roll < 0.7 else ConsentForm.ORAL,
            scope="Partage des informations utiles à la coordination entre les participants de la RCP.",
            recorded_by=run.operator,
        )
    run.add(session, consent)
    run.report.patients += 1
    return patient


def _case_number(run: DemoRun, year: int) -> str:
    run.case_seq[year] = run.case_seq.get(year, 0) + 1
    return f"{year}-{run.case_seq[year]:04d}"


def make_status_history(
    run: DemoRun, session: Session, cases: list[CaseFile], days: dict[int, list[dt.date]]
) -> None:
    """The status changes the generator made: in follow-up from the first presentation,
    closed on the closing session."""
    for case in cases:
        if case.status is CaseStatus.OPEN or case.id not in days:
            continue
        run.add(
            session,
            CaseStatusChange(
                case_id=case.id,
                status=CaseStatus.FOLLOW_UP,
                previous_status=CaseStatus.OPEN,
                changed_on=days[case.id][0],
                recorded_by=run.operator,
                recorded_at=dt.datetime.combine(days[case.id][0], dt.time(22, 0)),
            ),
        )
        if case.status is CaseStatus.CLOSED and case.closed_on is not None:
            run.add(
                session,
                CaseStatusChange(
                    case_id=case.id,
                    status=CaseStatus.CLOSED,
                    previous_status=CaseStatus.FOLLOW_UP,
                    changed_on=case.closed_on,
                    reason=case.closure_reason,
                    recorded_by=run.operator,
                    recorded_at=dt.datetime.combine(case.closed_on, dt.time(22, 0)),
                ),
            )
