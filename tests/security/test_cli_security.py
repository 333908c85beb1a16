"""backup / restore / rekey commands: contract and exit codes."""

import hashlib
import json
import sys

import pytest

from rcp_desktop.cli import main
from rcp_desktop.storage.lock import InstanceLock
from tests.conftest import PASSPHRASE

NEW = "une toute nouvelle phrase de passe"


@pytest.fixture(autouse=True)
def no_tty(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture
def base(demo_path, monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    return demo_path  # a copy of the session's demo base (tests/conftest.py)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sessions(path):
    return main(["sessions", "--db", str(path), "--json"])


def test_backup_then_restore_with_force(base, tmp_path, capsys):
    out = tmp_path / "b.rcpbak"
    assert main(["backup", "--db", str(base), "--out", str(out)]) == 0
    assert main(["backup", "--db", str(base), "--out", str(out)]) == 1  # never overwrites
    before = sha(base)
    assert main(["restore", "--backup", str(out), "--db", str(base)]) == 1
    assert "--force" in capsys.readouterr().err
    assert sha(base) == before
    assert main(["restore", "--backup", str(out), "--db", str(base), "--force"]) == 0
    assert "conservée" in capsys.readouterr().out
    assert sessions(base) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["restore", "--backup", str(out), "--db", str(tmp_path / "fresh.db")]) == 0
    assert main(["check", "--db", str(tmp_path / "fresh.db")]) == 0


def test_restore_of_a_bad_backup_exits_without_touching_the_base(base, tmp_path, capsys):
    junk = tmp_path / "junk.rcpbak"
    junk.write_bytes(b"\x01" * 8192)
    before = sha(base)
    assert main(["restore", "--backup", str(junk), "--db", str(base), "--force"]) == 3
    assert sha(base) == before


def test_rekey_to_a_new_passphrase(base, monkeypatch, capsys):
    monkeypatch.setenv("RCP_DESKTOP_NEW_PASSPHRASE", NEW)
    assert main(["rekey", "--db", str(base), "--show-recovery-code"]) == 0
    out = capsys.readouterr().out
    assert "ancien code de secours ne fonctionne plus" in out
    code = out.strip().splitlines()[-1]
    assert sessions(base) == 3  # the old passphrase no longer opens it
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", NEW)
    assert sessions(base) == 0
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", code)  # the new recovery code opens it too
    assert sessions(base) == 0


def test_rekey_refusals(base, monkeypatch, capsys):
    assert main(["rekey", "--db", str(base)]) == 1
    assert "RCP_DESKTOP_NEW_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("RCP_DESKTOP_NEW_PASSPHRASE", "court")
    assert main(["rekey", "--db", str(base)]) == 1
    assert main(["rekey", "--db", str(base), "--to-keyring"]) == 1
    assert "trousseau" in capsys.readouterr().err
    monkeypatch.setenv("RCP_DESKTOP_NEW_PASSPHRASE", NEW)
    before = sha(base)
    with InstanceLock(base):  # the application has the base open
        assert main(["rekey", "--db", str(base)]) == 1
        assert "déjà ouverte" in capsys.readouterr().err
    assert sha(base) == before


def test_rekey_into_the_keyring(base, monkeypatch, fake_keyring, capsys):
    assert main(["rekey", "--db", str(base), "--to-keyring"]) == 0
    monkeypatch.delenv("RCP_DESKTOP_PASSPHRASE")
    assert sessions(base) == 0  # opened silently through the keyring entry
