"""Run inside ``unshare -Urm`` (a private mount namespace): mount a small tmpfs, fill it, run a
command against it and print what happened as JSON (``tests/security/test_system_refusals.py``).

Usage: ``python -m tests.security.full_disk SCENARIO BASE WORKDIR`` with the base's secret in
``RCP_DESKTOP_PASSPHRASE``.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from rcp_desktop.cli import main
from tests.security.corpus import snapshot


def mount_tmpfs(folder: Path, size_kb: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)], check=True
    )


def fill(folder: Path, leave_kb: int) -> None:
    """Fill *folder*'s file system until about *leave_kb* remain free."""
    usage = shutil.disk_usage(folder)
    ballast = max(usage.free - leave_kb * 1024, 0)
    with open(folder / "lest", "wb") as fh:
        fh.truncate(0)
        fh.write(b"\0" * ballast)


def run(args: list[str]) -> dict[str, object]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return {"code": code, "err": err.getvalue()}


def scenario(name: str, base: Path, work: Path) -> dict[str, object]:
    size_kb = base.stat().st_size // 1024
    if name == "backup":  # the backup folder is full
        out = work / "plein"
        mount_tmpfs(out, 256)
        fill(out, 16)
        result = run(["backup", "--db", str(base), "--out", str(out / "copie.rcpbak")])
        result["left"] = sorted(snapshot(out))
        return result
    if name == "write":  # the base's own disk fills up in the middle of a long write
        folder = work / "plein"
        mount_tmpfs(folder, 1024)
        target = folder / "base.db"
        result = run(["demo-data", "--db", str(target), "--years", "3"])
        result["check"] = run(["check", "--db", str(target)])
        return result
    if name == "restore":  # the target's disk cannot take the new copy
        folder = work / "plein"
        mount_tmpfs(folder, size_kb * 2 + 512)
        target = folder / "base.db"
        shutil.copyfile(base, target)
        fill(folder, size_kb // 2)
        before = snapshot(folder)
        result = run(["restore", "--backup", str(base), "--db", str(target), "--force"])
        result["same"] = snapshot(folder) == before or sorted(
            k for k in snapshot(folder) if not k.endswith(".lock")
        ) == sorted(before)
        result["base_same"] = snapshot(folder).get("base.db") == before.get("base.db")
        (folder / "lest").unlink()
        result["check"] = run(["check", "--db", str(target)])
        return result
    raise SystemExit(f"unknown scenario {name}")


if __name__ == "__main__":
    print(json.dumps(scenario(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))))
