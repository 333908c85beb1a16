"""Demo referral requests: the requests that led to some of the recent cases (received a few
days before the opening, sometimes after a request for more information), and a queue waiting
for triage — new ones (one urgent), one waiting for more information, refused ones with their
reason. Drawn from the extras' generator after every other step, so a seed's other data stay
as they were."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from rcp_desktop.models import (
    CaseFile,
    ConsentForm,
    Pathway,
    Professional,
    ReferralRequest,
    ReferralRequestStep,
    RequestSource,
    RequestStatus,
    RequestStep,
    RequestUrgency,
    Sex,
)
from rcp_desktop.services.demo.data import (
    COMMUNES,
    FEMALE_NAMES,
    MALE_NAMES,
    REFERRAL,
    SURNAMES,
    SYNTHESIS,
)
from rcp_desktop.services.demo.state import DemoRun

MORE_INFO = [
    "Merci de préciser le traitement en cours et les hospitalisations récentes.",
    "Le consentement du patient n'est pas indiqué : pouvez-vous le recueillir ?",
    "Merci de préciser la question posée à la RCP.",
]
REFUSALS = [
    "Patient domicilié hors du territoire de la CPTS : orienté vers la CPTS voisine.",
    "Situation relevant du dispositif d'appui à la coordination (DAC), qui a été contacté.",
]
_URGENCY = [(RequestUrgency.ROUTINE, 6), (RequestUrgency.SOON, 3), (RequestUrgency.URGENT, 1)]


def make_requests(
    run: DemoRun, session: Session, pros: list[Professional], cases: list[CaseFile]
) -> None:
    rng = run.extra_rng
    numbers: dict[int, int] = {}
    by_id = {p.id: p for p in pros}
    recent = [c for c in cases if (run.today - c.opened_on).days < 365 and c.referrer_id]
    for case in recent:
        if rng.random() > 0.4:
            continue
        assert case.referrer_id is not None  # chosen above
        referrer = by_id[case.referrer_id]
        patient = case.patient
        received = case.opened_on - dt.timedelta(days=rng.randint(2, 12))
        request = _request(
            run,
            session,
            referrer,
            received,
            status=RequestStatus.ACCEPTED,
            pathway=case.pathway,
            texts=(case.referral_reason, case.question),
            numbers=numbers,
            identity=(
                patient.birth_name,
                patient.first_names,
                patient.birth_date,
                patient.sex,
                patient.commune,
            ),
        )
        request.patient_id, request.case_id = patient.id, case.id
        request.answered_on = case.opened_on
        request.answer = "Situation inscrite : vous serez invité(e) pour la présentation."
        session.flush()  # its id, for the steps
        steps: list[tuple[RequestStep, dt.date, str | None]] = [
            (RequestStep.RECEIVED, received, None)
        ]
        if rng.random() < 0.25:
            asked = received + dt.timedelta(days=1)
            steps += [
                (RequestStep.INFO_REQUESTED, asked, rng.choice(MORE_INFO)),
                (RequestStep.COMPLETED, min(asked + dt.timedelta(days=1), case.opened_on), None),
            ]
        steps.append((RequestStep.ACCEPTED, case.opened_on, request.answer))
        _steps(run, session, request, steps)
    referrers = [p for p in pros if p.active]
    queue = [
        (RequestStatus.NEW, RequestUrgency.URGENT, 1),
        (RequestStatus.NEW, None, 2),
        (RequestStatus.NEW, None, 4),
        (RequestStatus.NEW, None, 6),
        (RequestStatus.INFO_REQUESTED, None, 9),
        (RequestStatus.REFUSED, None, 20),
        (RequestStatus.REFUSED, None, 45),
    ]
    for status, urgency, days in queue:
        received = run.today - dt.timedelta(days=days)
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        pathway = rng.choice([Pathway.MENTAL_HEALTH, Pathway.ELDERLY, Pathway.TND, Pathway.OTHER])
        if pathway is Pathway.TND:
            born = run.today - dt.timedelta(days=rng.randint(3 * 365, 9 * 365))
        elif pathway is Pathway.ELDERLY:
            born = run.today - dt.timedelta(days=rng.randint(75 * 365, 92 * 365))
        else:
            born = run.today - dt.timedelta(days=rng.randint(20 * 365, 60 * 365))
        first = rng.choice(FEMALE_NAMES if sex is Sex.FEMALE else MALE_NAMES)
        request = _request(
            run,
            session,
            rng.choice(referrers),
            received,
            status=status,
            pathway=pathway,
            texts=rng.choice(REFERRAL[pathway]),
            identity=(rng.choice(SURNAMES), first, born, sex, rng.choice(list(COMMUNES))),
            numbers=numbers,
            urgency=urgency,
        )
        steps = [(RequestStep.RECEIVED, received, None)]
        if status is RequestStatus.INFO_REQUESTED:
            request.answer = rng.choice(MORE_INFO)
            asked = received + dt.timedelta(days=2)
            steps.append((RequestStep.INFO_REQUESTED, asked, request.answer))
        elif status is RequestStatus.REFUSED:
            request.answer = rng.choice(REFUSALS)
            request.answered_on = received + dt.timedelta(days=3)
            steps.append((RequestStep.REFUSED, request.answered_on, request.answer))
        session.flush()
        _steps(run, session, request, steps)


def _request(
    run: DemoRun,
    session: Session,
    referrer: Professional,
    received: dt.date,
    *,
    status: RequestStatus,
    pathway: Pathway,
    texts: tuple[str, str],
    identity: tuple,
    numbers: dict[int, int],
    urgency: RequestUrgency | None = None,
) -> ReferralRequest:
    rng = run.extra_rng
    birth_name, first_names, birth_date, sex, commune = identity
    synthesis = SYNTHESIS[pathway]
    seq = numbers.get(received.year, 0) + 1
    numbers[received.year] = seq
    consent = rng.random() < 0.85
    request = ReferralRequest(
        number=f"D{received.year}-{seq:04d}",
        received_on=received,
        source=RequestSource.FORM if rng.random() < 0.7 else RequestSource.TYPED,
        status=status,
        urgency=urgency or rng.choices(*zip(*_URGENCY, strict=True))[0],
        referrer_id=referrer.id,
        referrer_name=f"{referrer.first_name} {referrer.last_name}",
        referrer_profession=referrer.profession_label,
        referrer_rpps=referrer.rpps,
        referrer_phone=referrer.phone,
        referrer_email=referrer.secure_email or referrer.email,
        birth_name=birth_name,
        first_names=first_names,
        birth_date=birth_date,
        sex=sex,
        commune=commune,
        pathway=pathway,
        reason=texts[0],
        question=texts[1],
        synthesis_organic=rng.choice(synthesis["organic"]),
        synthesis_psychic=rng.choice(synthesis["psychic"]),
        synthesis_social=rng.choice(synthesis["social"]),
        consent_obtained=consent,
        consent_on=received - dt.timedelta(days=rng.randint(0, 5)) if consent else None,
        consent_form=rng.choice([ConsentForm.ORAL, ConsentForm.WRITTEN]) if consent else None,
        recorded_by=run.operator,
    )
    if request.consent_on is not None and request.consent_on < birth_date:
        request.consent_on = received
    session.add(request)
    return request


def _steps(run: DemoRun, session: Session, request: ReferralRequest, steps) -> None:
    for step, on, text in steps:
        session.add(
            ReferralRequestStep(
                request_id=request.id,
                step=step,
                happened_on=on,
                text=text,
                recorded_by=run.operator,
                recorded_at=dt.datetime.combine(on, dt.time(9, 0)),
            )
        )
    run.report.counts["requests"] = run.report.counts.get("requests", 0) + 1
