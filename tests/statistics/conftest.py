"""A database with known counts, built through the ORM in one audited write (not the random
demo), and the expected value of every indicator for 2025 (see test_indicators.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from rcp_desktop.domain.identifiers import nir_key
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    CaseFile,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
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
    UsipaContact,
    UsipaContactKind,
    UsipaEnrolment,
    UsipaOutcome,
)

START = dt.date(2025, 1, 1)
END = dt.date(2025, 12, 31)
D = dt.date


def nir(prefix13: str) -> str:
    return prefix13 + f"{nir_key(prefix13):02d}"


@dataclass
class Known:
    patients: list[Patient]
    cases: dict[str, CaseFile]
    secrets: list[str]  # free texts that must never leave


PATIENTS = [
    # key, birth name, first names, used name, birth date, sex, commune, ald, c2s, nir prefix
    (
        "Pa1",
        "ZAWADZKA",
        "Héloïse Marguerite",
        "VERNEUIL",
        D(1950, 6, 15),
        Sex.FEMALE,
        "Athis-Mons",
        True,
        False,
        "2500691027123",
    ),
    (
        "Pa2",
        "QUESNOY",
        "Timéo",
        None,
        D(2015, 3, 1),
        Sex.MALE,
        "Morangis",
        False,
        True,
        "1150391432456",
    ),
    (
        "Pa3",
        "BRANDIMARTE",
        "Océane",
        None,
        D(1990, 12, 31),
        Sex.FEMALE,
        "Athis-Mons",
        True,
        False,
        "2901291027789",
    ),
    (
        "Pa4",
        "LHERMITTE",
        "Aurélien",
        None,
        D(1955, 1, 1),
        Sex.MALE,
        None,
        False,
        False,
        "1550175056321",
    ),
    (
        "Pa5",
        "OYELARAN",
        "Sasha",
        None,
        D(1980, 7, 7),
        Sex.UNDETERMINED,
        " athis-mons ",
        False,
        False,
        None,
    ),
    (
        "Pa6",
        "FROMENTIN",
        "Gaspard",
        None,
        D(1948, 2, 28),
        Sex.MALE,
        "Juvisy-sur-Orge",
        True,
        True,
        "1480291326654",
    ),
]


def build_known(services) -> Known:
    secrets = []

    def secret(text):
        secrets.append(text)
        return text

    with services.db.write(services.ctx.actor) as s:
        pros = {}
        for key, last, first, profession, member in (
            ("P1", "GENEVOIX", "Alice", Profession.GENERAL_PRACTITIONER, True),
            ("P2", "DURAND-LEBLOND", "Bruno", Profession.GENERAL_PRACTITIONER, False),
            ("P3", "MORVAN", "Chloé", Profession.PSYCHIATRIST, True),
            ("P4", "ABADIE", "Denis", Profession.NURSE, True),
            ("P5", "TESSIER", "Emma", Profession.PSYCHOLOGIST, False),
            ("P6", "RAMBAUD", "Fanny", Profession.SOCIAL_WORKER, True),
        ):
            pros[key] = Professional(
                last_name=last, first_name=first, profession=profession, cpts_member=member
            )
            s.add(pros[key])
        patients = {}
        for key, birth_name, first, used, birth, sex, commune, ald, c2s, nir13 in PATIENTS:
            patients[key] = Patient(
                birth_name=birth_name,
                first_names=first,
                used_name=used,
                birth_date=birth,
                sex=sex,
                commune=commune,
                ald=ald,
                c2s=c2s,
                nir=nir(nir13) if nir13 else None,
                phone="06 12 34 56 78",
            )
            s.add(patients[key])
        s.flush()
        cases = {}
        for key, patient, pathway, opened in (
            ("C1", "Pa1", Pathway.MENTAL_HEALTH, D(2024, 11, 1)),
            ("C2", "Pa2", Pathway.TND, D(2025, 4, 1)),
            ("C3", "Pa3", Pathway.MENTAL_HEALTH, D(2025, 1, 20)),
            ("C4", "Pa4", Pathway.ELDERLY, D(2025, 10, 1)),
            ("C5", "Pa5", Pathway.USIPA, D(2025, 3, 1)),
            ("C6", "Pa1", Pathway.USIPA, D(2025, 6, 1)),
            ("C8", "Pa6", Pathway.OTHER, D(2025, 8, 1)),
        ):
            cases[key] = CaseFile(
                number=f"2025-9{key[1]}17",
                patient_id=patients[patient].id,
                pathway=pathway,
                opened_on=opened,
                referral_reason=secret(f"Motif confidentiel {key} quartzite"),
                question=secret(f"Question confidentielle {key} ornithorynque"),
            )
            s.add(cases[key])
        s.flush()

        def meeting(day, pathway, status, present=(), excused=(), absent=()):
            m = Meeting(
                held_on=day,
                start_time=dt.time(20, 0),
                pathway=pathway,
                status=status,
                validated_at=dt.datetime.combine(day, dt.time(23, 0))
                if status is MeetingStatus.VALIDATED
                else None,
                notes=secret(f"Notes de séance {day} zygomatique"),
            )
            s.add(m)
            s.flush()
            for group, presence in (
                (present, Presence.PRESENT),
                (excused, Presence.EXCUSED),
                (absent, Presence.ABSENT),
            ):
                for p in group:
                    s.add(
                        Attendance(meeting_id=m.id, professional_id=pros[p].id, presence=presence)
                    )
            return m

        M1 = meeting(
            D(2025, 2, 10),
            Pathway.MENTAL_HEALTH,
            MeetingStatus.VALIDATED,
            ("P1", "P3", "P4"),
            ("P5",),
        )
        M2 = meeting(D(2025, 5, 12), Pathway.TND, MeetingStatus.HELD, ("P1", "P2"), (), ("P5",))
        M3 = meeting(D(2025, 9, 1), Pathway.MENTAL_HEALTH, MeetingStatus.PLANNED, (), ("P6",))
        M4 = meeting(
            D(2024, 12, 15), Pathway.MENTAL_HEALTH, MeetingStatus.VALIDATED, ("P1", "P3", "P6")
        )
        M5 = meeting(D(2025, 11, 20), None, MeetingStatus.VALIDATED, ("P2", "P5"))
        M6 = meeting(D(2026, 1, 5), Pathway.ELDERLY, MeetingStatus.HELD, ("P1", "P4", "P6"))
        M7 = meeting(D(2025, 12, 1), Pathway.USIPA, MeetingStatus.IN_PROGRESS, ("P3", "P4", "P6"))

        def item(m, case, kind, triage=Triage.FULL_DISCUSSION):
            it = AgendaItem(
                meeting_id=m.id,
                case_id=cases[case].id,
                kind=kind,
                triage=triage,
                discussion_notes=secret(f"Discussion {case} {m.held_on} xylophone"),
            )
            s.add(it)
            s.flush()
            return it

        i4_1 = item(M4, "C1", ItemKind.NEW)
        i1_1 = item(M1, "C1", ItemKind.FOLLOW_UP)
        i1_3 = item(M1, "C3", ItemKind.NEW)
        i2_2 = item(M2, "C2", ItemKind.NEW)
        item(M3, "C8", ItemKind.NEW)  # planned session: not counted
        item(M5, "C3", ItemKind.FOLLOW_UP, Triage.LISTED)
        i5_4 = item(M5, "C4", ItemKind.NEW)
        i5_5 = item(M5, "C5", ItemKind.NEW)
        item(M5, "C6", ItemKind.NEW)
        i6_2 = item(M6, "C2", ItemKind.FOLLOW_UP)  # after the period
        item(M7, "C5", ItemKind.FOLLOW_UP)  # session still in progress

        def decision(it, status, due=None, completed=None):
            s.add(
                Decision(
                    item_id=it.id,
                    description=secret(f"Action {it.id} kaléidoscope"),
                    status=status,
                    due_on=due,
                    completed_on=completed,
                )
            )

        decision(i1_3, DecisionStatus.DONE, D(2025, 3, 1), D(2025, 2, 25))
        decision(i1_3, DecisionStatus.DONE, D(2025, 3, 1), D(2025, 3, 5))
        decision(i1_1, DecisionStatus.TODO, D(2025, 4, 1))
        decision(i2_2, DecisionStatus.IN_PROGRESS, D(2026, 6, 1))
        decision(i5_4, DecisionStatus.DONE, None, D(2025, 12, 1))
        decision(i5_5, DecisionStatus.CANCELLED, D(2025, 12, 1))
        decision(i5_5, DecisionStatus.TODO, D(2026, 1, 15))
        decision(i6_2, DecisionStatus.TODO, D(2026, 2, 1))  # after the period
        decision(i4_1, DecisionStatus.DONE, D(2025, 1, 10), D(2025, 1, 9))  # before the period

        for case, version, day, m in (
            ("C1", 1, D(2024, 12, 15), M4),
            ("C1", 2, D(2025, 2, 10), M1),
            ("C3", 1, D(2025, 2, 10), M1),
            ("C3", 2, D(2025, 11, 20), M5),
            ("C5", 1, D(2026, 1, 10), None),
        ):
            s.add(
                CrisisPlanVersion(
                    case_id=cases[case].id,
                    version=version,
                    drawn_up_on=day,
                    reviewed_meeting_id=m.id if m else None,
                    triggers=secret(f"Déclencheur {case} v{version} périgourdin"),
                )
            )

        def enrol(case, inclusion, exit_on=None, outcome=None, contacts=()):
            e = UsipaEnrolment(
                case_id=cases[case].id,
                inclusion_on=inclusion,
                planned_contacts_per_week=3,
                exit_on=exit_on,
                exit_outcome=outcome,
            )
            s.add(e)
            s.flush()
            for day in contacts:
                s.add(
                    UsipaContact(
                        enrolment_id=e.id,
                        contact_on=day,
                        kind=UsipaContactKind.VISIT,
                        note=secret(f"Contact {day} tamarinier"),
                    )
                )

        enrol(
            "C5",
            D(2025, 3, 5),
            D(2025, 4, 2),
            UsipaOutcome.HOSPITALISATION_AVOIDED,
            (D(2025, 3, 6), D(2025, 3, 10), D(2025, 3, 20)),
        )
        enrol("C6", D(2025, 6, 5), None, None, (D(2025, 6, 6), D(2025, 7, 1), D(2026, 1, 10)))
        enrol(
            "C5",
            D(2024, 10, 1),
            D(2025, 1, 14),
            UsipaOutcome.HOSPITALISED,
            (D(2024, 12, 1), D(2025, 1, 5)),
        )
        enrol("C6", D(2024, 1, 1), D(2024, 6, 1), UsipaOutcome.OTHER, (D(2024, 2, 1),))
    return Known(list(patients.values()), cases, secrets)


@pytest.fixture
def known(services):
    return build_known(services)
