"""When the system refuses (issue 13, item 6): a missing permission, a read-only folder, a full
disk each get their own French message and exit code 5 — never "phrase de passe", never
"Erreur inattendue" — and the base is left as it was.

Run as root, the commands run in a user namespace of their own (``unshare -U``), where the
permission bits bind root like anyone; the full disk is a small tmpfs mounted in a private
mount namespace (``unshare -Urm``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.security.corpus import ROOT, run_cli, snapshot

EXIT_SYSTEM = 5


def _works(prefix: list[str]) -> bool:
    try:
        return subprocess.run([*prefix, "true"], capture_output=True, check=False).returncode == 0
    except OSError:
        return False


AS_ORDINARY = ["unshare", "-U"] if os.geteuid() == 0 else []
ordinary_user = pytest.mark.skipif(
    bool(AS_ORDINARY) and not _works(AS_ORDINARY),
    reason="root without user namespaces: permission bits cannot bind",
)
private_mounts = pytest.mark.skipif(
    not _works(["unshare", "-Urm"]), reason="no user and mount namespaces for a small tmpfs"
)


@pytest.fixture
def base(demo_template, tmp_path):
    source, key = demo_template
    folder = tmp_path / "dossier"
    folder.mkdir()
    path = folder / "base.db"
    shutil.copyfile(source, path)
    return path, {"RCP_DESKTOP_PASSPHRASE": key.recovery_code()}


def refused(result, *words):
    assert result.returncode == EXIT_SYSTEM, result.stderr
    assert "Erreur inattendue" not in result.stderr and "Traceback" not in result.stderr
    assert "phrase de passe" not in result.stderr.lower()
    for word in words:
        assert word in result.stderr, result.stderr


@ordinary_user
@pytest.mark.parametrize(
    "command", ["sessions", "check", "backup", "rekey", "restore-from", "demo-data"]
)
def test_a_base_without_read_permission(base, tmp_path, command):
    path, env = base
    out = tmp_path / "sortie"
    out.mkdir()
    args = {
        "sessions": ["sessions", "--db", str(path)],
        "check": ["check", "--db", str(path)],
        "backup": ["backup", "--db", str(path), "--out", str(out / "c.rcpbak")],
        "rekey": ["rekey", "--db", str(path)],
        "restore-from": ["restore", "--backup", str(path), "--db", str(out / "r.db")],
        "demo-data": ["demo-data", "--db", str(path)],
    }[command]
    os.chmod(path, 0)
    before = snapshot(path.parent)
    result = run_cli(
        args,
        {**env, "RCP_DESKTOP_NEW_PASSPHRASE": "une autre phrase assez longue"},
        prefix=AS_ORDINARY,
    )
    os.chmod(path, 0o600)
    refused(result, "Permission refusée", "base.db")
    assert snapshot(path.parent) == before
    assert snapshot(out) == {}


@ordinary_user
def test_a_folder_that_cannot_be_searched(base):
    path, env = base
    os.chmod(path.parent, 0)
    try:
        result = run_cli(["sessions", "--db", str(path)], env, prefix=AS_ORDINARY)
    finally:
        os.chmod(path.parent, 0o700)
    refused(result, "Permission refusée")


@ordinary_user
def test_a_base_in_a_read_only_folder(base):
    path, env = base
    before = snapshot(path.parent)
    os.chmod(path.parent, 0o500)
    try:
        results = {
            name: run_cli(args, env, prefix=AS_ORDINARY)
            for name, args in {
                "sessions": ["sessions", "--db", str(path)],
                "demo-data": ["demo-data", "--db", str(path), "--years", "1"],
                "init": ["init", "--db", str(path.parent / "nouvelle.db")],
            }.items()
        }
    finally:
        os.chmod(path.parent, 0o700)
    for result in results.values():
        refused(result, "lecture seule")
    assert snapshot(path.parent) == before


@ordinary_user
def test_a_backup_into_a_read_only_folder(base, tmp_path):
    path, env = base
    out = tmp_path / "lecture-seule"
    out.mkdir(mode=0o500)
    result = run_cli(
        ["backup", "--db", str(path), "--out", str(out / "c.rcpbak")], env, prefix=AS_ORDINARY
    )
    refused(result, "lecture seule" if "lecture seule" in result.stderr else "Permission refusée")
    assert snapshot(out) == {}


def full_disk(scenario: str, base, tmp_path) -> dict:
    path, env = base
    result = subprocess.run(
        [
            "unshare",
            "-Urm",
            sys.executable,
            "-m",
            "tests.security.full_disk",
            scenario,
            str(path),
            str(tmp_path),
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def disk_full(outcome: dict) -> None:
    assert outcome["code"] == EXIT_SYSTEM, outcome["err"]
    assert "Disque plein" in outcome["err"], outcome["err"]
    assert "Erreur inattendue" not in outcome["err"]


@private_mounts
def test_a_backup_onto_a_full_disk_leaves_no_partial_file(base, tmp_path):
    outcome = full_disk("backup", base, tmp_path)
    disk_full(outcome)
    assert outcome["left"] == ["lest"]


@private_mounts
def test_a_disk_that_fills_up_during_a_long_write(base, tmp_path):
    outcome = full_disk("write", base, tmp_path)
    disk_full(outcome)
    assert outcome["check"]["code"] == 0, outcome["check"]["err"]


def test_the_state_folder_is_private(tmp_path, monkeypatch):
    """The log (and the audit-chain anchors) live in the state folder: 0700, even when an
    older version left it 0755."""
    import stat

    from rcp_desktop import paths
    from rcp_desktop.logs import setup_logging

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (tmp_path / "state" / "rcp-desktop").mkdir(parents=True, mode=0o755)
    os.chmod(tmp_path / "state" / "rcp-desktop", 0o755)
    log_file = setup_logging()
    for folder in (paths.state_dir(), log_file.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
