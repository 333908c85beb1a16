"""Demo data: deterministic, fictional, and covering what the product shows."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from rcp_desktop.domain.identifiers import luhn_is_valid, nir_is_valid
from rcp_desktop.models import (
    AgendaItem,
    CaseFile,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Pathway,
    Patient,
    Professional,
    UsipaEnrolment,
)
from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.services.demo import COMMUNES
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database, DatabaseKey
from tests.conftest import TODAY


def fingerprint(db):
    with db.read() as s:
        return (
            [
                (p.birth_name, p.first_names, p.birth_date, p.nir)
                for p in s.scalars(select(Patient).order_by(Patient.id))
            ],
            [(m.held_on, m.status) for m in s.scalars(select(Meeting).order_by(Meeting.id))],
            s.scalar(select(func.count(Decision.id))),
        )


@pytest.mark.slow
def test_same_seed_same_data_other_seed_other_data(tmp_path):
    prints = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        db = Database.create(tmp_path / f"{name}.db", DatabaseKey.generate())
        demo.generate(Services(db, Actor("t", "t"), lambda: TODAY).ctx, years=1, seed=seed)
        prints.append(fingerprint(db))
        db.close()
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_demo_covers_every_pathway_and_follow_up(demo_db):
    with demo_db.read() as s:
        pathways = {c.pathway for c in s.scalars(select(CaseFile))}
        assert pathways == set(Pathway)
        communes = {p.commune for p in s.scalars(select(Patient))}
        assert communes <= set(COMMUNES) and len(communes) == len(COMMUNES)
        presentations = Counter(s.scalars(select(AgendaItem.case_id)))
        assert max(presentations.values()) >= 3  # cases followed across sessions
        statuses = Counter(s.scalars(select(Decision.status)))
        assert statuses[DecisionStatus.DONE] and statuses[DecisionStatus.TODO]
        overdue = s.scalar(
            select(func.count(Decision.id)).where(
                Decision.status.in_((DecisionStatus.TODO, DecisionStatus.IN_PROGRESS)),
                Decision.due_on < TODAY.date(),
            )
        )
        assert overdue > 0
        assert s.scalar(select(func.max(CrisisPlanVersion.version))) >= 2
        enrolments = list(s.scalars(select(UsipaEnrolment)))
        assert any(e.exit_on is None for e in enrolments) and any(e.exit_on for e in enrolments)
        meeting_statuses = set(s.scalars(select(Meeting.status)))
        assert {MeetingStatus.PLANNED, MeetingStatus.VALIDATED} <= meeting_statuses
        first = s.scalar(select(func.min(Meeting.held_on)))
        assert (TODAY.date() - first).days >= 700  # two years by default
        for p in s.scalars(select(Patient).where(Patient.nir.is_not(None))):
            assert nir_is_valid(p.nir)
        for pro in s.scalars(select(Professional).where(Professional.rpps.is_not(None))):
            assert luhn_is_valid(pro.rpps)
    assert check_database(demo_db).ok
