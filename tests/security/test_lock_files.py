"""Lock files beside a base are never followed or mistaken (issue 13, item 5): a symbolic link,
a FIFO, a hard link to another file planted as ``base.db.lock`` or ``base.db.use.lock`` is
refused at once, and the file it points to is left as it was."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from rcp_desktop.cli import main
from rcp_desktop.storage.lock import InstanceLock, UseLock, lock_path, use_lock_path

NEW = "une toute nouvelle phrase de passe"


@pytest.fixture
def base(demo_template, tmp_path, monkeypatch):
    source, key = demo_template
    path = tmp_path / "base.db"
    shutil.copyfile(source, path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", key.recovery_code())
    monkeypatch.setenv("RCP_DESKTOP_NEW_PASSPHRASE", NEW)
    victim = tmp_path / "precieux.txt"
    victim.write_text("un fichier qui n'a rien à voir")
    return path, victim


def plant(kind: str, where, victim) -> None:
    if kind == "symlink":
        where.symlink_to(victim)
    elif kind == "dangling-symlink":
        where.symlink_to(victim.with_name("nulle-part"))
    elif kind == "hardlink":
        os.link(victim, where)
    elif kind == "fifo":
        os.mkfifo(where)


@pytest.mark.parametrize("kind", ["symlink", "dangling-symlink", "hardlink", "fifo"])
@pytest.mark.parametrize(
    ("which", "command"),
    [
        ("instance", "rekey"),
        ("instance", "restore"),
        ("use", "rekey"),
        ("use", "sessions"),
        ("use", "demo-data"),
    ],
)
def test_a_planted_lock_file_is_refused(base, capsys, kind, which, command):
    path, victim = base
    backup = path.with_name("b.rcpbak")
    if command == "restore":
        assert main(["backup", "--db", str(path), "--out", str(backup)]) == 0
    capsys.readouterr()
    planted = (lock_path if which == "instance" else use_lock_path)(path)
    planted.unlink(missing_ok=True)
    plant(kind, planted, victim)
    before = path.read_bytes()
    args = {
        "rekey": ["rekey", "--db", str(path)],
        "restore": ["restore", "--backup", str(backup), "--db", str(path), "--force"],
        "sessions": ["sessions", "--db", str(path)],
        "demo-data": ["demo-data", "--db", str(path), "--years", "1"],
    }[command]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "verrou" in err and "refusé" in err, err
    assert victim.read_text() == "un fichier qui n'a rien à voir"
    assert not victim.with_name("nulle-part").exists()
    assert path.read_bytes() == before


def test_the_locks_themselves_are_private_plain_files(tmp_path):
    path = tmp_path / "base.db"
    with InstanceLock(path), UseLock(path).acquire():
        for lock in (lock_path(path), use_lock_path(path)):
            info = lock.lstat()
            assert oct(info.st_mode & 0o777) == "0o600" and info.st_nlink == 1
