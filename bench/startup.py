"""Cold start (keyring and passphrase modes) against a bare PySide6 window, and the cost of
``rcp-desktop --version`` / ``--help``, each in fresh processes.

Every child runs with private XDG folders (its QSettings, logs and backups go there) and the
offscreen Qt platform. CPU seconds are the child's (all its threads); wall seconds are from the
parent's ``Popen`` to the child's report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bases import ROOT, BenchBase
from bench.core import Measure, children_cpu_seconds, median

PASSPHRASE = "phrase de passe du banc d'essai"


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("RCP_DESKTOP_PASSPHRASE", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(args: list[str], home: Path, timeout: float = 180) -> dict:
    """Run ``python -m bench.child ARGS``; its report plus the parent's wall and CPU view."""
    before_cpu = children_cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.child", *args],
        cwd=ROOT,
        env=child_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise RuntimeError(f"bench child {args[0]} timed out:\n{err[-3000:]}") from None
    wall = time.perf_counter() - start
    line = next((x for x in out.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"bench child {args[0]} reported nothing:\n{err[-3000:]}")
    result = json.loads(line[len("BENCH ") :])
    result["wall_s"] = wall
    result["child_cpu_s"] = children_cpu_seconds() - before_cpu
    if "error" in result:
        raise RuntimeError(f"bench child {args[0]}: {result['error']}\n{err[-3000:]}")
    return result


def command_samples(argv: list[str], runs: int, home: Path) -> list[float]:
    """CPU seconds of ``python -m rcp_desktop ARGV`` (a console script's cost, less the
    launcher's few milliseconds), *runs* times."""
    samples = []
    for _ in range(runs):
        before = children_cpu_seconds()
        subprocess.run(
            [sys.executable, "-m", "rcp_desktop", *argv],
            cwd=ROOT,
            env=child_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        samples.append(children_cpu_seconds() - before)
    return samples


def python_samples(runs: int, home: Path) -> list[float]:
    """CPU seconds of a bare interpreter start (``python -c pass``)."""
    samples = []
    for _ in range(runs):
        before = children_cpu_seconds()
        subprocess.run([sys.executable, "-c", "pass"], env=child_env(home), check=True)
        samples.append(children_cpu_seconds() - before)
    return samples


def passphrase_base(large: BenchBase, folder: Path) -> Path:
    """A copy of *large* protected by a passphrase (made once, next to the cached base)."""
    from rcp_desktop.storage import Database, DatabaseKey

    target = large.path.with_name(large.path.stem + "-passphrase.db")
    if target.exists():
        return target
    tmp = large.working_copy(folder)
    db = Database.open(tmp.path, tmp.key)
    db.rekey(DatabaseKey.new_from_passphrase(PASSPHRASE))
    db.checkpoint()
    db.close()
    tmp.path.replace(target)
    return target


def measures(large: BenchBase, *, runs: int = 5, say=print) -> list[Measure]:
    out: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="rcp-bench-start-") as tmp:
        folder = Path(tmp)
        say("  cold starts (bare window, keyring, passphrase)…")
        protected = passphrase_base(large, folder)
        key_file = folder / "key"
        key_file.write_text(large.key.recovery_code())
        key_file.chmod(0o600)
        bare, keyring, passphrase = [], [], []
        for n in range(runs):
            home = folder / f"home-{n}"
            bare.append(run_child(["bare"], home))
            copy = large.working_copy(folder)  # the app takes a lock file next to it
            keyring.append(run_child(["keyring", str(copy.path), str(key_file)], home))
            locked = folder / f"passphrase-{n}.db"
            shutil.copy2(protected, locked)
            passphrase.append(run_child(["passphrase", str(locked), PASSPHRASE], home))
            locked.unlink()
            copy.path.unlink()
        bare_cpu = median([r["cpu_s"] for r in bare])
        bare_wall = median([r["wall_s"] for r in bare])
        modules = median([r["modules"] for r in keyring])
        for label, results in (("keyring", keyring), ("passphrase", passphrase)):
            # "shown": the window is visible and idle; older versions showed it with the
            # first page's data, so shown == ready there.
            shown = [r.get("shown_cpu_s", r["cpu_s"]) for r in results]
            ready_gap = [r.get("ready_after_shown_s", 0.0) for r in results]
            out.append(
                Measure(
                    f"cold start to the window, {label} mode (CPU)",
                    median(shown),
                    baseline=bare_cpu,
                    baseline_label="bare PySide6 QMainWindow",
                    target=1.5 if label == "keyring" else None,
                    target_is_ratio=True,
                    runs=runs,
                    samples=shown,
                    note="window shown and idle, the base opening behind it"
                    + (
                        f"; {modules:.0f} modules at the end of the start"
                        if label == "keyring"
                        else ""
                    ),
                )
            )
            out.append(
                Measure(
                    f"cold start until the first page's data, {label} mode (CPU)",
                    median([r["cpu_s"] for r in results]),
                    baseline=bare_cpu,
                    baseline_label="bare PySide6 QMainWindow",
                    runs=runs,
                    samples=[r["cpu_s"] for r in results],
                    note=f"data shown {median(ready_gap) * 1000:.0f} ms (wall) after the window"
                    + (
                        ", passphrase typed at once, PBKDF2 ×256,000 included"
                        if label == "passphrase"
                        else ""
                    ),
                )
            )
            out.append(
                Measure(
                    f"cold start until the first page's data, {label} mode (wall)",
                    median([r["wall_s"] for r in results]),
                    baseline=bare_wall,
                    baseline_label="bare PySide6 QMainWindow",
                    runs=runs,
                    samples=[r["wall_s"] for r in results],
                )
            )
        home = folder / "home-cli"
        interpreter = median(python_samples(runs, home))
        for argv, figure in (
            (["--version"], "rcp-desktop --version"),
            (["--help"], "rcp-desktop --help"),
        ):
            samples = command_samples(argv, runs, home)
            out.append(
                Measure(
                    figure,
                    median(samples),
                    baseline=interpreter,
                    baseline_label="python -c pass",
                    target=0.3,
                    runs=runs,
                    samples=samples,
                )
            )
    return out
