"""Demo data are plausible at every size: who owns a decision was there (or is the patient's
GP), presenters and owners fit the case, no session without cases took place; and the large
profile's shape (scaled down here: the real one takes minutes and lives in bench/)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from rcp_desktop.domain.ages import age_on
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    CaseFile,
    Decision,
    Meeting,
    MeetingStatus,
    Pathway,
    Patient,
    Presence,
    Profession,
    Professional,
)
from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.services.demo.data import DECISIONS, PATHWAY_TEAMS
from rcp_desktop.services.demo.sizes import LARGE, SIZES, STANDARD
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database
from tests.conftest import TODAY

# The large profile's shape (four sectors, dense agendas, up to five actions) on a few cases.
SMALL_LARGE = dataclasses.replace(
    LARGE,
    name="large-scaled-down",
    professionals_base=60,
    professionals_per_year=5,
    cases_per_year=150,
)


@pytest.fixture(scope="module")
def large_db(tmp_path_factory):
    from rcp_desktop.storage import DatabaseKey

    folder = tmp_path_factory.mktemp("demo-large")
    database = Database.create(folder / "large.db", DatabaseKey.generate())
    report = demo.generate(
        Services(database, Actor("t", "t"), lambda: TODAY).ctx, years=2, seed=3, size=SMALL_LARGE
    )
    yield database, report
    database.close()


def _fits(profession: Profession, pathway: Pathway) -> bool:
    return profession is Profession.GENERAL_PRACTITIONER or profession in PATHWAY_TEAMS[pathway]


def assert_plausible(db: Database) -> None:
    owners_by_text = {
        (pathway, action.text): set(action.owners)
        for pathway, actions in DECISIONS.items()
        for action in actions
    }
    with db.read() as s:
        pros = {p.id: p for p in s.scalars(select(Professional))}
        cases = {c.id: c for c in s.scalars(select(CaseFile))}
        patients = {p.id: p for p in s.scalars(select(Patient))}
        meetings = {m.id: m for m in s.scalars(select(Meeting))}
        present: dict[int, set[int]] = {}
        for a in s.scalars(select(Attendance).where(Attendance.presence == Presence.PRESENT)):
            present.setdefault(a.meeting_id, set()).add(a.professional_id)
        items = {i.id: i for i in s.scalars(select(AgendaItem))}
        decisions = list(s.scalars(select(Decision)))
    assert decisions and items
    for item in items.values():
        case = cases[item.case_id]
        meeting = meetings[item.meeting_id]
        presenter = pros[item.presenter_id]
        patient = patients[case.patient_id]
        assert _fits(presenter.profession, case.pathway), (presenter.profession, case.pathway)
        adult = age_on(patient.birth_date, meeting.held_on) >= 18
        assert not (adult and presenter.profession is Profession.PAEDIATRICIAN)
        assert not (not adult and presenter.profession is Profession.GERIATRICIAN)
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.VALIDATED):
            assert item.presenter_id in present.get(meeting.id, set())
    for decision in decisions:
        item = items[decision.item_id]
        case = cases[item.case_id]
        owner = pros[decision.owner_id]
        patient = patients[case.patient_id]
        assert (
            decision.owner_id in present.get(item.meeting_id, set())
            or decision.owner_id == patient.gp_id
        ), "the owner neither attended nor is the patient's GP"
        assert owner.profession in owners_by_text[(case.pathway, decision.description)]
        assert owner.profession is not Profession.DENTIST
    with_items = {i.meeting_id for i in items.values()}
    for meeting in meetings.values():
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.VALIDATED):
            assert meeting.id in with_items, "a session without cases is recorded as held"


def test_standard_demo_is_plausible(demo_db):
    assert_plausible(demo_db)


def test_large_profile_is_plausible_and_passes_check(large_db):
    db, _report = large_db
    assert_plausible(db)
    assert check_database(db).ok


def test_large_profile_shape(large_db):
    """Each series runs in four sectors (on four weekdays), a sector's sessions see its own
    communes' patients; agendas are denser and discussed cases get more actions than in the
    standard profile."""
    db, report = large_db
    with db.read() as s:
        weekdays = {
            day.weekday()
            for day in s.scalars(
                select(Meeting.held_on).where(Meeting.pathway == Pathway.MENTAL_HEALTH)
            )
        }
        seen: dict[tuple[Pathway, str], set[int]] = {}
        for pathway, commune, day in s.execute(
            select(CaseFile.pathway, Patient.commune, Meeting.held_on)
            .join(AgendaItem, AgendaItem.case_id == CaseFile.id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(Patient, Patient.id == CaseFile.patient_id)
        ):
            seen.setdefault((pathway, commune), set()).add(day.weekday())
        biggest = s.scalar(
            select(func.count(AgendaItem.id))
            .group_by(AgendaItem.meeting_id)
            .order_by(func.count(AgendaItem.id).desc())
            .limit(1)
        )
    assert report.cases == 300 and report.patients >= 280
    assert len(weekdays) == 4
    assert all(len(days) == 1 for days in seen.values())
    # A 120-minute session takes up to 17 cases (8 in the standard size).
    assert biggest > STANDARD.capacity(120) and LARGE.capacity(120) == 17
    assert report.decisions / report.items > 1.8


def test_sizes_by_name():
    assert set(SIZES) == {"standard", "large"}
    assert SIZES["large"].cases(10) >= 5000


def test_demo_dates_stay_in_the_period(large_db):
    db, _ = large_db
    with db.read() as s:
        first = s.scalar(select(func.min(Meeting.held_on)))
        last_held = s.scalar(
            select(func.max(Meeting.held_on)).where(Meeting.status != MeetingStatus.PLANNED)
        )
    assert first >= TODAY.date() - dt.timedelta(days=round(365.25 * 2))
    assert last_held < TODAY.date()
