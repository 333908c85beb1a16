"""The quorum of a session: at least N different professions present (N a setting; 3 by
default, HAS practice). Shared by the session flow (meetings), check-in (attendance) and the
discussion of each case (agenda)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcp_desktop.models import Attendance, Presence, Profession, Professional, Setting, label
from rcp_desktop.services import settings as settings_mod


@dataclass(frozen=True)
class QuorumStatus:
    needed: int
    professions: tuple[Profession, ...]  # distinct professions present, sorted by label
    present: int  # people present
    checked_in: int = 0  # people whose presence is recorded (present, excused or absent)

    @property
    def count(self) -> int:
        return len(self.professions)

    @property
    def met(self) -> bool:
        return self.count >= self.needed

    @property
    def roll_called(self) -> bool:
        """Whether the roll call has begun: before it, "no quorum" says nothing yet."""
        return self.checked_in > 0

    def profession_labels(self) -> list[str]:
        return [label(p) for p in self.professions]


def quorum_needed(session: Session) -> int:
    raw = session.scalar(
        select(Setting.value).where(Setting.key == settings_mod.QUORUM_PROFESSIONS.key)
    )
    try:
        return int(raw) if raw is not None else int(str(settings_mod.QUORUM_PROFESSIONS.default))
    except ValueError:
        return int(str(settings_mod.QUORUM_PROFESSIONS.default))


def quorum_in_session(session: Session, meeting_id: int) -> QuorumStatus:
    """The quorum as the database holds it now, inside an open session."""
    session.flush()
    rows = session.execute(
        select(Professional.profession)
        .join(Attendance, Attendance.professional_id == Professional.id)
        .where(Attendance.meeting_id == meeting_id, Attendance.presence == Presence.PRESENT)
    ).scalars()
    people = list(rows)
    professions = tuple(sorted(set(people), key=label))
    checked_in = session.scalar(
        select(func.count(Attendance.id)).where(
            Attendance.meeting_id == meeting_id, Attendance.presence != Presence.EXPECTED
        )
    )
    return QuorumStatus(
        needed=quorum_needed(session),
        professions=professions,
        present=len(people),
        checked_in=int(checked_in or 0),
    )
