"""The GUI measures, from one scripted tour (:mod:`bench.tour`) in a fresh process on a copy of
the large base: each page opened, sessions and a case selected, the search keystrokes, live
mode, a preview — each step's longest GUI-thread stall (the target), and the time until it
was shown; the longest stall over the tour; the process's peak memory."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.bases import BenchBase
from bench.core import Measure, median
from bench.startup import run_child

PAGE_TARGET_S = 0.1
STALL_TARGET_MS = 100.0
RSS_TARGET_MB = 300.0


def measures(large: BenchBase, *, runs: int = 3, say=print) -> list[Measure]:
    say("  scripted GUI tour…")
    tours = []
    with tempfile.TemporaryDirectory(prefix="rcp-bench-tour-") as tmp:
        folder = Path(tmp)
        key_file = folder / "key"
        key_file.write_text(large.key.recovery_code())
        key_file.chmod(0o600)
        for n in range(runs):
            copy = large.working_copy(folder)
            tours.append(run_child(["tour", str(copy.path), str(key_file)], folder / f"home-{n}"))
    out: list[Measure] = []
    names = [s["name"] for s in tours[0]["steps"]]
    by_name = {name: [t["steps"][i] for t in tours] for i, name in enumerate(names)}
    for name, results in by_name.items():
        kind = results[0]["kind"]
        if kind == "search":
            continue
        # The target is the GUI thread's longest stall during the step (what the user feels);
        # the time until the step's data is shown (loaded off the GUI thread) is noted.
        target = PAGE_TARGET_S if kind in ("page", "select") else None
        stalls = [r["stall_ms"] / 1000 for r in results]
        shown = median([r["ms"] for r in results])
        missed = any(r.get("extra", {}).get("ok") is False for r in results)
        out.append(
            Measure(
                name,
                median(stalls),
                target=target,
                runs=runs,
                samples=stalls,
                note=f"shown after {shown:.0f} ms",
                error="not selected" if missed else "",
            )
        )
    keystrokes = [r for name, rs in by_name.items() for r in rs if rs[0]["kind"] == "search"]
    if keystrokes:
        per_key = [
            max(t["steps"][i]["stall_ms"] for i, n in enumerate(names) if n.startswith("search"))
            for t in tours
        ]
        out.append(
            Measure(
                "search as you type: longest stall per keystroke (GUI)",
                median(per_key) / 1000,
                target=0.03,
                runs=runs,
                samples=[x / 1000 for x in per_key],
                note=f"{sum(1 for n in names if n.startswith('search'))} keystrokes",
            )
        )
    stalls = [t["max_stall_ms"] for t in tours]
    out.append(
        Measure(
            "longest GUI-thread stall over the tour",
            median(stalls) / 1000,
            target=STALL_TARGET_MS / 1000,
            runs=runs,
            samples=[s / 1000 for s in stalls],
            note="heartbeat timer every 10 ms",
        )
    )
    rss = [t["max_rss_mb"] for t in tours]
    out.append(
        Measure(
            "peak memory (RSS) after the tour",
            median(rss),
            unit="MB",
            target=RSS_TARGET_MB,
            runs=runs,
            samples=rss,
        )
    )
    return out
