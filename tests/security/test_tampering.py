"""Editing a base with its key behind the application's back (issue 13, items 1 and 2): every
tampering is reported by ``check`` with exit 4 and a message naming it; nothing crashes.

The attacker here holds the key and writes with a bare SQLCipher connection: values of another
shape or storage class, new tables, triggers, views and indexes, the search index, the
migration version, the audit log itself."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlcipher3

from rcp_desktop.cli import main
from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage.audit import audited_tables
from rcp_desktop.storage.engine import keyed_connection
from tests.conftest import TODAY


@contextmanager
def attacker(path: Path, key: DatabaseKey) -> Iterator:
    """A bare connection with the key, as ``sqlite3`` with the key would be: no audit hook,
    foreign keys and CHECK constraints switched off."""
    conn = keyed_connection(path, key)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def base(demo_template, tmp_path, monkeypatch):
    source, key = demo_template
    path = tmp_path / "base.db"
    shutil.copyfile(source, path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", key.recovery_code())
    return path, key


def check_says(path: Path, capsys, *words: str) -> str:
    capsys.readouterr()
    code = main(["check", "--db", str(path)])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code == 4, text
    assert "Erreur inattendue" not in text and "Vérification impossible" not in text, text
    for word in words:
        assert word in text, text
    return text


TAMPERINGS = {
    # (SQL run by the attacker, words the check must say)
    "timestamp-with-a-character-appended": (
        ["UPDATE audit_entry SET at = at || 'x' WHERE id = 3"],
        ("Journal d'audit altéré à l'entrée n° 3",),
    ),
    "timestamp-as-a-julian-day": (  # the same instant, stored as a REAL
        ["UPDATE audit_entry SET at = julianday(at) WHERE id = 5"],
        ("entrée n° 5",),
    ),
    "value-as-a-blob": (  # the same bytes, another storage class
        ["UPDATE patient SET birth_name = CAST(birth_name AS BLOB) WHERE id = 2"],
        ("Ligne modifiée hors de l'application : patient n° 2",),
    ),
    "integer-as-a-blob": (  # INTEGER affinity turns numeric text back into an integer
        ["UPDATE meeting SET version = CAST(version AS BLOB) WHERE id = 1"],
        ("Ligne modifiée hors de l'application : meeting n° 1",),
    ),
    "text-that-is-not-utf8": (
        [
            "UPDATE professional SET last_name = CAST(x'ff' || CAST(last_name AS BLOB) AS TEXT) WHERE id = 1"
        ],
        ("professional n° 1",),
    ),
    "new-table": (
        ["CREATE TABLE notes_cachees (id INTEGER PRIMARY KEY, texte TEXT)"],
        ("table « notes_cachees »",),
    ),
    "new-trigger": (
        [
            "CREATE TRIGGER reecrire AFTER INSERT ON decision BEGIN "
            "UPDATE decision SET owner_id = 1 WHERE id = NEW.id; END"
        ],
        ("déclencheur « reecrire »",),
    ),
    "new-view": (["CREATE VIEW tout AS SELECT * FROM patient"], ("vue « tout »",)),
    "new-index": (["CREATE INDEX ix_espion ON patient (nir)"], ("index « ix_espion »",)),
    "dropped-index": (
        ["DROP INDEX ix_decision_due_on"],
        ("manquant : index « ix_decision_due_on »",),
    ),
    "dropped-trigger": (
        ["DROP TRIGGER patient_search_patient_update"],
        ("déclencheur « patient_search_patient_update »",),
    ),
    "changed-check-constraint": (
        [
            "PRAGMA writable_schema = ON",
            "UPDATE sqlite_master SET sql = replace(sql, 'CHECK (trim(description)', "
            "'CHECK (1 OR trim(description)') WHERE name = 'decision'",
            "PRAGMA writable_schema = OFF",
        ],
        ("Objet modifié hors de l'application : table « decision »",),
    ),
    "search-index-content": (
        ["UPDATE patient_search SET names = 'DUPONT Jean' WHERE rowid = 4"],
        ("Index de recherche", "n° 4"),
    ),
    "search-index-internals": (
        ["DELETE FROM patient_search_data WHERE id > 10"],
        ("Index de recherche",),
    ),
    "row-inserted-without-audit": (
        ["INSERT INTO setting (key, value) VALUES ('intrus', '1')"],
        ("Ligne absente du journal : setting",),
    ),
    "row-deleted-without-audit": (
        ["DELETE FROM decision WHERE id = 7"],
        ("Ligne supprimée hors de l'application : decision n° 7",),
    ),
    "audit-entry-deleted-in-the-middle": (
        ["DELETE FROM audit_entry WHERE id = 10"],
        ("Journal d'audit altéré à l'entrée n° 11",),
    ),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_each_tampering_is_reported_with_exit_4(base, capsys, name):
    path, key = base
    statements, words = TAMPERINGS[name]
    with attacker(path, key) as conn:
        for sql in statements:
            conn.execute(sql)
    check_says(path, capsys, *words)


def test_an_edited_migration_version_is_reported(base, capsys):
    path, key = base
    with attacker(path, key) as conn:
        conn.execute("UPDATE alembic_version SET version_num = version_num || '-x'")
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 4
    err = capsys.readouterr().err
    assert "Version du schéma inconnue" in err and "Erreur inattendue" not in err
    with attacker(path, key) as conn:
        conn.execute("DELETE FROM alembic_version")
    assert main(["check", "--db", str(path)]) == 4
    assert "Version du schéma" in capsys.readouterr().err


def test_an_untouched_copy_passes(base, capsys):
    path, _key = base
    assert main(["check", "--db", str(path)]) == 0
    assert "Base intègre" in capsys.readouterr().out


# --- any value of any shape in any column ----------------------------------------------------------

SHAPES = {
    # SQL expression of the column's current value → a tampered value
    "appended": "CASE WHEN {c} IS NULL THEN 'x' ELSE {c} || 'x' END",
    "blob": "CASE WHEN {c} IS NULL THEN x'00' ELSE CAST({c} AS BLOB) END",
    "not-utf8": "CAST(x'ff' || CAST(coalesce({c}, '') AS BLOB) AS TEXT)",
}


@pytest.fixture(scope="module")
def small_base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("petite")
    key = DatabaseKey.generate()
    db = Database.create(folder / "base.db", key)
    demo.generate(Services(db, Actor("demo", "demo"), lambda: TODAY).ctx, years=1, seed=3)
    db.checkpoint()
    db.close()
    shutil.copyfile(folder / "base.db", folder / "modele.db")
    return folder / "base.db", key


def columns() -> list[tuple[str, str]]:
    found = [(t.name, c.name) for t in audited_tables() for c in t.columns]
    return found + [
        ("audit_entry", c)
        for c in (
            "at",
            "os_user",
            "operator",
            "action",
            "entity",
            "entity_id",
            "fields",
            "row_digest",
            "prev_hash",
            "entry_hash",
        )
    ]


def tampered_reports(path: Path, key: DatabaseKey, table: str, column: str, shapes: list[str]):
    """For each shape: tamper the first row's value, check, put the raw value back."""
    db = Database.open(path, key, migrate=False)
    results = {}
    try:
        with attacker(path, key) as conn:
            row = conn.execute(
                f'SELECT rowid, "{column}" FROM "{table}" ORDER BY rowid LIMIT 1'
            ).fetchone()
            if row is None:
                return None
            rowid, original = row
            for shape in shapes:
                expression = SHAPES[shape].format(c=f'"{column}"')
                try:
                    conn.execute(
                        f'UPDATE "{table}" SET "{column}" = {expression} WHERE rowid = ?', (rowid,)
                    )
                except sqlcipher3.IntegrityError:  # an INTEGER PRIMARY KEY holds integers only
                    continue
                (now,) = conn.execute(
                    f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', (rowid,)
                ).fetchone()
                if type(now) is type(original) and now == original:
                    continue  # a BLOB cast to BLOB: nothing changed, nothing to find
                results[shape] = check_database(db)
                conn.execute(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (original, rowid)
                )
    finally:
        db.close()
    return results


def assert_reported(report, table: str, column: str) -> None:
    assert not report.ok, (table, column)
    text = " ".join(report.problems)
    assert "Vérification impossible" not in text, (table, column, text)
    if table == "audit_entry":
        assert report.chain or report.rows, (table, column, text)
    else:
        assert table in text, (table, column, text)


def sample() -> list[tuple[str, str, str]]:
    """Each table with each shape, on a column taken in turn (the slow test takes them all)."""
    by_table: dict[str, list[str]] = {}
    for table, column in columns():
        by_table.setdefault(table, []).append(column)
    picked = []
    for t_index, (table, names) in enumerate(sorted(by_table.items())):
        for s_index, shape in enumerate(SHAPES):
            picked.append((table, names[(t_index + s_index * 5 + 1) % len(names)], shape))
    return picked


@pytest.mark.parametrize(("table", "column", "shape"), sample(), ids="-".join)
def test_any_value_of_any_shape_in_any_table(small_base, table, column, shape):
    """Every table (the audit log included) with every shape of value, on one copy put back
    after each case (the slow test below tries every shape in every column)."""
    results = tampered_reports(small_base[0], small_base[1], table, column, [shape])
    if results is None:
        pytest.skip(f"no row in {table}")
    if shape not in results:
        pytest.skip(f"{table}.{column} cannot hold that shape (SQLite refuses it)")
    assert_reported(results[shape], table, column)


def tamper_first_row(conn, table: str, column: str, shape: str):
    """Tamper *column* of *table*'s first row with *shape*: ``(rowid, row id, original)`` to put
    it back, or None when there is no row, SQLite refuses the value or nothing changed."""
    row = conn.execute(
        f'SELECT rowid, id, "{column}" FROM "{table}" ORDER BY rowid LIMIT 1'
    ).fetchone()
    if row is None:
        return None
    rowid, row_id, original = row
    expression = SHAPES[shape].format(c=f'"{column}"')
    try:
        conn.execute(f'UPDATE "{table}" SET "{column}" = {expression} WHERE rowid = ?', (rowid,))
    except sqlcipher3.IntegrityError:  # an INTEGER PRIMARY KEY holds integers only
        return None
    (now,) = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
    if type(now) is type(original) and now == original:
        return None  # a BLOB cast to BLOB: nothing changed, nothing to find
    return rowid, row_id, original


@pytest.mark.slow
def test_every_shape_in_every_column(small_base, tmp_path):
    """Every shape in every column. The audit log's columns one at a time (a tampered entry
    breaks the chain for all that follows); the other tables together, one column of each per
    round, each table's tampered row named by the report — a tampering that another one could
    hide is checked again alone."""
    path = tmp_path / "base.db"
    shutil.copyfile(small_base[0].with_name("modele.db"), path)
    key = small_base[1]
    by_table: dict[str, list[str]] = {}
    for table, column in columns():
        by_table.setdefault(table, []).append(column)
    for column in by_table.pop("audit_entry"):
        for report in (
            tampered_reports(path, key, "audit_entry", column, list(SHAPES)) or {}
        ).values():
            assert_reported(report, "audit_entry", column)
    alone = []
    db = Database.open(path, key, migrate=False)
    try:
        for round_ in range(max(len(names) for names in by_table.values())):
            for shape in SHAPES:
                tampered = {}
                with attacker(path, key) as conn:
                    for table, names in by_table.items():
                        if round_ < len(names):
                            done = tamper_first_row(conn, table, names[round_], shape)
                            if done is not None:
                                tampered[table] = (names[round_], *done)
                    report = check_database(db)
                    for table, (column, rowid, _row_id, original) in tampered.items():
                        conn.execute(
                            f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?',
                            (original, rowid),
                        )
                if not tampered:
                    continue
                assert not report.ok
                text = " ".join(report.problems)
                assert "Vérification impossible" not in text, text
                for table, (column, _rowid, row_id, _original) in tampered.items():
                    if not re.search(rf"(?<![\w]){re.escape(table)} n° {row_id}\b", text):
                        alone.append((table, column, shape))
    finally:
        db.close()
    for table, column, shape in alone:
        results = tampered_reports(path, key, table, column, [shape])
        assert results and shape in results, (table, column, shape)
        assert_reported(results[shape], table, column)
    db = Database.open(path, key, migrate=False)
    assert check_database(db).ok  # every value was put back: whole again
    db.close()
    assert len(alone) < 20, alone  # the rounds did the work: few tamperings needed a check alone
