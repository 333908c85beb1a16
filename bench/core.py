"""What every bench module shares: a measured figure, timing by median of CPU seconds, the
table and the JSON file.

A figure is the median of several runs; a comparison is a ratio against a baseline measured
in the same run (so that a loaded machine slows both sides alike). CPU seconds (user + system
of this process, or of a child process) are the unit unless a figure says otherwise.
"""

from __future__ import annotations

import json
import math
import platform
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Measure:
    """One line of the table. *target* applies to *ratio* when *baseline* is set and
    ``target_is_ratio``, else to *measured*; no target means "for information"."""

    figure: str
    measured: float
    unit: str = "s"
    baseline: float | None = None
    baseline_label: str = ""
    target: float | None = None
    target_is_ratio: bool = False
    note: str = ""
    runs: int = 1
    samples: list[float] = field(default_factory=list)
    error: str = ""  # the measured thing did not happen as it should: a failure

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.measured / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.error:
            return False
        if self.target is None:
            return None
        value = self.ratio if self.target_is_ratio else self.measured
        return value is not None and value <= self.target

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        data["passed"] = self.passed
        data["measured"] = round(self.measured, 4)
        if self.baseline is not None:
            data["baseline"] = round(self.baseline, 4)
        data["samples"] = [round(s, 4) for s in self.samples]
        return data


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_samples(fn: Callable[[], object], runs: int, *, warm: bool = True) -> list[float]:
    """CPU seconds of *runs* calls of *fn* (after one unmeasured call when *warm*)."""
    if warm:
        fn()
    samples = []
    for _ in range(runs):
        start = cpu_seconds()
        fn()
        samples.append(cpu_seconds() - start)
    return samples


def wall_samples(fn: Callable[[], object], runs: int, *, warm: bool = True) -> list[float]:
    if warm:
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else math.nan


def measure(
    figure: str,
    fn: Callable[[], object],
    *,
    runs: int = 5,
    target: float | None = None,
    note: str = "",
    warm: bool = True,
) -> Measure:
    samples = cpu_samples(fn, runs, warm=warm)
    return Measure(figure, median(samples), target=target, note=note, runs=runs, samples=samples)


def compare(
    figure: str,
    fn: Callable[[], object],
    baseline_fn: Callable[[], object],
    *,
    baseline_label: str,
    runs: int = 5,
    target: float | None = None,
    note: str = "",
) -> Measure:
    """*fn* against *baseline_fn*, runs interleaved so that both see the same load."""
    fn()
    baseline_fn()
    ours, theirs = [], []
    for _ in range(runs):
        ours.extend(cpu_samples(fn, 1, warm=False))
        theirs.extend(cpu_samples(baseline_fn, 1, warm=False))
    return Measure(
        figure,
        median(ours),
        baseline=median(theirs),
        baseline_label=baseline_label,
        target=target,
        target_is_ratio=True,
        note=note,
        runs=runs,
        samples=ours,
    )


# --- output -----------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}".strip()


def row_cells(m: Measure) -> list[str]:
    ratio = m.ratio
    if m.target is None:
        target = ""
    elif m.target_is_ratio:
        target = f"≤ {m.target:g}×"
    else:
        target = f"≤ {_fmt(m.target, m.unit)}"
    verdict = {True: "pass", False: "FAIL", None: ""}[m.passed]
    if m.error:
        verdict = "FAIL: " + m.error
    return [
        m.figure,
        _fmt(m.measured, m.unit),
        _fmt(m.baseline, m.unit) if m.baseline is not None else "",
        f"{ratio:.2f}×" if ratio is not None else "",
        target,
        verdict,
    ]


HEADERS = ["figure", "measured", "baseline", "ratio", "target", "pass/fail"]


def table(measures: Sequence[Measure]) -> str:
    rows = [HEADERS] + [row_cells(m) for m in measures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    lines = []
    for n, r in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(r, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_results(path: Path, measures: Sequence[Measure], context: dict[str, Any]) -> None:
    data = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": _cpus(),
            "load_average": _load(),
        },
        "context": context,
        "measures": [m.as_json() for m in measures],
        "passed": all(m.passed is not False for m in measures),
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _cpus() -> int | None:
    import os

    return os.cpu_count()


def _load() -> list[float] | None:
    import os

    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
