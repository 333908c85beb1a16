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
    label,
)
from rcp_desktop.services.demo.crisis import maybe_crisis_plan
from rcp_desktop.services.demo.data import (
    CLOSURE_REASONS,
    NOTES,
    PATHWAY_TEAMS,
    PLACES,
    PROPOSALS,
    REFERRERS,
    SERIES,
    Series,
)
from rcp_desktop.services.demo.decisions import make_decisions
from rcp_desktop.services.demo.state import DemoRun
from rcp_desktop.services.quorum import QuorumStatus, quorum_needed

# Sessions are planned this far ahead; beyond the first planned one of a series, only those
# within PLANNED_DETAIL_DAYS are kept.
HORIZON_DAYS = 45
PLANNED_DETAIL_DAYS = 20


@dataclass
class _Directory:
    """The professionals as the session steps need them."""

    by_id: dict[int, Professional]
    by_profession: dict[Profession, list[Professional]]
    gps: list[Professional]
    coordinators: list[Professional]
    teams: dict[Pathway, list[Professional]]  # active members of each pathway's team
    referrers: dict[Pathway, list[Professional]]  # active professionals who may present a case

    @classmethod
    def of(cls, pros: list[Professional]) -> _Directory:
        by_profession: dict[Profession, list[Professional]] = {}
        for p in pros:
            by_profession.setdefault(p.profession, []).append(p)
        gps = by_profession.get(Profession.GENERAL_PRACTITIONER, [])
        coordinators = by_profession.get(Profession.COORDINATOR, []) + gps[:3]

        def active(professions: list[Profession]) -> list[Professional]:
            return [p for prof in professions for p in by_profession.get(prof, []) if p.active]

        return cls(
            by_id={p.id: p for p in pros},
            by_profession=by_profession,
            gps=gps,
            coordinators=coordinators,
            teams={pathway: active(team) for pathway, team in PATHWAY_TEAMS.items()},
            referrers={pathway: active(team) for pathway, team in REFERRERS.items()},
        )


@dataclass
class _Follow:
    """What the sessions so far did to the cases."""

    presented: dict[int, int] = field(default_factory=dict)  # case id -> presentations
    plans: dict[int, int] = field(default_factory=dict)  # case id -> last crisis plan version
    planned_seen: set[tuple[Pathway, int]] = field(default_factory=set)  # (pathway, sector)
    days: dict[int, list[dt.date]] = field(default_factory=dict)  # case id -> past sessions


def meeting_dates(run: DemoRun) -> list[tuple[Series, int, dt.date]]:
    """Every series' dates in every sector, from the start of the period to a little after
    today, by day. Sector k holds its sessions k weekdays after sector 0."""
    dates: list[tuple[Series, int, dt.date]] = []
    horizon = run.today + dt.timedelta(days=HORIZON_DAYS)
    for sector in range(run.size.sectors):
        for series in SERIES:
            weekday = (series.weekday + sector) % 5
            if series.week is None:
                days = weekly_dates(weekday, 2, run.start, horizon)
            else:
                days = monthly_dates(weekday, series.week, run.start, horizon)
            dates.extend((series, sector, day) for day in days)
    dates.sort(key=lambda x: (x[2], x[0].start, x[1]))
    return dates


def make_meetings(
    run: DemoRun, session: Session, pros: list[Professional], cases: list[CaseFile]
) -> dict[int, list[dt.date]]:
    """The sessions with their attendance and agendas; returns each case's past presentation
    days, in order. A past session with no case to discuss did not take place: it is left
    out (a USIPA staff without patients is not "held")."""
    directory = _Directory.of(pros)
    follow = _Follow()
    needed = quorum_needed(session)
    pools: dict[tuple[Pathway, int], list[CaseFile]] = {}
    for case in cases:  # in the order they were opened
        pools.setdefault((case.pathway, run.case_sector.get(case.id, 0)), []).append(case)
    schedule = meeting_dates(run)
    total = len(schedule)
    for index, (series, sector, day) in enumerate(schedule):
        is_past = day < run.today
        key = (series.pathway, sector)
        if (
            not is_past
            and key in follow.planned_seen
            and day > run.today + dt.timedelta(days=PLANNED_DETAIL_DAYS)
        ):
            continue
        # Past sessions and the first planned one of each series get an agenda.
        chosen: list[CaseFile] = []
        if is_past or key not in follow.planned_seen:
            pool = pools.get(key, [])
            chosen = _due(pool, day, follow)[: run.size.capacity(series.minutes)]
            if is_past and not chosen:
                continue
            if not is_past:
                follow.planned_seen.add(key)
        meeting, animator, remote = _make_meeting(run, session, series, day, directory)
        presenters = [_presenter(run, case, directory) for case in chosen]
        present = _make_attendance(
            run, session, meeting, series, animator, remote, directory, presenters
        )
        quorum = None
        if is_past:
            professions = tuple(sorted({p.profession for p in present}, key=label))
            quorum = QuorumStatus(needed=needed, professions=professions, present=len(present)).met
        meeting.quorum_met = quorum
        _make_agenda(
            run, session, meeting, series, chosen, presenters, present, quorum, directory, follow
        )
        if is_past:
            pool[:] = [c for c in pool if c.status is not CaseStatus.CLOSED]
        if index % 20 == 0:
            run.progress(index + 1, total)
    return follow.days


def _due(pool: list[CaseFile], day: dt.date, follow: _Follow) -> list[CaseFile]:
    """New cases first, then those due for review (by review date): every open case of the
    pool opened before *day* and never presented or due for review by then."""
    presented = follow.presented
    due = []
    for c in pool:
        if c.opened_on >= day:
            break  # the pool is in opening order
        if c.status is not CaseStatus.CLOSED and (
            c.id not in presented or (c.next_review_on and c.next_review_on <= day)
        ):
            due.append(c)
    due.sort(key=lambda c: (c.id in presented, c.next_review_on or c.opened_on))
    return due


def _presenter(run: DemoRun, case: CaseFile, directory: _Directory) -> Professional:
    """Who presents *case*: its referrer, or if the referrer has left the directory another
    professional who may refer a case of that pathway."""
    referrer = directory.by_id.get(case.referrer_id) if case.referrer_id else None
    if referrer is not None and referrer.active:
        return referrer
    return run.rng.choice(directory.referrers[case.pathway])


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
    run.add(session, meeting)
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
    presenters: list[Professional],
) -> list[Professional]:
    """Part of the pathway team, a few GPs, the animator and the presenters; who came if the
    session is past (the animator and the presenters did). Returns who was present."""
    rng = run.rng
    is_past = meeting.held_on < run.today
    team_pool = directory.teams[series.pathway]
    invited = set(rng.sample(team_pool, min(len(team_pool), rng.randint(*run.size.invited_team))))
    invited.update(rng.sample(directory.gps, min(3, len(directory.gps))))
    invited.add(animator)
    invited.update(presenters)
    must_come = {animator.id} | {p.id for p in presenters}
    start = dt.datetime.combine(meeting.held_on, series.start)
    present = []
    for pro in sorted(invited, key=lambda p: p.id):
        presence = Presence.EXPECTED
        mode = AttendanceMode.REMOTE if (remote or rng.random() < 0.25) else AttendanceMode.ON_SITE
        arrived = None
        if is_past:
            roll = rng.random()
            presence = (
                Presence.PRESENT
                if roll < 0.72 or pro.id in must_come
                else (Presence.EXCUSED if roll < 0.92 else Presence.ABSENT)
            )
            if presence is Presence.PRESENT:
                delay = rng.choice([0, 0, 0, 5, 10, 20])
                arrived = (start + dt.timedelta(minutes=delay)).time()
                present.append(pro)
        run.add(
            session,
            Attendance(
                meeting_id=meeting.id,
                professional_id=pro.id,
                role="Animateur" if pro is animator else None,
                presence=presence,
                mode=mode,
                arrived_at=arrived,
                signed=presence is Presence.PRESENT and mode is AttendanceMode.ON_SITE,
            ),
        )
    return present


def _make_agenda(
    run: DemoRun,
    session: Session,
    meeting: Meeting,
    series: Series,
    chosen: list[CaseFile],
    presenters: list[Professional],
    present: list[Professional],
    quorum: bool | None,
    directory: _Directory,
    follow: _Follow,
) -> None:
    """The chosen cases in order; a past session's items are discussed, get decisions, a next
    review, and may close their case."""
    rng = run.rng
    day = meeting.held_on
    is_past = day < run.today
    presented = follow.presented
    start = dt.datetime.combine(day, series.start)
    for position, (case, presenter) in enumerate(zip(chosen, presenters, strict=True), start=1):
        kind = ItemKind.FOLLOW_UP if case.id in presented else ItemKind.NEW
        listed = kind is ItemKind.FOLLOW_UP and rng.random() < 0.15
        item = AgendaItem(
            meeting_id=meeting.id,
            case_id=case.id,
            position=position,
            kind=kind,
            presenter_id=presenter.id,
            planned_minutes=rng.choice(run.size.item_minutes),
            question=case.question
            if kind is ItemKind.NEW
            else "Point d'étape sur le plan d'actions.",
            triage=Triage.LISTED if listed else Triage.FULL_DISCUSSION,
            standard_answer="Poursuite du plan en cours, sans changement." if listed else None,
        )
        run.report.items += 1
        if not is_past:
            run.add(session, item)
            continue
        presented[case.id] = presented.get(case.id, 0) + 1
        follow.days.setdefault(case.id, []).append(day)
        item.quorum_met = quorum
        item.started_at = start + dt.timedelta(minutes=run.size.minutes_per_case * (position - 1))
        item.ended_at = item.started_at + dt.timedelta(
            minutes=item.planned_minutes + rng.randint(-3, 6)
        )
        review = day + dt.timedelta(days=rng.choice([28, 42, 56, 84]))
        item.next_review_on = review
        if not listed:
            item.discussion_notes = rng.choice(NOTES)
            item.proposal = rng.choice(PROPOSALS)
        run.add(session, item)
        case.next_review_on = review
        case.status = CaseStatus.FOLLOW_UP
        if not listed:
            gp = directory.by_id.get(run.case_gp.get(case.id) or 0)
            make_decisions(run, session, item, case, day, present, gp if gp and gp.active else None)
        if case.pathway in (Pathway.MENTAL_HEALTH, Pathway.USIPA):
            maybe_crisis_plan(run, session, case, meeting, follow.plans, directory.by_profession)
        if presented[case.id] >= rng.randint(2, 6) and day < run.today - dt.timedelta(days=60):
            case.status = CaseStatus.CLOSED
            case.closed_on = day
            case.closure_reason = rng.choice(CLOSURE_REASONS)
            case.next_review_on = None
