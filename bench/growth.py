"""How the costs grow with the years: ``check``, the period's statistics and a search, on the
large profile at 1, 5 and 10 years (each against the 1-year base: the ratio is the growth)."""

from __future__ import annotations

import datetime as dt

from bench.bases import BenchBase
from bench.core import Measure, measure
from rcp_desktop.services.integrity import check_database


def measures(bases: dict[int, BenchBase], *, runs: int = 3, say=print) -> list[Measure]:
    say("  growth over 1, 5 and 10 years…")
    out: list[Measure] = []
    figures: dict[str, dict[int, Measure]] = {"check": {}, "statistics": {}, "search": {}}
    for years, b in sorted(bases.items()):
        services = b.services()
        year = services.ctx.today().year - 1
        start = dt.date(year - years + 1, 1, 1)
        figures["check"][years] = measure(
            f"check, {years} year(s)",
            lambda s=services: check_database(s.db),
            runs=runs,
            warm=False,
        )
        figures["statistics"][years] = measure(
            f"statistics of the whole period, {years} year(s)",
            lambda s=services, a=start, z=dt.date(year, 12, 31): s.statistics.report(a, z),
            runs=runs,
        )

        def search(s=services) -> None:
            found = s.patients.search("ma", limit=200)
            s.patients.list_info([p.id for p in found])

        figures["search"][years] = measure(f"search 'ma', {years} year(s)", search, runs=runs)
        services.db.close()
    for rows in figures.values():
        first = rows[min(rows)]
        for years, m in sorted(rows.items()):
            if years != min(rows):
                m.baseline = first.measured
                m.baseline_label = f"{min(rows)} year"
            out.append(m)
    return out
