"""kill -9 during ``restore --force``, 100 times (issue 13, item 5): at every step of the restore
and at random moments after each (the setting aside of the current base included), the path
always holds a whole base, the old one or the new one, that opens and passes ``check``.

The children are forked from a zygote (``restore_worker.py``) that has imported everything once,
and run the real command; the restore announces its steps (``backup.restore_hook``), so a kill
lands exactly on a step, or a random delay after it, chosen from a seeded generator."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from rcp_desktop.models import Patient, Sex
from rcp_desktop.services import Actor
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage.backup import backup_to
from tests.security.corpus import ROOT

KILLS = int(os.environ.get("RCP_RESTORE_KILLS", "100"))
WORKER = Path(__file__).with_name("restore_worker.py")
STEPS = ["start", "copied", "verified", "folded", "set-aside", "side-files", "swapped"]
MARKERS = {"SAUVEGARDE-UN", "SAUVEGARDE-DEUX"}


def add_patient(db: Database, name: str) -> None:
    with db.write(Actor("t", "t")) as s:
        s.add(
            Patient(
                birth_name=name, first_names="A", birth_date=dt.date(1980, 1, 1), sex=Sex.FEMALE
            )
        )


def make_backups(folder: Path, key: DatabaseKey) -> list[Path]:
    made = []
    for marker in sorted(MARKERS):
        db = Database.create(folder / f"{marker}.db", key)
        for i in range(30):
            add_patient(db, f"{marker}-{i}")
        add_patient(db, marker)
        made.append(backup_to(db, folder / f"{marker}.rcpbak"))
        db.close()
    return made


def names_at(path: Path, key: DatabaseKey) -> set[str]:
    """Open the base at *path* as the next user would, check it, return its patients' names."""
    db = Database.open(path, key)
    try:
        report = check_database(db)
        assert report.ok, report.lines()[:5]
        with db.read() as s:
            return set(s.scalars(select(Patient.birth_name)))
    finally:
        db.close()


class Zygote:
    def __init__(self, env: dict[str, str]) -> None:
        self.pending: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            cwd=ROOT,
            env={**os.environ, **env},
        )
        assert self.readline() == "ready"

    def readline(self) -> str:
        if self.pending:
            return self.pending.pop(0)
        line = self.proc.stdout.readline()
        assert line, "the zygote died"
        return line.strip()

    def send(self, line: str) -> int:
        """Start a child; its pid (the child may speak before the zygote says it)."""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        early = []
        while not (first := self.readline()).startswith("pid "):
            early.append(first)
        self.pending = early + self.pending
        return int(first.split()[1])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.kill()
        self.proc.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks (POSIX)")
def test_kill_9_at_any_instant_of_a_restore_leaves_a_whole_base(tmp_path):
    key = DatabaseKey.generate()
    backups = make_backups(tmp_path, key)
    folder = tmp_path / "poste"
    folder.mkdir()
    target = folder / "base.db"
    rng = random.Random(20261203)
    zygote = Zygote({"RCP_DESKTOP_PASSPHRASE": key.recovery_code()})
    outcomes: dict[str, int] = {}
    try:
        zygote.send(f"restore none 0 {backups[0]} {target}")  # the first base: not killed
        assert zygote.readline() == "exit 0"
        for round_ in range(KILLS):
            if round_ % 5 == 4:  # a writer that crashed leaves its -wal beside the base
                zygote.send(f"write {target} EXTRA-{round_}")
                assert zygote.readline() == "exit 0"
            step = STEPS[round_ % len(STEPS)]
            jitter = (round_ // len(STEPS)) % 2 == 1
            delay = 0.0
            if jitter:
                delay = rng.uniform(0.05, 60.0 if step == "start" else 3.0)
            backup = backups[rng.randrange(2)]
            pid = zygote.send(f"restore {step} {delay:.3f} {backup} {target}")
            while not (line := zygote.readline()).startswith("exit"):
                if (line == f"at {step}" and not jitter) or line == "now":
                    with contextlib.suppress(ProcessLookupError):  # it finished meanwhile
                        os.kill(pid, signal.SIGKILL)
            killed = line == f"exit {signal.SIGKILL}"  # the kill landed before the end
            if not killed:
                assert line == "exit 0", line
            key_ = f"{step}{'+random' if jitter else ''}:{'killed' if killed else 'done'}"
            outcomes[key_] = outcomes.get(key_, 0) + 1
            found = names_at(target, key)
            assert len(found & MARKERS) == 1, (round_, step, sorted(found & MARKERS))
            for leftover in folder.glob("base.db.avant-restauration-*"):
                leftover.unlink()
            for leftover in folder.glob("base.db.residus-*"):
                leftover.unlink()
    finally:
        zygote.close()
    killed_total = sum(n for k, n in outcomes.items() if k.endswith("killed"))
    assert killed_total >= KILLS * 0.9, outcomes
    for step in STEPS:  # every step was hit exactly, and at random moments after it
        assert outcomes.get(f"{step}:killed", 0) >= 1, outcomes
    assert outcomes.get("set-aside+random:killed", 0) + outcomes.get("folded+random:killed", 0)
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 1  # a killed restore's copy is removed by the next one
