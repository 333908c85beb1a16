"""Demo sessions: the series' dates over the period, each session with its attendance (and
the app's quorum rule) and its agenda; past items get notes, decisions and crisis plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from rcp_desktop.domain.recurrence import monthly_dates, weekly_dates
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    CaseFile,
    CaseStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Presence,
    Profession,
    Professional,
    Triage,
)
from rcp_desktop.services.attendance import quorum_in_session
from rcp_desktop.services.demo.crisis import maybe_crisis_plan
from rcp_desktop.services.demo.data import (
    CLOSURE_REASONS,
    NOTES,
    PATHWAY_TEAMS,
    PLACES,
    PROPOSALS,
    SERIES,
    Series,
)
from rcp_desktop.services.demo.decisions import make_decisions
from rcp_desktop.services.demo.state import DemoRun

# Sessions are planned this far ahead; beyond the first planned one of a series, only those
# within PLANNED_DETAIL_DAYS are kept.
HORIZON_DAYS = 45
PLANNED_DETAIL_DAYS = 20


@dataclass
class _Directory:
    """The professionals as the session steps need them."""

    by_profession: dict[Profession, list[Professional]]
    gps: list[Professional]
    active: list[Professional]
    coordinators: list[Professional]

    @classmethod
    def of(cls, pros: list[Professional]) -> _Directory:
        by_profession: dict[Profession, list[Professional]] = {}
        for p in pros:
            by_profession.setdefault(p.profession, []).append(p)
        gps = by_profession.get(Profession.GENERAL_PRACTITIONER, [])
        coordinators = by_profession.get(Profession.COORDINATOR, []) + gps[:3]
        return cls(by_profession, gps, [p for p in pros if p.active], coordinators)


@dataclass
class _Follow:
    """What the sessions so far did to the cases."""

    presented: dict[int, int] = field(default_factory=dict)  # case id -> presentations
    plans: dict[int, int] = field(default_factory=dict)  # case id -> last crisis plan version
    planned_seen: set[Pathway] = field(default_factory=set)


def meeting_dates(run: DemoRun) -> list[tuple[Series, dt.date]]:
    """Every series' dates from the start of the period to a little after today, by day."""
    dates: list[tuple[Series, dt.date]] = []
    horizon = run.today + dt.timedelta(days=HORIZON_DAYS)
    for series in SERIES:
        if series.week is None:
            days = weekly_dates(series.weekday, 2, run.start, horizon)
        else:
            days = monthly_dates(series.weekday, series.week, run.start, horizon)
        dates.extend((series, day) for day in days)
    dates.sort(key=lambda x: (x[1], x[0].start))
    return dates


def make_meetings(
    run: DemoRun, session: Session, pros: list[Professional], cases: list[CaseFile]
) -> None:
    directory = _Directory.of(pros)
    follow = _Follow()
    schedule = meeting_dates(run)
    total = len(schedule)
    for index, (series, day) in enumerate(schedule):
        is_past = day < run.today
        if (
            not is_past
            and series.pathway in follow.planned_seen
            and day > run.today + dt.timedelta(days=PLANNED_DETAIL_DAYS)
        ):
            continue
        meeting, animator, remote = _make_meeting(run, session, series, day, directory)
        quorum = _make_attendance(run, session, meeting, series, animator, remote, directory)
        meeting.quorum_met = quorum
        # Only the first planned session of each series gets an agenda.
        if meeting.status is MeetingStatus.PLANNED:
            if series.pathway in follow.planned_seen:
                continue
            follow.planned_seen.add(series.pathway)
        _make_agenda(run, session, meeting, series, animator, quorum, cases, directory, follow)
        if index % 10 == 0:
            session.flush()
            run.progress(index + 1, total)


def _make_meeting(
    run: DemoRun, session: Session, series: Series, day: dt.date, directory: _Directory
) -> tuple[Meeting, Professional, bool]:
    """The session row (held and validated if past), its animator, whether it is remote."""
    rng = run.rng
    is_past = day < run.today
    status = MeetingStatus.PLANNED
    if is_past:
        status = (
            MeetingStatus.VALIDATED
            if day < run.today - dt.timedelta(days=7)
            else MeetingStatus.HELD
        )
    animator = rng.choice(directory.coordinators)
    remote = rng.random() < 0.2
    start = dt.datetime.combine(day, series.start)
    meeting = Meeting(
        held_on=day,
        start_time=series.start,
        duration_minutes=series.minutes,
        place=None if remote else rng.choice(PLACES),
        video_link=f"https://visio.exemple-sante.fr/rcp-{day.isoformat()}"
        if remote or rng.random() < 0.4
        else None,
        pathway=series.pathway,
        theme=series.theme,
        animator_id=animator.id,
        status=status,
        started_at=start if is_past else None,
        ended_at=start + dt.timedelta(minutes=series.minutes) if is_past else None,
        validated_at=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9, 0))
        if status is MeetingStatus.VALIDATED
        else None,
        validated_by=run.operator if status is MeetingStatus.VALIDATED else None,
    )
    session.add(meeting)
    session.flush()
    run.report.meetings += 1
    return meeting, animator, remote


def _make_attendance(
    run: DemoRun,
    session: Session,
    meeting: Meeting,
    series: Series,
    animator: Professional,
    remote: bool,
    directory: _Directory,
) -> bool | None:
    """The pathway team plus a few GPs and the animator; who came if the session is past.
    Returns the quorum as the app computes it (None for a session still to come)."""
    rng = run.rng
    is_past = meeting.held_on < run.today
    team_pool = [
        p
        for prof in PATHWAY_TEAMS[series.pathway]
        for p in directory.by_profession.get(prof, [])
        if p.active
    ]
    invited = set(rng.sample(team_pool, min(len(team_pool), rng.randint(5, 9))))
    invited.update(rng.sample(directory.gps, min(3, len(directory.gps))))
    invited.add(animator)
    start = dt.datetime.combine(meeting.held_on, series.start)
    for pro in sorted(invited, key=lambda p: p.id):
        presence = Presence.EXPECTED
        mode = AttendanceMode.REMOTE if (remote or rng.random() < 0.25) else AttendanceMode.ON_SITE
        arrived = None
        if is_past:
            roll = rng.random()
            presence = (
                Presence.PRESENT
                if roll < 0.72 or pro is animator
                else (Presence.EXCUSED if roll < 0.92 else Presence.ABSENT)
            )
            if presence is Presence.PRESENT:
                delay = rng.choice([0, 0, 0, 5, 10, 20])
                arrived = (start + dt.timedelta(minutes=delay)).time()
        session.add(
            Attendance(
                meeting_id=meeting.id,
                professional_id=pro.id,
                role="Animateur" if pro is animator else None,
                presence=presence,
                mode=mode,
                arrived_at=arrived,
                signed=presence is Presence.PRESENT and mode is AttendanceMode.ON_SITE,
            )
        )
    return quorum_in_session(session, meeting.id).met if is_past else None


def _make_agenda(
    run: DemoRun,
    session: Session,
    meeting: Meeting,
    series: Series,
    animator: Professional,
    quorum: bool | None,
    cases: list[CaseFile],
    directory: _Directory,
    follow: _Follow,
) -> None:
    """New cases first, then those due for review, as many as the session has room for; a past
    session's items are discussed, get decisions, a next review, and may close their case."""
    rng = run.rng
    day = meeting.held_on
    is_past = day < run.today
    presented = follow.presented
    due = [
        c
        for c in cases
        if c.pathway is series.pathway
        and c.status is not CaseStatus.CLOSED
        and c.opened_on < day
        and (c.id not in presented or (c.next_review_on and c.next_review_on <= day))
    ]
    due.sort(key=lambda c: (c.id in presented, c.next_review_on or c.opened_on))
    capacity = max(3, series.minutes // 15)
    start = dt.datetime.combine(day, series.start)
    for position, case in enumerate(due[:capacity], start=1):
        kind = ItemKind.FOLLOW_UP if case.id in presented else ItemKind.NEW
        listed = kind is ItemKind.FOLLOW_UP and rng.random() < 0.15
        presenter = session.get(Professional, case.referrer_id) if case.referrer_id else animator
        assert presenter is not None  # the demo's referrers are in its directory
        item = AgendaItem(
            meeting_id=meeting.id,
            case_id=case.id,
            position=position,
            kind=kind,
            presenter_id=presenter.id,
            planned_minutes=rng.choice([10, 15, 15, 20]),
            question=case.question
            if kind is ItemKind.NEW
            else "Point d'étape sur le plan d'actions.",
            triage=Triage.LISTED if listed else Triage.FULL_DISCUSSION,
            standard_answer="Poursuite du plan en cours, sans changement." if listed else None,
        )
        session.add(item)
        run.report.items += 1
        if not is_past:
            continue
        presented[case.id] = presented.get(case.id, 0) + 1
        item.quorum_met = quorum
        item.started_at = start + dt.timedelta(minutes=15 * (position - 1))
        item.ended_at = item.started_at + dt.timedelta(
            minutes=item.planned_minutes + rng.randint(-3, 6)
        )
        review = day + dt.timedelta(days=rng.choice([28, 42, 56, 84]))
        item.next_review_on = review
        case.next_review_on = review
        case.status = CaseStatus.FOLLOW_UP
        if not listed:
            item.discussion_notes = rng.choice(NOTES)
            item.proposal = rng.choice(PROPOSALS)
            session.flush()
            make_decisions(run, session, item, case, day, directory.active)
        if case.pathway in (Pathway.MENTAL_HEALTH, Pathway.USIPA):
            maybe_crisis_plan(run, session, case, meeting, follow.plans, directory.by_profession)
        if presented[case.id] >= rng.randint(2, 6) and day < run.today - dt.timedelta(days=60):
            case.status = CaseStatus.CLOSED
            case.closed_on = day
            case.closure_reason = rng.choice(CLOSURE_REASONS)
            case.next_review_on = None
