"""Speed measurements on a large synthetic database: ``make bench`` (or ``python -m bench``).

Builds a 10-year demo database once in a temporary folder, then times each measured operation
and prints one line per measure with its target.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, func, select

from bench import integrity as integrity_bench
from bench import statistics as statistics_bench
from rcp_desktop.models import CaseFile, Patient, Sex
from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.services.directory_import import Territory
from rcp_desktop.services.integrity import check_database
from rcp_desktop.storage import Database, DatabaseKey, audit
from tests import annuaire_files


def timed(label: str, fn, target_s: float | None = None):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    verdict = (
        "" if target_s is None else ("  OK" if elapsed <= target_s else f"  OVER {target_s:.2f}s")
    )
    print(f"{label:<58} {elapsed:8.3f} s{verdict}")
    return result, elapsed, target_s


def _directory_import_measures(services, folder: Path) -> list[bool]:
    """A 100,000-line Annuaire Santé-shaped extraction (fictional people, ~1 % in the demo
    territory): restricted to the territory as the GUI proposes, then the whole file into an
    empty base, audited, and once more with the audit hook off to show what auditing costs."""
    results = []
    path = folder / "annuaire-100k.txt"
    timed(
        "directory: write a 100,000-line extraction",
        lambda: annuaire_files.write_annuaire(path, annuaire_files.national_rows(100_000)),
    )
    territory = Territory.of_communes(services.directory.communes())
    plan, elapsed, target = timed(
        "directory import: analyse 100k lines, territory",
        lambda: services.directory_import.analyse(path, territory=territory),
        10.0,
    )
    results.append(elapsed <= target)
    report, elapsed, target = timed(
        "directory import: apply (territory)", lambda: services.directory_import.apply(plan), 2.0
    )
    results.append(elapsed <= target)
    print(f"    {report.added} added, {report.updated} updated, {report.outside_people} left out")
    for label, audited, target in (
        ("whole 100k-line file, audited", True, 180.0),
        ("whole 100k-line file, audit hook off", False, None),
    ):
        db = Database.create(folder / f"import-{audited}.db", DatabaseKey.generate())
        if not audited:
            event.remove(db._write_sessions, "after_flush", audit._after_flush)
        empty = Services(db, Actor("bench", "bench"))
        plan, analysed, _ = timed(
            f"directory import: analyse {label}", lambda s=empty: s.directory_import.analyse(path)
        )
        report, applied, _ = timed(
            f"directory import: apply {label}", lambda s=empty, p=plan: s.directory_import.apply(p)
        )
        print(f"    {report.added} added; analyse + apply {analysed + applied:.1f} s")
        if target is not None:
            results.append(analysed + applied <= target)
        db.close()
    return results


def _search_measures(services):
    """Patient search as the Dossiers page runs it (the FTS5 index, then the list's case
    numbers and consent): common prefixes, accents, a birth date, a case number, and every
    keystroke of a name typed letter by letter."""
    with services.db.read() as s:
        number = s.scalar(select(CaseFile.number).order_by(CaseFile.id.desc()))
        born = s.scalar(select(Patient.birth_date).order_by(Patient.id))

    def page_search(text):
        def run():
            found = services.patients.search(text, limit=500)
            services.patients.list_info([p.id for p in found])
            return found

        return run

    def typing(word):
        def run():
            for end in range(1, len(word) + 1):
                page_search(word[:end])()

        return run

    return [
        ("search 'm' (one letter, 500 shown)", page_search("m"), 0.2),
        ("search 'mar'", page_search("mar"), 0.1),
        ("search 'chloe' (accent-insensitive)", page_search("chloe"), 0.1),
        ("search 'MARTIN Jean' (two words)", page_search("MARTIN Jean"), 0.1),
        (f"search birth date {born:%d/%m/%Y}", page_search(born.strftime("%d/%m/%Y")), 0.1),
        (f"search case number {number}", page_search(number), 0.1),
        ("typing 'bertrand' (8 keystrokes)", typing("bertrand"), 0.8),
    ]


def _add_patients(services, n: int, seed: int = 5) -> None:
    """*n* more fictional patients (names from the demo lists), to measure search at scale."""
    rng = random.Random(seed)
    with services.db.write(services.ctx.actor) as s:
        for _ in range(n):
            sex = rng.choice([Sex.FEMALE, Sex.MALE])
            first = rng.choice(demo.FEMALE_NAMES if sex is Sex.FEMALE else demo.MALE_NAMES)
            s.add(
                Patient(
                    birth_name=rng.choice(demo.SURNAMES),
                    first_names=first,
                    birth_date=dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 33_000)),
                    sex=sex,
                    commune=rng.choice(list(demo.COMMUNES)),
                )
            )


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
            *statistics_bench.measures(services),
        ):
            _, elapsed, target = timed(label, fn, target)
            results.append(elapsed <= target)
        with services.db.read() as s:
            patients = s.scalar(select(func.count(Patient.id)))
        biggest = max(services.cases.list(), key=lambda c: len(services.cases.presentations(c.id)))
        for label, fn, target in (
            *[
                (f"{label} ({patients} patients)", fn, target)
                for label, fn, target in _search_measures(services)
            ],
            (
                "timeline of the most presented case",
                lambda: services.cases.timeline(biggest.id),
                0.2,
            ),
        ):
            _, elapsed, target = timed(label, fn, target)
            results.append(elapsed <= target)
        _, elapsed, target = timed(
            "add 10,000 fictional patients", lambda: _add_patients(services, 10_000), 60.0
        )
        results.append(elapsed <= target)
        with services.db.read() as s:
            patients = s.scalar(select(func.count(Patient.id)))
        for label, fn, target in _search_measures(services):
            _, elapsed, target = timed(f"{label} ({patients} patients)", fn, target)
            results.append(elapsed <= target)
        results.extend(_directory_import_measures(services, Path(folder)))
        results.extend(integrity_bench.run(Path(folder)))
        db.close()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
