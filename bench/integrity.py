"""What integrity costs, on demo bases of 1, 5 and 10 years (``python -m bench`` calls
:func:`run`; ``python -m bench.integrity`` runs it alone).

For each size: verifying every page's HMAC from the file (what every headless command does
before working, and the window in the background after unlocking), SQLCipher's own
``cipher_integrity_check`` and a plain read of the file for comparison, and the whole ``check``.
Each figure is the median of a few runs, in CPU seconds (the machine's load does not distort
them) and wall seconds.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database, DatabaseKey, pages
from rcp_desktop.storage.engine import keyed_connection

RUNS = 3
YEARS = (1, 5, 10)
# Targets (CPU seconds) at 10 years; smaller bases must do at least as well.
TARGETS = {"pages": 0.5, "check": 2.0}


def _median_cost(fn: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(RUNS):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def _read_file(path: Path) -> None:
    with open(path, "rb") as fh:
        while fh.read(1 << 20):
            pass


def _cipher_check(path: Path, key: DatabaseKey) -> None:
    conn = keyed_connection(path, key)
    try:
        conn.execute("PRAGMA cipher_integrity_check").fetchall()
    finally:
        conn.close()


def build(folder: Path, years: int) -> tuple[Database, DatabaseKey]:
    key = DatabaseKey.generate()
    db = Database.create(folder / f"demo-{years}.db", key)
    demo.generate(Services(db, Actor("bench", "bench")).ctx, years=years, seed=1)
    db.checkpoint()
    return db, key


def figures(
    db: Database, key: DatabaseKey, n: int
) -> list[tuple[str, Callable[[], object], float | None]]:
    """(label, function, target in CPU seconds or None) of the base of *n* years."""
    size_mb = db.path.stat().st_size / 1e6
    return [
        (f"read the file ({n} y, {size_mb:.1f} MB)", lambda p=db.path: _read_file(p), None),
        (
            f"verify every page, Python HMAC ({n} y)",
            lambda p=db.path, k=key: pages.verify_pages(p, k),
            TARGETS["pages"],
        ),
        (
            f"cipher_integrity_check, SQLCipher ({n} y)",
            lambda p=db.path, k=key: _cipher_check(p, k),
            None,
        ),
        (f"check, the whole base ({n} y)", lambda d=db: check_database(d), TARGETS["check"]),
    ]


def measures() -> list[tuple[str, Callable[[], object], float | None]]:
    """For ``python -m bench``'s plug-ins: the figures at 1, 5 and 10 years, timed there (the
    bases stay open until the process ends)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-integrity-"))
    out: list[tuple[str, Callable[[], object], float | None]] = []
    for n in YEARS:
        db, key = build(folder, n)
        out.extend(figures(db, key, n))
    return out


def run(folder: Path, years: tuple[int, ...] = YEARS) -> list[bool]:
    """Print one line per figure; return pass/fail of each figure that has a target."""
    results: list[bool] = []
    print(f"{'integrity figure':<52} {'CPU s':>8} {'wall s':>8}  target")
    for n in years:
        db, key = build(folder, n)
        for label, fn, target in figures(db, key, n):
            cpu, wall = _median_cost(fn)
            verdict = ""
            if target is not None:
                results.append(cpu <= target)
                verdict = f"≤ {target:.2f}  {'OK' if cpu <= target else 'OVER'}"
            print(f"{label:<52} {cpu:8.3f} {wall:8.3f}  {verdict}")
        db.close()
    return results


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="rcp-bench-integrity-") as tmp:
        sys.exit(0 if all(run(Path(tmp))) else 1)
