"""The encrypted store: no readable header, no plaintext, wrong key leaves the file alone,
foreign keys and WAL on, migrations from empty and the copy taken before migrating."""

import datetime as dt
import hashlib

import pytest
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from rcp_desktop.models import Base, Patient, Sex
from rcp_desktop.storage import Database, DatabaseError, DatabaseKey, UnlockError, migrate, search

UNIQUE_NAME = "ZYXWOQUENTIN"


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_patient(db, actor, name=UNIQUE_NAME):
    with db.write(actor) as s:
        s.add(
            Patient(
                birth_name=name,
                first_names="Aurore",
                birth_date=dt.date(1980, 1, 2),
                sex=Sex.FEMALE,
            )
        )


def test_file_has_no_sqlite_header_and_no_plaintext(db, db_path, actor):
    add_patient(db, actor)
    # While open, the data may sit in the WAL: scan both.
    wal = db_path.with_name(db_path.name + "-wal")
    blobs = [db_path.read_bytes()] + ([wal.read_bytes()] if wal.exists() else [])
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    for blob in blobs:
        assert UNIQUE_NAME.encode() not in blob
        assert UNIQUE_NAME.encode("utf-16-le") not in blob
    db.close()
    assert UNIQUE_NAME.encode() not in db_path.read_bytes()
    assert oct(db_path.stat().st_mode & 0o777) == "0o600"


def test_wrong_key_is_refused_and_file_untouched(db, db_path, actor):
    add_patient(db, actor)
    db.close()
    before = sha(db_path)
    siblings = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(UnlockError) as err:
        Database.open(db_path, DatabaseKey.generate())
    assert "clé" in err.value.message
    assert sha(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == siblings


def test_sqlcipher_error_chatter_does_not_reach_the_terminal(db, db_path, capfd):
    db.close()
    capfd.readouterr()
    with pytest.raises(UnlockError):
        Database.open(db_path, DatabaseKey.generate())
    out, err = capfd.readouterr()
    assert "hmac" not in err.lower() and "ERROR CORE" not in err and out == ""


def test_plain_sqlite_and_missing_files_are_refused(tmp_path, key):
    plain = tmp_path / "plain.db"
    conn = sqlcipher3.connect(str(plain))
    conn.execute("CREATE TABLE t(a)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="non chiffrée"):
        Database.open(plain, key)
    with pytest.raises(DatabaseError, match="introuvable"):
        Database.open(tmp_path / "absent.db", key)


def test_create_refuses_an_existing_file(db_path, key):
    db_path.write_bytes(b"x")
    with pytest.raises(DatabaseError, match="existe déjà"):
        Database.create(db_path, key)
    assert db_path.read_bytes() == b"x"


def test_reopen_with_the_right_key_keeps_the_data(db, db_path, key, actor):
    add_patient(db, actor)
    db.close()
    again = Database.open(db_path, key)
    with again.read() as s:
        assert s.query(Patient).one().birth_name == UNIQUE_NAME
    again.close()


def test_foreign_keys_enforced_and_wal_journal(db, actor):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO consent (patient_id, kind, given_on, recorded_by, recorded_at) "
                "VALUES (999, 'consent', '2026-01-01', 'x', '2026-01-01 00:00:00')"
            )
        )


def test_check_constraints_guard_invariants(db, actor):
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO patient (version, birth_name, first_names, birth_date, sex, "
                "identity_status, ald, c2s, created_at, updated_at) VALUES "
                "(1, '  ', 'A', '2000-01-01', 'F', 'provisional', 0, 0, '2026-01-01', '2026-01-01')"
            )
        )
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO patient (version, birth_name, first_names, birth_date, sex, "
                "identity_status, ald, c2s, created_at, updated_at) VALUES "
                "(1, 'B', 'A', '2000-01-01', 'X', 'provisional', 0, 0, '2026-01-01', '2026-01-01')"
            )
        )


def test_migrations_from_empty_reach_head_and_match_the_models(db):
    assert migrate.current_revision(db) == migrate.head_revision()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": search.include_name}
        )
        diffs = compare_metadata(context, Base.metadata)
    assert diffs == [], f"models and migrations disagree: {diffs}"


def test_a_copy_is_taken_before_migrating_an_existing_database(
    db, db_path, key, actor, monkeypatch
):
    add_patient(db, actor)
    calls = []
    monkeypatch.setattr(migrate, "current_revision", lambda _db: "0000_older")
    monkeypatch.setattr(migrate.command, "upgrade", lambda cfg, rev: calls.append(rev))
    backup = migrate.upgrade(db)
    assert calls == ["head"]
    assert backup is not None and backup.exists()
    assert backup.name.startswith("rcp.db.avant-migration-0000_older-")
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert UNIQUE_NAME.encode() not in backup.read_bytes()
    copy = Database.open(backup, key, migrate=False)
    with copy.read() as s:
        assert s.query(Patient).one().birth_name == UNIQUE_NAME
    copy.close()


def test_no_copy_when_already_at_head(db):
    assert migrate.upgrade(db) is None
    assert not list(db.path.parent.glob("*avant-migration*"))
