"""Restore that cannot lose a base (issue 13, item 5): stale side files are set aside and never
replayed, the restore shares its lock with every writer, special targets are refused, a full
disk leaves the old base; each with the bytes of the base and its side files checked."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rcp_desktop import vault
from rcp_desktop.cli import main
from rcp_desktop.models import Patient, Sex
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage.backup import backup_to
from rcp_desktop.storage.lock import UseLock
from tests.security.corpus import ROOT, VARIANTS, snapshot
from tests.security.test_unlock_input import crashed_base


def count(path: Path, key: DatabaseKey) -> int:
    db = Database.open(path, key, migrate=False)
    try:
        with db.read() as s:
            return s.scalar(select(func.count(Patient.id)))
    finally:
        db.close()


@pytest.fixture
def setting(tmp_path, monkeypatch):
    """A base left with committed rows in its -wal by a crashed writer, and an empty backup."""
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    key = DatabaseKey.generate()
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", key.recovery_code())
    folder = tmp_path / "poste"
    folder.mkdir()
    target = crashed_base(folder, key, patients=7)
    empty = Database.create(tmp_path / "vide.db", key)
    backup = backup_to(empty, tmp_path / "vide.rcpbak")
    empty.close()
    return target, backup, key


def test_a_stale_wal_is_set_aside_never_replayed(setting, capsys):
    target, backup, key = setting
    assert os.path.exists(str(target) + "-wal")
    assert main(["restore", "--backup", str(backup), "--db", str(target), "--force"]) == 0
    out = capsys.readouterr().out
    assert count(target, key) == 0  # the backup's content, not the crashed writer's
    assert main(["check", "--db", str(target)]) == 0
    set_aside = Path(out.split("conservée sous : ")[1].strip())
    assert count(set_aside, key) == 7  # the old base and its committed rows, intact


def test_a_wal_without_its_base_is_set_aside_too(setting, capsys):
    target, backup, key = setting
    target.unlink()  # the base was removed by hand, its -wal was not
    assert main(["restore", "--backup", str(backup), "--db", str(target)]) == 0
    assert count(target, key) == 0
    assert main(["check", "--db", str(target)]) == 0
    leftovers = sorted(p.name for p in target.parent.iterdir() if "residus" in p.name)
    assert leftovers and all(name.endswith("-wal") for name in leftovers)


def test_no_restore_while_a_command_works_on_the_base(setting, capsys):
    target, backup, _key = setting
    before = snapshot(target.parent)
    with UseLock(target).acquire():  # a headless backup or export running
        assert main(["restore", "--backup", str(backup), "--db", str(target), "--force"]) == 1
    assert "travaille sur cette base" in capsys.readouterr().err
    assert {k: v for k, v in snapshot(target.parent).items() if "lock" not in k} == before


def test_no_command_writes_while_a_restore_runs(setting, capsys):
    target, _backup, _key = setting
    before = snapshot(target.parent)
    with UseLock(target).acquire(exclusive=True):  # a restore running in another process
        for args in (
            ["demo-data", "--db", str(target), "--years", "1"],
            ["sessions", "--db", str(target)],
            ["backup", "--db", str(target), "--out", str(target.parent.parent / "c.rcpbak")],
        ):
            assert main(args) == 1
            assert "en cours de restauration" in capsys.readouterr().err
        with pytest.raises(vault.BaseBusyError):
            vault.claim(target)  # nor a window
    assert {k: v for k, v in snapshot(target.parent).items() if "lock" not in k} == before
    assert not (target.parent.parent / "c.rcpbak").exists()


def test_the_window_restores_only_when_no_command_works_on_the_base(tmp_path, actor):
    key = DatabaseKey.generate()
    path = tmp_path / "base.db"
    Database.create(path, key).close()
    locks = vault.claim(path)
    opened = vault.open_base(path, key, vault.Protection.KEYRING, actor)
    with opened.db.write(actor) as s:
        s.add(
            Patient(
                birth_name="AVANT", first_names="A", birth_date=dt.date(1990, 1, 1), sex=Sex.MALE
            )
        )
    backup = vault.backup(opened.db, tmp_path / "b.rcpbak")
    with opened.db.write(actor) as s:
        s.add(
            Patient(
                birth_name="APRES", first_names="A", birth_date=dt.date(1990, 1, 1), sex=Sex.MALE
            )
        )
    command = vault.BaseLocks(path, instance=False)  # a headless command started meanwhile
    with pytest.raises(vault.BaseBusyError, match="travaille"):
        vault.restore_open(opened.db, backup)
    command.release()
    assert locks.use.held and not locks.use.exclusive  # the window kept its shared lock
    set_aside = vault.restore_open(opened.db, backup)
    with opened.db.read() as s:
        assert sorted(s.scalars(select(Patient.birth_name))) == ["AVANT"]
    assert count(set_aside, key) == 2
    opened.close()
    locks.release()


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_restore_onto_every_hostile_file(demo_template, tmp_path, monkeypatch, capsys, variant):
    """Restoring over a damaged base is the remedy (done, the damaged file set aside); a link,
    a folder or a special file is never replaced."""
    source, key = demo_template
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", key.recovery_code())
    db = Database.open(source, key, migrate=False)
    backup = backup_to(db, tmp_path / "bonne.rcpbak")
    db.close()
    folder = tmp_path / "poste"
    folder.mkdir()
    path = folder / "base.db"
    VARIANTS[variant].make(source, path)
    before = snapshot(folder)
    code = main(["restore", "--backup", str(backup), "--db", str(path), "--force"])
    captured = capsys.readouterr()
    assert "Erreur inattendue" not in captured.err
    if variant in {"directory", "symlink", "fifo"}:
        assert code == 1, captured.err
        assert {k: v for k, v in snapshot(folder).items() if "lock" not in k} == before
        return
    assert code == 0, captured.err
    assert path.read_bytes() == backup.read_bytes()
    set_aside = Path(captured.out.split("conservée sous : ")[1].strip())
    assert snapshot(folder)[set_aside.name] == before["base.db"]  # the old file, byte for byte
    assert main(["check", "--db", str(path)]) == 0


def test_a_full_disk_during_a_restore_leaves_the_old_base(demo_template, tmp_path):
    from tests.security.test_system_refusals import private_mounts

    if private_mounts.args[0]:
        pytest.skip(private_mounts.kwargs["reason"])
    source, key = demo_template
    base = tmp_path / "base.db"
    shutil.copyfile(source, base)
    result = subprocess.run(
        [
            "unshare",
            "-Urm",
            sys.executable,
            "-m",
            "tests.security.full_disk",
            "restore",
            str(base),
            str(tmp_path),
        ],
        env={**os.environ, "RCP_DESKTOP_PASSPHRASE": key.recovery_code()},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 5 and "Disque plein" in outcome["err"], outcome["err"]
    assert outcome["base_same"] and outcome["same"], outcome
    assert outcome["check"]["code"] == 0, outcome["check"]["err"]
