"""``make bench`` (``python -m bench``): the speed figures of docs/performance.md.

Every figure is the median of several runs; every comparison is a ratio against a baseline
measured in the same run. The table (figure, measured, baseline, ratio, target, pass/fail) is
printed and written to ``bench/results.json``; the exit code is 0 when every target passes.

The bases are built once and cached (:mod:`bench.bases`). Sections: the large demo's build,
cold start and the CLI (:mod:`bench.startup`), the read workload encrypted against plain and
the search/minutes/statistics targets (:mod:`bench.reads`), the GUI tour (:mod:`bench.gui`),
growth over 1/5/10 years (:mod:`bench.growth`), then the plug-ins.

Plug-ins: a module listed in ``PLUGINS`` that exists is imported and its ``measures(...)``
called; its parameters are filled by name from: ``services`` (of the large 10-year base),
``db``, ``base`` (a :class:`bench.bases.BenchBase`), ``bases`` (the large bases by years,
``{1: …, 5: …, 10: …}``), ``runs``. It returns :class:`bench.core.Measure` objects, or
``(label, fn, target_s)`` tuples that are timed here (median CPU seconds of ``runs`` calls).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import bases as bases_mod
from bench import growth, gui, reads, startup
from bench.core import Measure, measure, table, write_results

# One line per plug-in module (its own helper adds it): called when the module exists.
PLUGINS = [
    "bench.statistics",
    "bench.integrity",
]
RESULTS = Path(__file__).resolve().parent / "results.json"
BUILD_TARGET_S = 180.0
SECTIONS = ("build", "startup", "reads", "gui", "growth", "plugins")
OPT_IN = ("directory",)  # sections run only when named in --only


def build_measures(large: bases_mod.BenchBase) -> list[Measure]:
    b = large.build
    counts = (
        f"{b['patients']} patients, {b['sessions']} sessions, {b['presentations']} "
        f"presentations, {b['actions']} actions, {b['bytes'] / 1e6:.0f} MB; built {b['built_on']}"
    )
    return [
        Measure(
            "demo-data --size large --years 10 (wall)",
            b["wall_s"],
            target=BUILD_TARGET_S,
            note=counts,
        ),
        Measure("demo-data --size large --years 10 (CPU)", b["cpu_s"], note="same build"),
    ]


def plugin_measures(name: str, available: dict[str, Any], runs: int) -> list[Measure]:
    if importlib.util.find_spec(name) is None:
        return []
    module = importlib.import_module(name)
    fn: Callable[..., Any] = module.measures
    wanted = inspect.signature(fn).parameters
    kwargs = {p: available[p] for p in wanted if p in available}
    out: list[Measure] = []
    for item in fn(**kwargs):
        if isinstance(item, Measure):
            out.append(item)
        else:
            label, call, target = item
            out.append(measure(label, call, runs=runs, target=target))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (3, the tour once)")
    parser.add_argument(
        "--only",
        metavar="SECTIONS",
        help=f"comma-separated among: {', '.join(SECTIONS + OPT_IN)} (default: all but "
        f"{', '.join(OPT_IN)})",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file (JSON)")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set(SECTIONS)
    runs = 3 if args.quick else 5
    started = time.perf_counter()
    print("Bases (cached in ~/.cache/rcp-desktop-bench):")
    large = bases_mod.base("large", 10)
    measures: list[Measure] = []
    if "build" in only:
        measures += build_measures(large)
    if "startup" in only:
        measures += startup.measures(large, runs=runs)
    if "reads" in only:
        measures += reads.measures(
            large, runs=runs, decade_stats=importlib.util.find_spec("bench.statistics") is None
        )
    if "gui" in only:
        measures += gui.measures(large, runs=1 if args.quick else 3)
    by_years = {10: large}
    if "growth" in only or "plugins" in only:
        by_years = {years: bases_mod.base("large", years) for years in (1, 5)} | {10: large}
    if "growth" in only:
        measures += growth.measures(by_years, runs=1 if args.quick else 3)
    if "plugins" in only:
        services = large.services()
        available = {
            "services": services,
            "db": services.db,
            "base": large,
            "bases": by_years,
            "runs": runs,
        }
        for name in PLUGINS:
            measures += plugin_measures(name, available, runs)
        services.db.close()
    if "directory" in only:
        from bench import directory_import

        services = large.services()
        measures += directory_import.measures(services)
        services.db.close()
    print()
    print(table(measures))
    notes = [(m.figure, m.note) for m in measures if m.note]
    if notes:
        print()
        for figure, note in notes:
            print(f"  {figure}: {note}")
    write_results(
        args.out,
        measures,
        {
            "large_base": {"path": str(large.path), **large.build},
            "generator_version": bases_mod.generator_version(),
            "runs": runs,
            "sections": sorted(only),
            "bench_wall_s": round(time.perf_counter() - started, 1),
        },
    )
    failed = [m.figure for m in measures if m.passed is False]
    targeted = [m for m in measures if m.target is not None]
    print(
        f"\n{len(targeted) - len(failed)}/{len(targeted)} targets met "
        f"({len(measures)} figures); results in {args.out}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
