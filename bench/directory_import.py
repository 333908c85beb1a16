"""Directory import at scale (opt-in: ``python -m bench --only directory``; a few minutes): a
100,000-line Annuaire Santé-shaped extraction (fictional people, ~1 % in the demo territory),
restricted to the territory as the GUI proposes, then the whole file into an empty base,
audited, and once more with the audit hook off to show what auditing costs."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from bench.core import Measure, cpu_seconds
from rcp_desktop.services import Actor, Services
from rcp_desktop.services.directory_import import Territory
from rcp_desktop.storage import Database, DatabaseKey, audit
from tests import annuaire_files


def _timed(fn):
    start = cpu_seconds()
    result = fn()
    return result, cpu_seconds() - start


def measures(services: Services) -> list[Measure]:
    out: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="rcp-bench-dir-") as tmp:
        folder = Path(tmp)
        path = folder / "annuaire-100k.txt"
        annuaire_files.write_annuaire(path, annuaire_files.national_rows(100_000))
        territory = Territory.of_communes(services.directory.communes())
        db = Database.create(folder / "territory.db", DatabaseKey.generate())
        target = Services(db, Actor("bench", "bench"))
        plan, analysed = _timed(lambda: target.directory_import.analyse(path, territory=territory))
        out.append(
            Measure("directory import: analyse 100k lines, territory", analysed, target=10.0)
        )
        report, applied = _timed(lambda: target.directory_import.apply(plan))
        out.append(
            Measure(
                "directory import: apply (territory)",
                applied,
                target=2.0,
                note=f"{report.added} added, {report.outside_people} left out",
            )
        )
        db.close()
        for label, audited, limit in (
            ("whole 100k-line file, audited", True, 180.0),
            ("whole 100k-line file, audit hook off", False, None),
        ):
            db = Database.create(folder / f"import-{audited}.db", DatabaseKey.generate())
            if not audited:
                event.remove(db._write_sessions, "after_flush", audit._after_flush)
            empty = Services(db, Actor("bench", "bench"))
            started = time.perf_counter()
            plan = empty.directory_import.analyse(path)
            report = empty.directory_import.apply(plan)
            out.append(
                Measure(
                    f"directory import: {label} (wall)",
                    time.perf_counter() - started,
                    target=limit,
                    note=f"{report.added} added",
                )
            )
            db.close()
    return out
