"""The scripted tour of the GUI (run in ``bench.child tour``): every page, a revisit, an old and
a recent session selected by id, a patient searched letter by letter, selected and their case
opened, live mode in and out, a minutes preview.

A heartbeat timer ticks every 10 ms on the GUI thread; a tick that comes late by more than its
interval means the GUI thread was busy (a stall the user feels). Each step is timed from its
action to the moment the window is idle again (no task of the app's runner pending, the step's
own condition met), and reports the longest stall seen meanwhile.

Profiling: with ``RCP_TOUR_PROFILE=FOLDER`` in the environment, each step's GUI-thread work is
profiled (cProfile, the GUI thread only) and the steps that stalled longer than
``RCP_TOUR_PROFILE_MS`` (default 50) have their profile written to FOLDER, with a summary of
the top functions by cumulative time (``NN-step.txt``), to find what a stall is made of.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

HEARTBEAT_MS = 10
STEP_TIMEOUT_S = 60.0


@dataclass
class Step:
    name: str
    action: Callable[[], object]
    ready: Callable[[], bool] = lambda: True
    kind: str = "other"  # page, select, search, live, document
    expect_true: bool = False  # the action's result must be true (e.g. a selection found)
    wait_tasks: bool = True  # done only when the app's background tasks are done too


@dataclass
class StepResult:
    name: str
    kind: str
    ms: float
    stall_ms: float
    extra: dict = field(default_factory=dict)


class Tour(QObject):
    def __init__(self, window, report: Callable[..., None]) -> None:
        super().__init__(window)
        self.window = window
        self.report = report
        self.results: list[StepResult] = []
        self.steps: list[Step] = []
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self._tick)
        self.poller = QTimer(self)
        self.poller.setInterval(2)
        self.poller.timeout.connect(self._poll)
        self.last_tick = time.perf_counter()
        self.worst_gap = 0.0
        self.current: Step | None = None
        self.outcome: object = None
        self.started = 0.0
        self.start_cpu = time.process_time()
        self.profile_dir = os.environ.get("RCP_TOUR_PROFILE")
        self.profile_ms = float(os.environ.get("RCP_TOUR_PROFILE_MS", "50"))
        self.profiler: cProfile.Profile | None = None

    # --- heartbeat --------------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_gap = max(self.worst_gap, now - self.last_tick)
        self.last_tick = now

    # --- steps ------------------------------------------------------------------------------

    def begin(self, steps: list[Step]) -> None:
        self.steps = list(steps)
        self.last_tick = time.perf_counter()
        self.heartbeat.start()
        QTimer.singleShot(50, self._next)

    def _next(self) -> None:
        if not self.steps:
            self._finish()
            return
        step = self.steps.pop(0)
        self.current = step
        self.last_tick = time.perf_counter()
        self.worst_gap = 0.0
        self.started = time.perf_counter()
        if self.profile_dir:
            self.profiler = cProfile.Profile()
            self.profiler.enable()
        self.outcome = step.action()
        self._tick()  # the action's own time counts as a stall
        self.poller.start()

    def _idle(self) -> bool:
        tasks = self.window.tasks
        pending = tasks.pending() if hasattr(tasks, "pending") else len(tasks._relays)
        return pending == 0 and QThreadPool.globalInstance().activeThreadCount() == 0

    def _poll(self) -> None:
        step = self.current
        assert step is not None
        elapsed = time.perf_counter() - self.started
        if elapsed > STEP_TIMEOUT_S:
            self.report(error=f"step {step.name!r} never finished")
        if not ((self._idle() or not step.wait_tasks) and step.ready()):
            return
        self.poller.stop()
        # one more turn of the event loop: what the step posted (paints) is part of it
        QTimer.singleShot(0, self._step_done)

    def _step_done(self) -> None:
        step = self.current
        assert step is not None
        self._tick()
        ms = (time.perf_counter() - self.started) * 1000
        stall = max(0.0, self.worst_gap * 1000 - HEARTBEAT_MS)
        if self.profiler is not None:
            self.profiler.disable()
            if stall >= self.profile_ms:
                self._write_profile(step.name, stall)
            self.profiler = None
        extra = {"ok": bool(self.outcome)} if step.expect_true else {}
        self.results.append(StepResult(step.name, step.kind, round(ms, 1), round(stall, 1), extra))
        self.current = None
        QTimer.singleShot(30, self._next)

    def _write_profile(self, name: str, stall: float) -> None:
        assert self.profiler is not None and self.profile_dir
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        base = os.path.join(self.profile_dir, f"{len(self.results):02d}-{slug}")
        self.profiler.dump_stats(base + ".prof")
        out = io.StringIO()
        out.write(f"{name}: longest stall {stall:.0f} ms\n")
        pstats.Stats(self.profiler, stream=out).sort_stats("cumulative").print_stats(40)
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write(out.getvalue())

    def _finish(self) -> None:
        self.heartbeat.stop()
        self.report(
            mode="tour",
            steps=[r.__dict__ for r in self.results],
            max_stall_ms=max((r.stall_ms for r in self.results), default=0.0),
            tour_cpu_s=time.process_time() - self.start_cpu,
        )


def run_tour(window, report: Callable[..., None]) -> None:
    tour = Tour(window, report)
    tour.begin(build_steps(window))
    run_tour.tour = tour  # type: ignore[attr-defined]


# --- the script -------------------------------------------------------------------------------


def _page_row(window, class_name: str) -> int:
    names = getattr(window, "page_class_names", None)
    if names is not None:
        return names().index(class_name)
    return [type(p).__name__ for p in window.pages].index(class_name)


def _page(window, class_name: str):
    row = _page_row(window, class_name)
    return window.page_at(row) if hasattr(window, "page_at") else window.pages[row]


def _visible(class_name: str) -> Callable[[], bool]:
    return lambda: any(
        type(w).__name__ == class_name and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def build_steps(window) -> list[Step]:
    services = window.services
    meetings = _meeting_choices(services)
    steps: list[Step] = []

    def go(class_name: str) -> Callable[[], None]:
        return lambda: window.nav.setCurrentRow(_page_row(window, class_name))

    for name, label in (
        ("MeetingsPage", "Séances"),
        ("FollowupPage", "Suivi"),
        ("UsipaPage", "USIPA"),
        ("DirectoryPage", "Annuaire"),
    ):
        steps.append(Step(f"open page {label}", go(name), kind="page"))
    # The statistics are computed in the background: the page is open when it shows; the
    # computation is a step of its own (its time is the statistics figures' business).
    steps.append(
        Step(
            "open page Statistiques",
            go("StatisticsPage"),
            lambda: _page(window, "StatisticsPage").isVisible(),
            kind="page",
            wait_tasks=False,
        )
    )
    steps.append(Step("statistics computed in the background", lambda: None, kind="background"))
    for name, label in (
        ("CasesPage", "Dossiers"),
        ("FollowupPage", "Suivi (revisit)"),
        ("MeetingsPage", "Séances (revisit)"),
    ):
        steps.append(Step(f"open page {label}", go(name), kind="page"))

    def select_meeting(meeting_id: int) -> Callable[[], object]:
        return lambda: _page(window, "MeetingsPage").select_meeting(meeting_id)

    for label, key in (("the oldest", "oldest"), ("a recent held", "recent")):
        steps.append(
            Step(
                f"select {label} session (by id)",
                select_meeting(meetings[key]),
                kind="select",
                expect_true=True,
            )
        )
    steps.append(
        Step(
            "select the 15+-case session (by id)",
            select_meeting(meetings["biggest"]),
            kind="select",
            expect_true=True,
        )
    )
    steps.append(
        Step(
            "preview the minutes of a 15+-case session",
            lambda: window.document_actions.show_minutes(),
            _visible("PdfPreviewDialog"),
            kind="document",
        )
    )
    steps.append(Step("close the preview", lambda: _close_all("PdfPreviewDialog"), kind="document"))
    steps.append(
        Step(
            "select the session to run (by id)",
            select_meeting(meetings["live"]),
            kind="select",
            expect_true=True,
        )
    )
    steps.append(
        Step(
            "enter live mode",
            lambda: _page(window, "MeetingsPage").open_live(),
            _visible("LiveMeetingWindow"),
            kind="live",
        )
    )
    steps.append(
        Step(
            "next case in live mode (Alt+→)",
            lambda: _page(window, "MeetingsPage").live_window.next_item(),
            lambda: not getattr(_page(window, "MeetingsPage").live_window, "loading", False),
            kind="live",
        )
    )
    steps.append(Step("leave live mode", lambda: _close_all("LiveMeetingWindow"), kind="live"))

    steps.append(Step("open page Dossiers", go("CasesPage"), kind="page"))
    name = _search_name(services)
    for end in range(1, len(name) + 1):
        prefix = name[:end]
        steps.append(
            Step(
                f"search keystroke {prefix!r}",
                lambda p=prefix: _page(window, "CasesPage").search.setText(p),
                lambda p=prefix: _search_shown(window, p),
                kind="search",
            )
        )
    steps.append(
        Step(
            "select the first patient found",
            lambda: _page(window, "CasesPage").patients.selectRow(0),
            kind="select",
        )
    )
    steps.append(
        Step(
            "open the patient's case",
            lambda: _open_first_case(window),
            lambda: (
                _page(window, "CasesPage").stack.currentWidget()
                is _page(window, "CasesPage").case_view
            ),
            kind="select",
        )
    )
    steps.append(
        Step("back to the list", lambda: _page(window, "CasesPage").show_list(), kind="select")
    )
    return steps


def _close_all(class_name: str) -> None:
    for w in QApplication.topLevelWidgets():
        if type(w).__name__ == class_name and w.isVisible():
            w.close()


def _search_shown(window, prefix: str) -> bool:
    page = _page(window, "CasesPage")
    timer = getattr(page, "_timer", None)
    return page.search.text() == prefix and not (timer is not None and timer.isActive())


def _open_first_case(window) -> None:
    page = _page(window, "CasesPage")
    records = page.cases.source.records()
    if records:
        page.open_case(records[0].id)


def _search_name(services) -> str:
    """A common surname, typed in lower case without accents (as a user would)."""
    return "bertrand"


def _meeting_choices(services) -> dict[str, int]:
    """Ids of the sessions the tour visits: the oldest, a recent held one, the biggest held
    one, and a planned one started for live mode (so that no confirmation is asked)."""
    from sqlalchemy import func, select

    from rcp_desktop.models import AgendaItem, Meeting, MeetingStatus

    with services.db.read() as s:
        oldest = s.scalar(select(Meeting.id).order_by(Meeting.held_on, Meeting.id).limit(1))
        recent = s.scalar(
            select(Meeting.id)
            .where(Meeting.status.in_((MeetingStatus.HELD, MeetingStatus.VALIDATED)))
            .order_by(Meeting.held_on.desc())
            .limit(1)
        )
        biggest = s.scalar(
            select(AgendaItem.meeting_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.status.in_((MeetingStatus.HELD, MeetingStatus.VALIDATED)))
            .group_by(AgendaItem.meeting_id)
            .order_by(func.count(AgendaItem.id).desc(), AgendaItem.meeting_id.desc())
            .limit(1)
        )
        planned = s.scalar(
            select(AgendaItem.meeting_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.status == MeetingStatus.PLANNED)
            .order_by(Meeting.held_on)
            .limit(1)
        )
    services.meetings.start(planned)
    return {"oldest": oldest, "recent": recent, "biggest": biggest, "live": planned}
