"""After a full demo run, no patient name or NIR appears in the database file, its WAL, the
backups, the log folder, the settings, the cache or the temporary folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from rcp_desktop.models import Patient
from rcp_desktop.storage import Database
from rcp_desktop.storage.engine import key_for_secret
from tests.conftest import PASSPHRASE

MIN_TOKEN = 6  # shorter tokens occur by chance in kilobytes of ciphertext


def tokens(path: Path) -> set[str]:
    db = Database.open(path, key_for_secret(path, PASSPHRASE), migrate=False)
    try:
        with db.read() as s:
            patients = list(s.scalars(select(Patient)))
    finally:
        db.close()
    found = set()
    for p in patients:
        for value in (p.birth_name, p.used_name, p.nir, f"{p.birth_name} {p.first_names}"):
            if value and len(value) >= MIN_TOKEN:
                found.add(value)
    return found


@pytest.mark.slow
def test_full_demo_run_leaks_no_identity(tmp_path):
    home = tmp_path / "home"
    tmp = tmp_path / "tmp"
    for folder in (home, tmp):
        folder.mkdir()
    env = dict(
        os.environ,
        HOME=str(home),
        TMPDIR=str(tmp),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        RCP_DESKTOP_PASSPHRASE=PASSPHRASE,
    )
    db_path = home / "rcp.db"
    backup = home / "manual.rcpbak"
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("leak_run.py")), str(db_path), str(backup)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    names = tokens(db_path)
    assert len(names) > 50
    files = [p for p in home.rglob("*") if p.is_file()] + [p for p in tmp.rglob("*") if p.is_file()]
    scanned = {p.name for p in files}
    assert "rcp.db" in scanned and "manual.rcpbak" in scanned
    assert any(p.suffix == ".rcpbak" and "sauvegardes" in str(p) for p in files)  # automatic backup
    logs = [p for p in files if p.name.startswith("rcp-desktop.log")]
    assert logs and "unhandled exception" in logs[0].read_text()  # the error was logged…
    for path in files:
        data = path.read_bytes()
        for token in names:
            assert token.encode("utf-8") not in data, (
                f"{token!r} found in {path.relative_to(tmp_path)}"
            )
    for stream in (done.stdout, done.stderr):
        for token in names:
            assert token not in stream
