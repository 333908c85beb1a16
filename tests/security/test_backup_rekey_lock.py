"""Key life cycle, encrypted backups and restore, single-instance lock."""

import datetime as dt
import hashlib
import os
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import Patient, Sex
from rcp_desktop.storage import Database, DatabaseError, DatabaseKey, UnlockError
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage.backup import (
    BackupPolicy,
    automatic_backup,
    backup_to,
    existing_backups,
    restore,
    verify_backup,
)
from rcp_desktop.storage.keychange import change_key
from rcp_desktop.storage.lock import AlreadyOpenError, InstanceLock, lock_path

NAME = "QWERTYBACKUPNAME"


def add(db, actor, name=NAME):
    with db.write(actor) as s:
        s.add(
            Patient(
                birth_name=name, first_names="Zoé", birth_date=dt.date(1970, 1, 1), sex=Sex.FEMALE
            )
        )


def count(db):
    with db.read() as s:
        return s.scalar(select(func.count(Patient.id)))


# --- backups ---------------------------------------------------------------------------------


def test_backup_is_encrypted_private_and_opens_with_the_same_key(db, key, actor, tmp_path):
    add(db, actor)
    target = backup_to(db, tmp_path / "copy.rcpbak")
    data = target.read_bytes()
    assert not data.startswith(b"SQLite format 3") and NAME.encode() not in data
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert not list(tmp_path.glob(".copy*"))  # no temp file left
    copy = Database.open(target, key, migrate=False)
    assert count(copy) == 1
    copy.close()
    with pytest.raises(UnlockError):
        verify_backup(target, DatabaseKey.generate())


def test_passphrase_backup_opens_with_the_passphrase(tmp_path, actor):
    key = DatabaseKey.new_from_passphrase("sauvegarde par phrase de passe")
    db = Database.create(tmp_path / "p.db", key)
    add(db, actor)
    target = backup_to(db, tmp_path / "p.rcpbak")
    db.close()
    assert keymod.candidate_keys("sauvegarde par phrase de passe", target)[-1] == key


def test_automatic_backup_runs_daily_and_keeps_n(db, actor, tmp_path):
    add(db, actor)
    policy = BackupPolicy(folder=tmp_path / "backups", keep=3)
    start = dt.datetime(2026, 3, 1, 9, 0)
    made = [automatic_backup(db, policy, start + dt.timedelta(hours=6 * i)) for i in range(20)]
    assert sum(1 for m in made if m is not None) == 5  # once per day over 4.75 days
    kept = existing_backups(policy.folder, db.path)
    assert len(kept) == 3
    assert kept[-1].name.endswith("20260305T210000.rcpbak") or kept[-1].name.endswith(
        "20260305T090000.rcpbak"
    )
    assert oct(policy.folder.stat().st_mode & 0o777) == "0o700"


def test_restore_verifies_refuses_then_replaces_with_force(db, db_path, key, actor, tmp_path):
    add(db, actor)
    backup = backup_to(db, tmp_path / "b.rcpbak")
    add(db, actor, "APRESSAUVEGARDE")
    db.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError, match="sans --force"):
        restore(backup, db_path, key)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    with pytest.raises(UnlockError):
        restore(backup, db_path, DatabaseKey.generate(), force=True)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    corrupt = tmp_path / "corrupt.rcpbak"
    raw = bytearray(backup.read_bytes())
    raw[5000:5100] = b"\x00" * 100
    corrupt.write_bytes(bytes(raw))
    with pytest.raises((DatabaseError, UnlockError)):
        restore(corrupt, db_path, key, force=True)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    set_aside = restore(backup, db_path, key, force=True)
    assert set_aside.exists()
    restored = Database.open(db_path, key)
    assert count(restored) == 1
    restored.close()
    old = Database.open(set_aside, key, migrate=False)
    assert count(old) == 2
    old.close()


# --- key life cycle -------------------------------------------------------------------------


def test_change_passphrase_then_old_one_fails(tmp_path, actor):
    old = DatabaseKey.new_from_passphrase("ancienne phrase de passe")
    db = Database.create(tmp_path / "r.db", old)
    add(db, actor)
    new = DatabaseKey.new_from_passphrase("nouvelle phrase de passe")
    change_key(db, new, to_keyring=False)
    add(db, actor, "APRESREKEY")  # the pool works with the new key
    db.close()
    path = tmp_path / "r.db"
    with pytest.raises(UnlockError):
        Database.open(path, old)
    (derived,) = keymod.candidate_keys("nouvelle phrase de passe", path)
    again = Database.open(path, derived)
    assert count(again) == 2
    again.close()


def test_rotate_into_keyring_and_back_to_passphrase(tmp_path, actor, fake_keyring):
    path = tmp_path / "k.db"
    first = DatabaseKey.generate()
    db = Database.create(path, first)
    keymod.keyring_set(path, first)
    rotated = DatabaseKey.generate()
    change_key(db, rotated, to_keyring=True)
    assert keymod.keyring_get(path) == rotated
    back = DatabaseKey.new_from_passphrase("retour à une phrase de passe")
    change_key(db, back, to_keyring=False)
    assert keymod.keyring_get(path) is None
    db.close()
    assert Database.open(path, back) is not None


def test_failed_rekey_puts_the_previous_keyring_entry_back(
    tmp_path, actor, fake_keyring, monkeypatch
):
    path = tmp_path / "k.db"
    first = DatabaseKey.generate()
    db = Database.create(path, first)
    keymod.keyring_set(path, first)

    def broken(new_key):
        raise DatabaseError("panne simulée")

    monkeypatch.setattr(db, "rekey", broken)
    with pytest.raises(DatabaseError):
        change_key(db, DatabaseKey.generate(), to_keyring=True)
    assert keymod.keyring_get(path) == first
    db.close()


def test_recovery_code_opens_when_the_keyring_entry_is_gone(tmp_path, fake_keyring):
    """New laptop: no keyring entry, the recovery code printed at creation still opens it."""
    from rcp_desktop.storage.engine import key_for_secret

    path = tmp_path / "k.db"
    key = DatabaseKey.generate()
    Database.create(path, key).close()
    keymod.keyring_set(path, key)
    code = key.recovery_code()
    fake_keyring.store.clear()
    assert keymod.keyring_get(path) is None
    assert key_for_secret(path, code) == key


# --- single instance ----------------------------------------------------------------------------


def test_second_lock_is_refused_and_released_on_close(db_path):
    first = InstanceLock(db_path).acquire()
    with pytest.raises(AlreadyOpenError) as err:
        InstanceLock(db_path).acquire()
    assert f"PID {os.getpid()}" in err.value.message
    first.release()
    InstanceLock(db_path).acquire().release()
    assert oct(lock_path(db_path).stat().st_mode & 0o777) == "0o600"


def test_stale_lock_after_a_crash_is_taken_over(db_path):
    # A process takes the lock and is killed: the OS releases it; its PID stays in the file.
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, os, signal
            from rcp_desktop.storage.lock import InstanceLock
            lock = InstanceLock({str(db_path)!r}).acquire()
            print("locked", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "locked"
    with pytest.raises(AlreadyOpenError):
        InstanceLock(db_path).acquire()
    child.kill()
    child.wait(timeout=30)
    assert "PID" in lock_path(db_path).read_text()
    InstanceLock(db_path).acquire().release()
