"""Patient search on the FTS5 index: accents and case ignored, prefixes, birth dates, case
numbers; the index follows every write (triggers), is filled by its migration from existing
rows, and leaves the audit chain and the integrity check intact."""

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text

from rcp_desktop.models import Pathway, Patient, Sex
from rcp_desktop.services.cases import CaseDraft
from rcp_desktop.services.integrity import check_database
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.storage import migrate, search
from tests import hostile
from tests.conftest import TODAY


def add(services, birth_name="Martin", first_names="Chloé Anne", born=dt.date(1985, 7, 14), **kw):
    draft = PatientDraft(
        birth_name=birth_name, first_names=first_names, birth_date=born, sex=Sex.FEMALE, **kw
    )
    return services.patients.create(draft, allow_duplicate=True)


def ids(services, query):
    return [p.id for p in services.patients.search(query)]


def open_case(services, patient, day=None):
    return services.cases.create(
        CaseDraft(
            patient_id=patient.id,
            pathway=Pathway.MENTAL_HEALTH,
            opened_on=day or TODAY.date(),
            referral_reason="r",
            question="q",
        )
    )


def test_accents_case_and_prefixes(services):
    chloe = add(services, "Lefèvre", "Chloé Anne")
    noel = add(services, "Noël", "Hélène", used_name="D'Artagnan", born=dt.date(1950, 2, 3))
    other = add(services, "Petit", "Hugo", born=dt.date(2001, 2, 3))
    assert ids(services, "chloe") == [chloe.id]
    assert ids(services, "CHLOÉ") == [chloe.id]
    assert ids(services, "lefev") == [chloe.id]
    assert ids(services, "LEFÈVRE chl") == [chloe.id]
    assert ids(services, "noel helene") == [noel.id]
    assert ids(services, "d'art") == [noel.id]  # used name
    assert ids(services, "artagnan") == [noel.id]
    assert ids(services, "anne") == [chloe.id]  # any first name
    assert ids(services, "hugo petit") == [other.id]  # word order does not matter
    assert ids(services, "chloe hugo") == []  # every word must match
    assert ids(services, "zzz") == []


def test_birth_dates_in_the_forms_people_type(services):
    a = add(services, "Petit", "Hugo", born=dt.date(2001, 2, 3))
    b = add(services, "Roux", "Léa", born=dt.date(2001, 3, 2))
    assert ids(services, "03/02/2001") == [a.id]
    assert ids(services, "2001-02-03") == [a.id]
    assert ids(services, "03022001") == [a.id]
    assert ids(services, "03/02") == [a.id]  # as you type
    assert sorted(ids(services, "2001")) == sorted([a.id, b.id])
    assert ids(services, "petit 03/02/2001") == [a.id]
    assert ids(services, "2001-02-03 petit") == [a.id]  # a date group then a name
    assert ids(services, "hugo 03022001 petit") == [a.id]
    assert ids(services, "2001-02 hugo") == [a.id]


def test_case_numbers_and_their_beginning(services):
    a = add(services, "Martin")
    b = add(services, "Bernard", "Luc")
    first = open_case(services, a)
    second = open_case(services, b)
    assert (first.number, second.number) == ("2026-0001", "2026-0002")
    assert ids(services, "2026-0002") == [b.id]
    assert sorted(ids(services, "2026-000")) == sorted([a.id, b.id])
    assert ids(services, "martin 2026-0001") == [a.id]


def test_the_index_follows_edits(services):
    p = add(services, "Martin", "Chloé")
    services.patients.update(
        p.id,
        PatientDraft(
            birth_name="Martin-Durand",
            first_names="Chloé",
            used_name="Lemaire",
            birth_date=dt.date(1985, 7, 14),
            sex=Sex.FEMALE,
        ),
        expected_version=p.version,
    )
    assert ids(services, "lemaire") == [p.id]
    assert ids(services, "durand") == [p.id]
    assert ids(services, "14/07/1985") == [p.id]
    case = open_case(services, p)
    assert ids(services, case.number) == [p.id]
    # a direct delete (cascade paths, repairs) takes the row out of the index too
    with services.db.write(services.ctx.actor) as s:
        s.delete(s.get(type(case), case.id))
    assert ids(services, case.number) == []
    with services.db.write(services.ctx.actor) as s:
        s.delete(s.get(Patient, p.id))
    assert ids(services, "lemaire") == []
    with services.db.read() as s:
        assert s.execute(text(f"SELECT count(*) FROM {search.SEARCH_TABLE}")).scalar() == 0


def test_hostile_names_are_found_and_never_fts_syntax(services):
    people = {key: add(services, name, "Zoé") for key, name in hostile.NAMES.items()}
    assert ids(services, "O'Brien") == [people["markup"].id]
    assert ids(services, "<b>O'Brien & Fils</b>") == [people["markup"].id]
    assert ids(services, "drop table") == [people["sql"].id]
    assert ids(services, hostile.RTL) == [people["rtl"].id]
    assert ids(services, "artagnan jeune") == [people["quotes"].id]
    # FTS operators and unbalanced quotes typed by a user are plain words
    for query in ('"', "NEAR(a b)", "a OR", "zoé AND", "*", "-", "^zoé", "col:val", '"zoé'):
        services.patients.search(query)  # never raises
    assert len(ids(services, "zoé")) == len(people)
    # words with nothing searchable (emoji, punctuation) are ignored; alone they find nothing
    assert ids(services, "😀") == []
    assert len(ids(services, "zoé 😀")) == len(people)


def test_match_query_quotes_every_word():
    assert search.match_query("  ") is None
    assert search.match_query("& 😀") is None
    assert search.match_query('Chloé d"Art') == '"Chloé"* AND "d""Art"*'
    assert (
        search.match_query("1985-07-14 martin") == '("1985-07-14"* OR "14/07/1985"*) AND "martin"*'
    )


def test_triggers_exist_at_head_and_the_index_is_complete(demo_services):
    with demo_services.db.read() as s:
        triggers = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        indexed = s.execute(text(f"SELECT count(*) FROM {search.SEARCH_TABLE}")).scalar()
        patients = s.execute(text("SELECT count(*) FROM patient")).scalar()
        numbers = s.execute(
            text(f"SELECT count(*) FROM {search.SEARCH_TABLE} WHERE numbers <> ''")
        ).scalar()
    assert set(search.TRIGGER_NAMES) <= triggers
    assert indexed == patients > 100
    assert numbers == patients  # every demo patient has a case
    assert check_database(demo_services.db).ok


def test_migration_fills_the_index_from_existing_rows(db, services, actor):
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert migrate.current_revision(db) == "0001"
    with db.write(actor) as s:
        s.add(
            Patient(
                birth_name="Ancienne",
                first_names="Élodie",
                birth_date=dt.date(1970, 1, 2),
                sex=Sex.FEMALE,
            )
        )
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    assert [p.birth_name for p in services.patients.search("elodie")] == ["Ancienne"]
    assert check_database(db).ok


@pytest.mark.parametrize("query", ["mar", "MARTIN", "2025-", "01/01", "jean pierre"])
def test_search_on_the_demo_returns_sorted_patients(demo_services, query):
    results = demo_services.patients.search(query, limit=50)
    keys = [(p.birth_name.lower(), p.first_names) for p in results]
    assert keys == sorted(keys)


def test_a_year_is_not_read_as_a_day_and_month(services):
    born_in_2001 = add(services, "Petit", "Hugo", born=dt.date(2001, 2, 3))
    add(services, "Roux", "Léa", born=dt.date(1990, 1, 20))  # 20/01: not "2001"
    assert ids(services, "2001") == [born_in_2001.id]
    assert ids(services, "030220") == [born_in_2001.id]  # compact date, as you type
