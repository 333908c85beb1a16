"""Demo TND pathways of the TND cases: the parents (legal representatives) and their consent,
the referral to the PCO and its acceptance, early assessments then interventions by the
directory's therapists (or a named outside provider), school and MDPH file. Drawn from a
generator of its own, so that adding them changed nothing else a seed produces."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from rcp_desktop.models import (
    CaseFile,
    MdphStatus,
    Pathway,
    Patient,
    Profession,
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
from rcp_desktop.services.demo.data import FEMALE_NAMES, MALE_NAMES
from rcp_desktop.services.demo.state import DemoRun

PCO_NAME = "PCO TND 0-12 ans Essonne Nord"
DISCIPLINES = {
    TndDiscipline.PSYCHOMOTRICITY: Profession.PSYCHOMOTOR_THERAPIST,
    TndDiscipline.SPEECH_THERAPY: Profession.SPEECH_THERAPIST,
    TndDiscipline.OCCUPATIONAL_THERAPY: Profession.OCCUPATIONAL_THERAPIST,
    TndDiscipline.PSYCHOLOGY: Profession.PSYCHOLOGIST,
}
OUTSIDE = ["CAMSP de Massy", "CMPP d'Orsay", "Cabinet libéral de neuropsychologie"]
STEP_NOTES = {
    TndStepKind.ASSESSMENT: "Bilan transmis à la famille et au médecin traitant.",
    TndStepKind.INTERVENTION: "Séance hebdomadaire, point d'étape à trois mois.",
}


def make_tnd(
    run: DemoRun, session: Session, pros: list[Professional], cases: list[CaseFile]
) -> None:
    rng = random.Random(f"rcp-demo-tnd-{run.seed}")
    today = run.today
    by_profession: dict[Profession, list[Professional]] = {}
    for pro in pros:
        if pro.active:
            by_profession.setdefault(pro.profession, []).append(pro)

    def day_after(day: dt.date, low: int, high: int) -> dt.date | None:
        later = day + dt.timedelta(days=rng.randint(low, high))
        return later if later <= today else None

    made = 0
    for case in cases:
        if case.pathway is not Pathway.TND:
            continue
        child = session.get(Patient, case.patient_id)
        assert child is not None
        born = child.birth_date
        age = (case.opened_on - born).days // 365
        concern = max(born, case.opened_on - dt.timedelta(days=rng.randint(20, 150)))
        for relationship in (TndRelationship.MOTHER, TndRelationship.FATHER)[: rng.randint(1, 2)]:
            first = rng.choice(
                FEMALE_NAMES if relationship is TndRelationship.MOTHER else MALE_NAMES
            )
            answered = rng.random() < 0.9
            session.add(
                TndRepresentative(
                    case_id=case.id,
                    name=f"{child.birth_name} {first}",
                    relationship_to_child=relationship,
                    phone=run.phone(),
                    consent=TndConsent.GIVEN if answered else TndConsent.PENDING,
                    consent_on=case.opened_on if answered else None,
                )
            )
        follow_up = TndFollowUp(case_id=case.id, first_concern_on=concern)
        if age <= 12 and rng.random() < 0.9:
            follow_up.pco_name = PCO_NAME
            follow_up.pco_referred_on = day_after(case.opened_on, 0, 30)
        referred = follow_up.pco_referred_on
        if referred is not None:
            follow_up.pco_accepted_on = day_after(referred, 5, 45)
            if follow_up.pco_accepted_on is not None:
                follow_up.pco_ended_on = day_after(follow_up.pco_accepted_on, 365, 365)
        follow_up.school_status = (
            rng.choice([SchoolStatus.NURSERY, SchoolStatus.NOT_SCHOOLED])
            if age < 3
            else rng.choice(
                [
                    SchoolStatus.ORDINARY,
                    SchoolStatus.ORDINARY,
                    SchoolStatus.ORDINARY_WITH_AESH,
                    SchoolStatus.ULIS,
                    SchoolStatus.SPECIALISED,
                ]
            )
        )
        follow_up.mdph_status = MdphStatus.NOT_STARTED
        if rng.random() < 0.6:
            filed = day_after(case.opened_on, 30, 200)
            if filed is None:
                follow_up.mdph_status = MdphStatus.IN_PREPARATION
            else:
                follow_up.mdph_filed_on = filed
                follow_up.mdph_status = MdphStatus.FILED
                decided = day_after(filed, 60, 240)
                if decided is not None:
                    follow_up.mdph_decision_on = decided
                    follow_up.mdph_status = rng.choice(
                        [
                            MdphStatus.GRANTED,
                            MdphStatus.GRANTED,
                            MdphStatus.PARTLY_GRANTED,
                            MdphStatus.REFUSED,
                        ]
                    )
        session.add(follow_up)
        start = follow_up.pco_accepted_on or referred or case.opened_on
        last_assessment = start
        for kind, count in (
            (TndStepKind.ASSESSMENT, rng.randint(1, 3)),
            (TndStepKind.INTERVENTION, rng.randint(0, 2)),
        ):
            base = start if kind is TndStepKind.ASSESSMENT else last_assessment
            for discipline in rng.sample(list(DISCIPLINES), count):
                prescribed = day_after(base, 0, 25)
                if prescribed is None:
                    continue
                started = day_after(prescribed, 10, 120)
                ended = (
                    day_after(started, 14, 60 if kind is TndStepKind.ASSESSMENT else 300)
                    if started is not None
                    else None
                )
                if kind is TndStepKind.ASSESSMENT and ended is not None:
                    last_assessment = max(last_assessment, ended)
                team = by_profession.get(DISCIPLINES[discipline], [])
                provider = rng.choice(team) if team and rng.random() < 0.8 else None
                session.add(
                    TndStep(
                        case_id=case.id,
                        kind=kind,
                        discipline=discipline,
                        professional_id=provider.id if provider else None,
                        provider_name=None if provider else rng.choice(OUTSIDE),
                        prescribed_on=prescribed,
                        started_on=started,
                        ended_on=ended,
                        note=STEP_NOTES[kind] if ended is not None else None,
                    )
                )
        made += 1
    run.report.counts["tnd_pathways"] = made
