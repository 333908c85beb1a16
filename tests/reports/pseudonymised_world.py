"""A base for the pseudonymisation tests: the corpus's patient on the agenda with her trusted
person, a child of the base who is not on it, a listed case, four professionals; the corpus of
identifier variants typed in every free-text field of a session (one audited write)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rcp_desktop.models import (
    Addendum,
    AgendaItem,
    Attendance,
    CaseFile,
    CrisisContactKind,
    CrisisPlanContact,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    IdentityStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Patient,
    Presence,
    Profession,
    Professional,
    Sex,
    Triage,
)
from tests import pseudonymise_corpus as corpus

DAY = dt.date(2026, 3, 3)
# The free texts of a session, as the minutes print them (and those the fiche RCP adds).
LONG_FIELDS = (
    "case.question",
    "case.referral_reason",
    "case.synthesis_organic",
    "case.synthesis_psychic",
    "case.synthesis_social",
    "item.question",
    "item.discussion_notes",
    "item.proposal",
    "listed.standard_answer",
    "decision.description",
    "decision.completion_note",
    "decision.difference_reason",
    "addendum.text",
)
SHORT_FIELDS = ("meeting.theme", "meeting.place")


@dataclass
class World:
    meeting_id: int
    case_id: int
    listed_case_id: int
    other_case_id: int
    chunk_meetings: list[int]
    professionals: list[tuple[str, str]]


def corpus_text() -> str:
    return "\n".join(v.text for v in corpus.corpus())


def chunks(limit: int = 280) -> list[str]:
    """The corpus cut into pieces that fit a session's theme or place."""
    out: list[str] = []
    current = ""
    for variant in corpus.corpus():
        if current and len(current) + 1 + len(variant.text) > limit:
            out.append(current)
            current = ""
        current = f"{current} {variant.text}".strip()
    if current:
        out.append(current)
    return out


def build(services, *, text: str | None = None, chunked: bool = True, clean: bool = False) -> World:
    """The base and one session whose every free text is *text* (the corpus by default);
    *clean*: plain clinical texts instead. With *chunked*, one more session per chunk of the
    corpus, typed in its theme and place."""
    text = text if text is not None else corpus_text()
    if clean:
        text = "Revue du plan de soins ; hospitalisation de jour à discuter avec le CMP."
    with services.db.write(services.ctx.actor) as s:
        pros = []
        for (first, last), profession in zip(
            [
                corpus.PROFESSIONAL,
                ("Basile", "Courtemanche"),
                ("Ondine", "Fauconnier"),
                ("Yves", "Ardouin"),
            ],
            [
                Profession.PSYCHIATRIST,
                Profession.GENERAL_PRACTITIONER,
                Profession.NURSE,
                Profession.SOCIAL_WORKER,
            ],
            strict=True,
        ):
            pro = Professional(
                first_name=first, last_name=last, profession=profession, structure="CMP Nord"
            )
            s.add(pro)
            pros.append(pro)
        s.flush()
        p = corpus.PATIENT
        patient = Patient(
            birth_name=p["birth_name"],
            used_name=p["used_name"],
            first_names=p["first_names"],
            birth_date=p["birth_date"],
            sex=Sex.FEMALE,
            nir=p["nir"],
            identity_status=IdentityStatus.CHECKED,
            commune=p["commune"],
            phone=p["phone"],
            gp_id=pros[1].id,
        )
        o = corpus.OTHER_PATIENT
        other = Patient(
            birth_name=o["birth_name"],
            first_names=o["first_names"],
            birth_date=o["birth_date"],
            sex=Sex.MALE,
        )
        listed_patient = Patient(
            birth_name="WOLKOWICZ",
            first_names="Ursule",
            birth_date=dt.date(1950, 5, 5),
            sex=Sex.FEMALE,
        )
        s.add_all([patient, other, listed_patient])
        s.flush()

        def case(number: str, who: Patient, body: str) -> CaseFile:
            c = CaseFile(
                number=number,
                patient_id=who.id,
                referrer_id=pros[1].id,
                pathway=Pathway.MENTAL_HEALTH,
                opened_on=dt.date(2026, 1, 5),
                referral_reason=body,
                question=body,
                synthesis_organic=body,
                synthesis_psychic=body,
                synthesis_social=body,
            )
            s.add(c)
            return c

        main = case(corpus.CASE_NUMBER, patient, text)
        other_case = case("2026-0002", other, "Suivi pédiatrique.")
        listed_case = case("2026-0003", listed_patient, "Maintien à domicile.")
        s.flush()
        plan = CrisisPlanVersion(case_id=main.id, version=1, drawn_up_on=dt.date(2026, 1, 20))
        s.add(plan)
        s.flush()
        s.add(
            CrisisPlanContact(
                plan_id=plan.id,
                kind=CrisisContactKind.TRUSTED_PERSON,
                position=1,
                name=corpus.TRUSTED["name"],
                role=corpus.TRUSTED["role"],
                phone=corpus.TRUSTED["phone"],
            )
        )

        def meeting(theme: str, place: str) -> Meeting:
            m = Meeting(
                held_on=DAY,
                start_time=dt.time(20, 0),
                duration_minutes=120,
                place=place,
                pathway=Pathway.MENTAL_HEALTH,
                theme=theme,
                animator_id=pros[0].id,
                status=MeetingStatus.VALIDATED,
                started_at=dt.datetime.combine(DAY, dt.time(20, 0)),
                validated_at=dt.datetime(2026, 3, 4, 9, 0),
                validated_by="Dr Vauquelin",
                quorum_met=True,
            )
            s.add(m)
            s.flush()
            for pro in pros:
                s.add(
                    Attendance(meeting_id=m.id, professional_id=pro.id, presence=Presence.PRESENT)
                )
            return m

        first = meeting("Situations complexes", "Salle du conseil")
        item = AgendaItem(
            meeting_id=first.id,
            case_id=main.id,
            position=1,
            kind=ItemKind.NEW,
            presenter_id=pros[1].id,
            question=text,
            discussion_notes=text,
            proposal=text,
            triage=Triage.FULL_DISCUSSION,
            next_review_on=DAY + dt.timedelta(days=42),
        )
        listed = AgendaItem(
            meeting_id=first.id,
            case_id=listed_case.id,
            position=2,
            kind=ItemKind.FOLLOW_UP,
            triage=Triage.LISTED,
            standard_answer=text,
        )
        s.add_all([item, listed])
        s.flush()
        s.add(
            Decision(
                item_id=item.id,
                description=text,
                owner_id=pros[2].id,
                due_on=DAY + dt.timedelta(days=14),
                status=DecisionStatus.DONE,
                completed_on=DAY + dt.timedelta(days=10),
                completion_note=text,
                differs_from_proposal=True,
                difference_reason=text,
            )
        )
        s.add(Addendum(meeting_id=first.id, author="Dr Vauquelin", text=text))
        chunk_meetings = []
        if chunked:
            # The same patient, on a case of few words: each session's minutes print the theme
            # and place under test, not the whole corpus again (tested above) on 13 pages.
            short = case("2026-0004", patient, "Point d'étape.")
            s.flush()
            for piece in chunks():
                m = meeting(piece, piece)
                s.add(
                    AgendaItem(
                        meeting_id=m.id,
                        case_id=short.id,
                        position=1,
                        kind=ItemKind.FOLLOW_UP,
                        question="Point d'étape.",
                    )
                )
                chunk_meetings.append(m.id)
        s.flush()
        return World(
            meeting_id=first.id,
            case_id=main.id,
            listed_case_id=listed_case.id,
            other_case_id=other_case.id,
            chunk_meetings=chunk_meetings,
            professionals=[(p.first_name, p.last_name) for p in pros],
        )
