"""A small, readable world for the conference-workflow tests: six professionals (one inactive),
four patients (one without consent, one with a recorded exception), four cases, and one past,
validated session that left an overdue action on a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    CaseStatus,
    ConsentForm,
    ConsentKind,
    CrisisContactKind,
    CrisisPlanContact,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Presence,
    Profession,
    Sex,
)
from rcp_desktop.services.cases import CaseDraft
from rcp_desktop.services.directory import ProfessionalDraft
from rcp_desktop.services.patients import PatientDraft
from tests.conftest import TODAY

D = TODAY.date()  # 2026-03-10, a Tuesday


@dataclass
class World:
    gp: object
    psychiatrist: object
    nurse: object
    psychologist: object
    social_worker: object
    inactive: object
    case_review: object  # next review (08/03/2026) before the session, consent given
    case_overdue: object  # has an overdue action from the past session
    case_no_consent: object  # review due but no consent
    case_exception: object  # consent exception, no reason to be proposed
    past_meeting: object
    overdue_decision: object


def build(services) -> World:
    pros = {}
    for key, last, first, profession in (
        ("gp", "Dupont", "Claire", Profession.GENERAL_PRACTITIONER),
        ("psychiatrist", "Leroy", "Marc", Profession.PSYCHIATRIST),
        ("nurse", "Petit", "Sonia", Profession.NURSE),
        ("psychologist", "Moreau", "Inès", Profession.PSYCHOLOGIST),
        ("social_worker", "Garnier", "Paul", Profession.SOCIAL_WORKER),
        ("inactive", "Blanc", "Hugo", Profession.PHARMACIST),
    ):
        pros[key], _ = services.directory.create(
            ProfessionalDraft(last_name=last, first_name=first, profession=profession)
        )
    services.directory.set_active(pros["inactive"].id, False)

    def patient(name, first, consent):
        p = services.patients.create(
            PatientDraft(
                birth_name=name, first_names=first, birth_date=dt.date(1970, 5, 4), sex=Sex.FEMALE
            )
        )
        if consent == "consent":
            services.patients.record_consent(
                p.id, given_on=D - dt.timedelta(days=60), form=ConsentForm.WRITTEN
            )
        elif consent == "exception":
            services.patients.record_consent(
                p.id,
                given_on=D - dt.timedelta(days=30),
                form=None,
                kind=ConsentKind.EXCEPTION,
                reason="Patient hors d'état d'exprimer sa volonté, urgence de coordination",
            )
        return p

    def case(p, pathway, review):
        return services.cases.create(
            CaseDraft(
                patient_id=p.id,
                pathway=pathway,
                opened_on=D - dt.timedelta(days=90),
                referral_reason="Situation complexe",
                question=f"Question pour {p.birth_name} ?",
                referrer_id=pros["gp"].id,
                next_review_on=review,
            )
        )

    case_review = case(
        patient("Arnaud", "Julie", "consent"), Pathway.MENTAL_HEALTH, D - dt.timedelta(days=2)
    )
    case_overdue = case(patient("Bertin", "Louise", "consent"), Pathway.MENTAL_HEALTH, None)
    case_no_consent = case(
        patient("Cordier", "Anne", None), Pathway.MENTAL_HEALTH, D - dt.timedelta(days=1)
    )
    case_exception = case(patient("Delmas", "Rose", "exception"), Pathway.MENTAL_HEALTH, None)

    with services.db.write(services.ctx.actor) as s:
        day = D - dt.timedelta(days=28)
        past = Meeting(
            held_on=day,
            start_time=dt.time(20, 0),
            duration_minutes=120,
            pathway=Pathway.MENTAL_HEALTH,
            theme="RCPT santé mentale",
            status=MeetingStatus.VALIDATED,
            quorum_met=True,
            started_at=dt.datetime.combine(day, dt.time(20, 0)),
            ended_at=dt.datetime.combine(day, dt.time(22, 0)),
            validated_at=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9, 0)),
            validated_by="Dr Test",
        )
        s.add(past)
        s.flush()
        for key in ("gp", "psychiatrist", "nurse"):
            s.add(
                Attendance(
                    meeting_id=past.id, professional_id=pros[key].id, presence=Presence.PRESENT
                )
            )
        item = AgendaItem(
            meeting_id=past.id,
            case_id=case_overdue.id,
            position=1,
            kind=ItemKind.NEW,
            planned_minutes=15,
            question="Q",
            quorum_met=True,
        )
        s.add(item)
        s.flush()
        decision = Decision(
            item_id=item.id,
            description="Appeler la sœur, personne de confiance",
            owner_id=pros["nurse"].id,
            due_on=D - dt.timedelta(days=7),
            status=DecisionStatus.TODO,
        )
        s.add(decision)
        s.flush()
        past_id, decision_id = past.id, decision.id
    services.cases.set_status(case_overdue.id, CaseStatus.FOLLOW_UP)
    return World(
        **pros,
        case_review=case_review,
        case_overdue=case_overdue,
        case_no_consent=case_no_consent,
        case_exception=case_exception,
        past_meeting=services.meetings.get(past_id),
        overdue_decision=services.decisions.get(decision_id),
    )


def add_crisis_plan(
    services, case_id: int, *, version: int, drawn_up_on: dt.date, warning_signs: str, **more
) -> int:
    """A crisis plan on *case_id* whose first call is a trusted person, "Bernadette Arnaud
    (Mère)", and, given in *more* as ``professional_id`` / ``when_to_call``, a professional
    second; returns the plan's id."""
    with services.db.write(services.ctx.actor) as s:
        plan = CrisisPlanVersion(
            case_id=case_id,
            version=version,
            drawn_up_on=drawn_up_on,
            early_warning_signs=warning_signs,
            what_helps="Un lieu calme",
        )
        s.add(plan)
        s.flush()
        s.add(
            CrisisPlanContact(
                plan_id=plan.id,
                kind=CrisisContactKind.TRUSTED_PERSON,
                position=1,
                name="Bernadette Arnaud",
                role="Mère",
                phone="06 11 22 33 44",
            )
        )
        if "professional_id" in more:
            s.add(
                CrisisPlanContact(
                    plan_id=plan.id, kind=CrisisContactKind.PROFESSIONAL, position=2, **more
                )
            )
        return plan.id
