"""A chain anchored outside the base (issue 13, item 3): a base rolled back or cut at its end
looks intact from the inside, but not against the head recorded in the state folder and beside
each backup; a damaged salt is told from a wrong passphrase by the salt recorded there."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from rcp_desktop import vault
from rcp_desktop.cli import main
from rcp_desktop.storage import DatabaseKey
from rcp_desktop.storage import anchor as anchors
from rcp_desktop.storage.audit import entry_hash
from rcp_desktop.storage.engine import keyed_connection
from tests.conftest import PASSPHRASE
from tests.security.corpus import flip, snapshot, without_locks

DATA = Path(__file__).resolve().parents[1] / "data" / "liste-cpts-exemple.csv"


@pytest.fixture
def base(demo_template, tmp_path, monkeypatch, capsys):
    """A demo base used once through the command line (so this computer knows its head)."""
    source, key = demo_template
    path = tmp_path / "poste" / "base.db"
    path.parent.mkdir()
    shutil.copyfile(source, path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", key.recovery_code())
    assert main(["sessions", "--db", str(path)]) == 0
    capsys.readouterr()
    return path, key


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def cut_the_end(path: Path, key: DatabaseKey, entries: int = 12) -> None:
    """Remove the last rows the log mentions together with their audit entries."""
    conn = keyed_connection(path, key)
    last = conn.execute(
        "SELECT id, entity, entity_id FROM audit_entry ORDER BY id DESC LIMIT ?", (entries,)
    ).fetchall()
    for entry_id, entity, entity_id in last:
        conn.execute(f'DELETE FROM "{entity}" WHERE id = ?', (entity_id,))
        conn.execute("DELETE FROM audit_entry WHERE id = ?", (entry_id,))
    conn.close()


def test_the_head_is_recorded_outside_the_base(base):
    path, _key = base
    anchor = vault.last_known_head(path)
    assert anchor is not None and anchor.head.entries > 1000
    store = vault.anchor_store().path_for(path)
    assert store.parent.parent.name == "rcp-desktop"  # the state folder
    assert json.loads(store.read_text())["head"]["hash"] == anchor.head.hash


def test_a_base_cut_at_its_end_with_its_entries(base, capsys):
    path, key = base
    cut_the_end(path, key)
    before = without_locks(snapshot(path.parent))
    for args in (["check", "--db", str(path)], ["sessions", "--db", str(path)]):
        code, text = run(capsys, *args)
        assert code == 4, text
        assert "plus court que sa dernière empreinte" in text, text
        assert "Erreur inattendue" not in text
    assert without_locks(snapshot(path.parent)) == before
    # what check says besides: nothing else is wrong, the chain is whole from the inside
    code, text = run(capsys, "check", "--db", str(path))
    assert text.count("\n") == 1
    # a restore made by hand is adopted explicitly
    code, text = run(capsys, "check", "--db", str(path), "--reset-anchor")
    assert code == 0 and "désormais la référence" in text, text
    assert run(capsys, "sessions", "--db", str(path))[0] == 0


def test_a_base_rolled_back_to_an_older_copy(base, tmp_path, capsys):
    path, _key = base
    older = tmp_path / "ancienne.db"
    shutil.copyfile(path, older)
    code, text = run(capsys, "import-directory", "--db", str(path), "--file", str(DATA))
    assert code == 0, text
    shutil.copyfile(older, path)  # the file put back behind the application's back
    code, text = run(capsys, "sessions", "--db", str(path))
    assert code == 4 and "plus court" in text and "--reset-anchor" in text, text


def test_a_chain_rewritten_at_its_end(base, capsys):
    """The last entry removed and a forged one, correctly hashed, put in its place: as many
    entries as before, but not the same head."""
    path, key = base
    conn = keyed_connection(path, key)
    last_id, prev = conn.execute(
        "SELECT id, prev_hash FROM audit_entry ORDER BY id DESC LIMIT 1"
    ).fetchone()
    conn.execute("DELETE FROM audit_entry WHERE id = ?", (last_id,))
    values = ("2026-03-10 14:00:00.000000", "x", "x", "create", "setting", 999, "", None)
    conn.execute(
        "INSERT INTO audit_entry (id, at, os_user, operator, action, entity, entity_id, fields,"
        " row_digest, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (last_id, *values, prev, entry_hash(prev, values)),
    )
    conn.close()
    code, text = run(capsys, "check", "--db", str(path))
    assert code == 4 and "différent de sa dernière empreinte" in text, text
    assert "Journal d'audit altéré" not in text  # the forgery holds from the inside


def test_a_restore_is_the_new_reference(base, tmp_path, capsys):
    path, _key = base
    backup = tmp_path / "avant.rcpbak"
    assert run(capsys, "backup", "--db", str(path), "--out", str(backup))[0] == 0
    sidecar = json.loads(anchors.sidecar(backup).read_text())
    assert sidecar["head"] == vault.last_known_head(path).head.to_json()
    assert run(capsys, "import-directory", "--db", str(path), "--file", str(DATA))[0] == 0
    assert run(capsys, "restore", "--backup", str(backup), "--db", str(path), "--force")[0] == 0
    assert vault.last_known_head(path).head.to_json() == sidecar["head"]
    assert run(capsys, "check", "--db", str(path))[0] == 0


def test_a_backup_that_no_longer_matches_its_fingerprint(base, tmp_path, capsys):
    path, key = base
    backup = tmp_path / "copie.rcpbak"
    assert run(capsys, "backup", "--db", str(path), "--out", str(backup))[0] == 0
    cut_the_end(backup, key, entries=3)
    before = without_locks(snapshot(path.parent))
    code, text = run(capsys, "restore", "--backup", str(backup), "--db", str(path), "--force")
    assert code == 4 and "ne correspond plus à l'empreinte" in text, text
    assert without_locks(snapshot(path.parent)) == before


def test_a_damaged_salt_is_not_a_wrong_passphrase(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "base.db"
    assert main(["demo-data", "--db", str(path), "--years", "1"]) == 0
    assert main(["check", "--db", str(path)]) == 0  # this computer knows its salt
    capsys.readouterr()
    flip(path, 5)
    before = snapshot(tmp_path)
    code, text = run(capsys, "sessions", "--db", str(path))
    assert code == 4 and "sel" in text and "code de secours" in text, text
    assert snapshot(tmp_path) == before
    # without the state folder's record, it cannot be told apart: "wrong key" (documented)
    vault.anchor_store().forget(path)
    assert run(capsys, "sessions", "--db", str(path))[0] == 3
