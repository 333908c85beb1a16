"""Demo data of the CPTS's year (issue 15): the indemnisation rate and cap, the ACI targets of
every year, the annual report's text of the last whole year, health events on the cases
(crises, emergency visits, hospitalisations before and after the opening, readmissions after
some USIPA exits), end-of-session evaluations of most sessions held, a few corrections of
participants' time. Drawn last from the run's generator, so it changes nothing the earlier
steps make."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    AciTarget,
    AnnualReportText,
    Attendance,
    CaseFile,
    CrisisPlanVersion,
    DurationFeeling,
    Meeting,
    OutcomeEvent,
    OutcomeKind,
    ParticipationTime,
    Pathway,
    Presence,
    SessionEvaluation,
    TargetLevel,
    UsipaEnrolment,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.demo.state import DemoRun

RATE_CENTS = 5_000  # 50 € an hour
CAP_CENTS = 80_000  # 800 € a year per professional
# (indicator, level, target for a standard demo year)
TARGETS = (
    ("sessions_held", TargetLevel.CORE, 70),
    ("quorum_share", TargetLevel.OPTIONAL, 95),
    ("situations", TargetLevel.CORE, 120),
    ("presentations", TargetLevel.CORE, 220),
    ("professionals", TargetLevel.CORE, 60),
    ("rcp_hours", TargetLevel.OPTIONAL, 900),
    ("crisis_plans", TargetLevel.CORE, 25),
    ("usipa_inclusions", TargetLevel.OPTIONAL, 12),
    ("patients", TargetLevel.CORE, 100),
)
COMMENTS = (
    "Échanges riches, décisions claires.",
    "Ordre du jour trop chargé.",
    "Bonne présence des infirmiers.",
    "Manquait le psychiatre pour deux situations.",
)
HIGHLIGHTS = (
    "Ouverture du parcours USIPA sur tout le territoire ; premier plan de crise conjoint "
    "partagé avec les urgences du centre hospitalier."
)
DIFFICULTIES = (
    "Présence irrégulière des médecins généralistes en soirée ; délais d'accès au CMP encore longs."
)


def _event(
    run: DemoRun, case: CaseFile, kind: OutcomeKind, day: dt.date, **kw: object
) -> OutcomeEvent | None:
    if day > run.today or day < case.patient.birth_date:
        return None
    return OutcomeEvent(case_id=case.id, occurred_on=day, kind=kind, recorded_by=run.operator, **kw)


def make_year(run: DemoRun, session: Session, cases: list[CaseFile]) -> None:
    rng = run.rng
    settings_mod.put(session, settings_mod.INDEMNITY_RATE_CENTS, RATE_CENTS)
    settings_mod.put(session, settings_mod.INDEMNITY_CAP_CENTS, CAP_CENTS)
    for year in range(run.start.year, run.today.year + 1):
        for code, level, target in TARGETS:
            session.add(AciTarget(year=year, indicator=code, level=level, target=float(target)))
    session.add(
        AnnualReportText(year=run.today.year - 1, highlights=HIGHLIGHTS, difficulties=DIFFICULTIES)
    )

    # Health events: most patients of mental health and USIPA were hospitalised in the year
    # before their case was opened; fewer after, when a crisis plan helps.
    events: list[OutcomeEvent | None] = []
    first_plan: dict[int, dt.date] = {
        case_id: day
        for case_id, day in session.execute(
            select(CrisisPlanVersion.case_id, func.min(CrisisPlanVersion.drawn_up_on)).group_by(
                CrisisPlanVersion.case_id
            )
        )
    }
    for case in cases:
        focused = case.pathway in (Pathway.MENTAL_HEALTH, Pathway.USIPA)
        if rng.random() < (0.8 if focused else 0.3):
            before = case.opened_on - dt.timedelta(days=rng.randint(10, 330))
            events.append(_event(run, case, OutcomeKind.HOSPITALISATION, before))
        if rng.random() < (0.45 if focused else 0.15):
            day = run.rand_date(case.opened_on, run.today)
            events.append(
                _event(
                    run,
                    case,
                    OutcomeKind.HOSPITALISATION,
                    day,
                    planned=rng.random() < 0.3,
                )
            )
        if rng.random() < 0.35:
            day = run.rand_date(case.opened_on, run.today)
            events.append(_event(run, case, OutcomeKind.EMERGENCY_VISIT, day))
        if focused and rng.random() < 0.4:
            day = run.rand_date(case.opened_on, run.today)
            plan_on = first_plan.get(case.id)
            used = rng.random() < 0.6 if plan_on is not None and plan_on <= day else None
            events.append(_event(run, case, OutcomeKind.CRISIS, day, crisis_plan_used=used))
    for enrolment in session.scalars(
        select(UsipaEnrolment).where(UsipaEnrolment.exit_on.is_not(None))
    ):
        assert enrolment.exit_on is not None
        if rng.random() < 0.3:
            exited = session.get(CaseFile, enrolment.case_id)
            assert exited is not None
            day = enrolment.exit_on + dt.timedelta(days=rng.randint(5, 80))
            events.append(_event(run, exited, OutcomeKind.HOSPITALISATION, day))
    for event in events:
        if event is not None:
            session.add(event)

    # End-of-session evaluations of most sessions held; a few time corrections.
    held = list(session.scalars(select(Meeting).where(Meeting.status.in_(HELD_MEETING_STATUSES))))
    for meeting in held:
        if rng.random() < 0.75:
            session.add(
                SessionEvaluation(
                    meeting_id=meeting.id,
                    satisfaction=rng.choice((3, 4, 4, 4, 5, 5)),
                    usefulness=rng.choice((3, 4, 4, 5, 5)),
                    duration=rng.choice(
                        (DurationFeeling.RIGHT,) * 4
                        + (DurationFeeling.TOO_LONG, DurationFeeling.TOO_SHORT)
                    ),
                    comment=rng.choice(COMMENTS) if rng.random() < 0.3 else None,
                    recorded_by=run.operator,
                )
            )
    present = list(
        session.scalars(
            select(Attendance)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(
                Meeting.status.in_(HELD_MEETING_STATUSES), Attendance.presence == Presence.PRESENT
            )
            .order_by(Attendance.id)
        )
    )
    for attendance in rng.sample(present, min(3, len(present))):
        session.add(
            ParticipationTime(
                attendance_id=attendance.id,
                minutes=rng.choice((45, 60, 75)),
                reason="Départ anticipé (garde)",
                recorded_by=run.operator,
            )
        )
