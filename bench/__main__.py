"""Speed measurements on a large synthetic database: ``make bench`` (or ``python -m bench``).

Builds a 10-year demo database once in a temporary folder, then times each measured operation
and prints one line per measure with its target.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database, DatabaseKey


def timed(label: str, fn, target_s: float | None = None):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    verdict = "" if target_s is None else ("  OK" if elapsed <= target_s else f"  OVER {target_s:.2f}s")
    print(f"{label:<48} {elapsed:8.3f} s{verdict}")
    return result, elapsed, target_s


def main() -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="rcp-bench-") as folder:
        db = Database.create(Path(folder) / "bench.db", DatabaseKey.generate())
        services = Services(db, Actor("bench", "bench"))
        _, elapsed, target = timed(
            "demo-data --years 10", lambda: demo.generate(services.ctx, years=10, seed=1), 60.0
        )
        results.append(elapsed <= target)
        for label, fn, target in (
            ("integrity check (10 years)", lambda: check_database(db), 10.0),
            ("sessions list (10 years)", services.meetings.summaries, 0.5),
            ("patient search 'mar' (10 years)", lambda: services.patients.search("mar"), 0.2),
        ):
            _, elapsed, target = timed(label, fn, target)
            results.append(elapsed <= target)
        db.close()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
