"""A session full of hostile texts, written straight through the ORM in one audited write."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pypdf

from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    CaseFile,
    Decision,
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
from tests.hostile import CONTROL, EMOJI, LONG, LONG_WORDS, MARKUP, NIR, NIR_BODY, QUOTES, RTL  # noqa: F401

TABLE_LONG_WORDS = [f"act{i:04d}" for i in range(900)]


@dataclass
class Built:
    meeting_id: int
    case_ids: list[int]
    patients: list[dict]
    professionals: list[str]
    other_case_id: int


def build_hostile_session(services, *, participants: int = 6, validated: bool = True) -> Built:
    """A held (validated) session with two discussed cases and one listed, hostile texts in
    every free field, *participants* professionals; plus a case that is not on its agenda."""
    day = dt.date(2026, 3, 3)
    with services.db.write(services.ctx.actor) as s:
        pros = []
        professions = [
            Profession.GENERAL_PRACTITIONER,
            Profession.PSYCHIATRIST,
            Profession.NURSE,
            Profession.PSYCHOLOGIST,
            Profession.SOCIAL_WORKER,
            Profession.PHARMACIST,
        ]
        for i in range(participants):
            pro = Professional(
                last_name=MARKUP if i == 0 else f"Soignant{i:03d}",
                first_name="Zoé" if i == 0 else f"Prénom{i:03d}",
                profession=professions[i % len(professions)],
                structure="MSP « Les Tilleuls » & Cie" if i == 0 else "CMP",
                email=f"pro{i}@exemple-sante.fr",
            )
            s.add(pro)
            pros.append(pro)
        s.flush()
        patients_spec = [
            dict(
                birth_name="ZYGOMAR",
                first_names="Adélaïde Brunehilde",
                birth_date=dt.date(1985, 7, 14),
                sex=Sex.FEMALE,
                nir=NIR,
                identity_status=IdentityStatus.CHECKED,
                commune="Juvisy-sur-Orge",
            ),
            dict(
                birth_name="QUIXOTEAU",
                first_names="Barnabé",
                birth_date=dt.date(1942, 2, 28),
                sex=Sex.MALE,
                nir=None,
                identity_status=IdentityStatus.PROVISIONAL,
                commune="Morangis",
            ),
            dict(
                birth_name="WALDSTEINER",
                first_names="Cunégonde",
                used_name="VOLKOFFA",
                birth_date=dt.date(2015, 11, 3),
                sex=Sex.FEMALE,
                nir=None,
                identity_status=IdentityStatus.PROVISIONAL,
                commune="Athis-Mons",
            ),
            dict(
                birth_name="OUTSIDERIX",
                first_names="Ernest",
                birth_date=dt.date(1970, 1, 1),
                sex=Sex.MALE,
                nir=None,
                identity_status=IdentityStatus.PROVISIONAL,
                commune=None,
            ),
        ]
        patients = []
        for spec in patients_spec:
            patient = Patient(gp_id=pros[0].id, **spec)
            s.add(patient)
            patients.append(patient)
        s.flush()
        cases = []
        for n, patient in enumerate(patients):
            case = CaseFile(
                number=f"2026-{n + 1:04d}",
                patient_id=patient.id,
                referrer_id=pros[0].id,
                pathway=Pathway.MENTAL_HEALTH,
                opened_on=dt.date(2026, 1, 5),
                referral_reason=f"Motif : {MARKUP} {QUOTES}",
                question=f"Question initiale {patient.birth_name}",
                synthesis_organic=EMOJI,
                synthesis_psychic=f"{RTL} — {QUOTES}",
                synthesis_social=f"Vit avec {patient.first_names.split()[0]} {patient.birth_name}, "
                f"né(e) le {patient.birth_date:%d/%m/%Y}. {CONTROL}",
            )
            s.add(case)
            cases.append(case)
        s.flush()
        meeting = Meeting(
            held_on=day,
            start_time=dt.time(20, 0),
            duration_minutes=120,
            place=f"Salle {MARKUP}",
            video_link="https://visio.exemple-sante.fr/rcp?a=1&b=2",
            pathway=Pathway.MENTAL_HEALTH,
            theme=f"Thème {QUOTES}",
            animator_id=pros[1 % participants].id,
            status=MeetingStatus.VALIDATED if validated else MeetingStatus.HELD,
            started_at=dt.datetime.combine(day, dt.time(20, 0)),
            validated_at=dt.datetime(2026, 3, 4, 9, 0) if validated else None,
            validated_by="Dr Test" if validated else None,
            quorum_met=True,
        )
        s.add(meeting)
        s.flush()
        for i, pro in enumerate(pros):
            s.add(
                Attendance(
                    meeting_id=meeting.id,
                    professional_id=pro.id,
                    invited=True,
                    presence=Presence.EXCUSED if i == participants - 1 else Presence.PRESENT,
                    mode=AttendanceMode.REMOTE if i % 3 == 2 else AttendanceMode.ON_SITE,
                    role="Animateur" if i == 1 else None,
                )
            )
        for position, case in enumerate(cases[:3], start=1):
            patient = patients[position - 1]
            listed = position == 3
            item = AgendaItem(
                meeting_id=meeting.id,
                case_id=case.id,
                position=position,
                kind=ItemKind.NEW,
                presenter_id=pros[0].id,
                planned_minutes=15,
                question=f"Question {position} : {MARKUP} ? {QUOTES}",
                triage=Triage.LISTED if listed else Triage.FULL_DISCUSSION,
                standard_answer="Poursuite du plan — réponse standard." if listed else None,
                discussion_notes=None
                if listed
                else (
                    f"Discussion {MARKUP}\n{EMOJI}\n{RTL}\n{CONTROL}\n"
                    f"Appeler Mme {patient.birth_name} ({patient.first_names}) au sujet du NIR {patient.nir or ''}.\n"
                    + (LONG if position == 1 else "")
                ),
                proposal=None if listed else f"Proposition {QUOTES}",
                next_review_on=day + dt.timedelta(days=42),
            )
            s.add(item)
            s.flush()
            if not listed:
                s.add(
                    Decision(
                        item_id=item.id,
                        description=f"Décision {MARKUP} {EMOJI}",
                        owner_id=pros[2 % participants].id,
                        due_on=day + dt.timedelta(days=14),
                    )
                )
                s.add(
                    Decision(
                        item_id=item.id,
                        description=("Longue décision " + " ".join(TABLE_LONG_WORDS))
                        if position == 1
                        else f"Contacter {patient.birth_name}",
                        owner_id=pros[0].id,
                        due_on=day + dt.timedelta(days=30),
                    )
                )
        s.flush()
        built = Built(
            meeting_id=meeting.id,
            case_ids=[c.id for c in cases[:3]],
            patients=[dict(spec) for spec in patients_spec[:3]],
            professionals=[p.display_name for p in pros],
            other_case_id=cases[3].id,
        )
    return built


class Pdf:
    """A PDF read back with pypdf: its pages' text, page count, metadata."""

    def __init__(self, data: bytes) -> None:
        assert data.startswith(b"%PDF-")
        self.data = data
        self.reader = pypdf.PdfReader(io.BytesIO(data))
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.text = "\n".join(self.pages)
        self.flat = " ".join(self.text.split())

    @property
    def count(self) -> int:
        return len(self.reader.pages)

    @property
    def title(self) -> str:
        return self.reader.metadata.title or ""

    def numbers(self, prefix: str) -> list[int]:
        return [int(n) for n in re.findall(prefix + r"(\d{4})", self.text)]
