"""The real OS keyring: a Secret Service (gnome-keyring) on a private D-Bus session.

Elsewhere the tests stand in an in-memory keyring; here the key goes through the real
Secret Service protocol, as on a practice's Linux desktop. ``.ci/run`` installs gnome-keyring,
dbus and libsecret-tools; on a machine without them the test is skipped, never faked."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from rcp_desktop.storage.keys import KEYRING_SERVICE

TOOLS = ("dbus-run-session", "gnome-keyring-daemon", "secret-tool")
pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="gnome-keyring / dbus / secret-tool not installed",
)


def run_in_keyring_session(tmp_path, script: str) -> subprocess.CompletedProcess:
    """Run *script* (sh) in a fresh D-Bus session whose gnome-keyring login keyring is
    unlocked; ``$APP`` runs the headless commands with this interpreter."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "RCP_DESKTOP_"))
        and key not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    home = tmp_path / "home"
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
        APP=f"{sys.executable} -m rcp_desktop",
    )
    (tmp_path / "run").mkdir(mode=0o700)
    home.mkdir()
    wrapped = textwrap.dedent(
        """
        set -u
        printf 'mot de passe de session' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        """
    ) + textwrap.dedent(script)
    return subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", wrapped],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_keyring_mode_through_the_real_secret_service(tmp_path):
    db = tmp_path / "rcp.db"
    result = run_in_keyring_session(
        tmp_path,
        f"""
        $APP init --db {db} || exit 10
        $APP sessions --db {db} --json > sessions.json || exit 11
        secret-tool search --all service {KEYRING_SERVICE} > entry.txt 2>&1 || exit 12
        sha256sum {db} > before.txt
        secret-tool clear service {KEYRING_SERVICE} || exit 13
        $APP sessions --db {db} --json; echo "rc=$?" > without-entry.txt
        sha256sum {db} > after.txt
        """,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "trousseau" in result.stdout.lower() or "trousseau" in result.stderr.lower()
    # The database opened with the key the Secret Service handed back, no passphrase anywhere.
    assert json.loads((tmp_path / "sessions.json").read_text()) == []
    entry = (tmp_path / "entry.txt").read_text()
    assert f"db:{db.resolve()}" in entry  # one entry per database, named by its path
    assert "secret = raw:" in entry
    # The key is not lying around in plain text in the keyring's own files.
    secret_hex = entry.split("secret = raw:")[1].split()[0]
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert secret_hex.encode() not in path.read_bytes(), path
    # Without its keyring entry (a new laptop) the base cannot be unlocked headless: exit 3,
    # the file left byte for byte as it was.
    assert (tmp_path / "without-entry.txt").read_text().strip() == "rc=3"
    assert (tmp_path / "before.txt").read_text() == (tmp_path / "after.txt").read_text()
