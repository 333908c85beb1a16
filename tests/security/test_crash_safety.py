"""SIGKILL at random points during a long write workload, hundreds of times: the database
always opens, passes the integrity and audit-chain check, and holds every committed row."""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from rcp_desktop.models import Patient
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database, DatabaseKey

KILLS = int(os.environ.get("RCP_CRASH_KILLS", "200"))
WORKER = Path(__file__).with_name("crash_worker.py")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks writers (POSIX)")
def test_sigkill_during_writes_loses_nothing_committed(tmp_path):
    path = tmp_path / "crash.db"
    key = DatabaseKey.generate()
    Database.create(path, key).close()
    rng = random.Random(20261125)
    zygote = subprocess.Popen(
        [sys.executable, str(WORKER), str(path), key.recovery_code()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        cwd=Path(__file__).resolve().parents[2],
    )
    committed: set[int] = set()
    next_index = 0
    try:
        assert zygote.stdout.readline().strip() == "ready"
        for round_ in range(KILLS):
            zygote.stdin.write(f"run {next_index}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline().split()[1])
            # Let it commit a random number of rows, then kill it wherever it is.
            for _ in range(rng.randint(0, 6)):
                line = zygote.stdout.readline().strip()
                committed.add(int(line))
            os.kill(pid, signal.SIGKILL)
            while (line := zygote.stdout.readline().strip()) != "reaped":
                committed.add(int(line))  # printed after commit, before the kill landed
            next_index = (round_ + 1) * 100_000  # each writer its own range of names
            if round_ % 50 == 49 or round_ == KILLS - 1:
                verify(path, key, committed)
    finally:
        zygote.stdin.close()
        zygote.kill()
        zygote.wait(timeout=30)
    assert len(committed) > KILLS  # the workload really wrote between the kills


def verify(path: Path, key: DatabaseKey, committed: set[int]) -> None:
    db = Database.open(path, key)
    try:
        report = check_database(db)
        assert report.ok, report.lines()[:10]
        with db.read() as s:
            names = set(s.scalars(select(Patient.birth_name)))
        missing = [i for i in committed if f"CRASH{i:09d}" not in names]
        assert not missing, f"committed rows lost: {missing[:10]}"
    finally:
        db.close()
