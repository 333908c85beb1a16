"""What every step of the demo generator shares: the seeded random generators, the period, the
size, the identifiers already handed out, the batched writes, and the report of what was made."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcp_desktop.models import Sex
from rcp_desktop.services.base import ServiceContext
from rcp_desktop.services.demo.data import FEMALE_NAMES, MALE_NAMES, SURNAMES
from rcp_desktop.services.demo.sizes import DemoSize

ProgressFn = Callable[[int, int], None]
T = TypeVar("T")
Row = TypeVar("Row")

# Rows added between two flushes. Every row gets its id when added (see DemoRun.add), so no
# step needs a flush to refer to a row it just made: the writes go in large batches.
FLUSH_EVERY = 4000


@dataclass
class DemoReport:
    professionals: int = 0
    patients: int = 0
    cases: int = 0
    meetings: int = 0
    items: int = 0
    decisions: int = 0
    crisis_plans: int = 0
    usipa_enrolments: int = 0
    usipa_contacts: int = 0
    attachments: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class DemoRun:
    """One generation. Every draw goes through ``rng`` in a fixed order, so a seed and a
    reference date always give the same data; ``extra_rng`` serves the attachments only, so
    that adding them changed nothing else a seed produces."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        years: int,
        seed: int,
        size: DemoSize,
        progress: ProgressFn | None = None,
    ) -> None:
        self.ctx = ctx
        self.years = years
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)
        self.extra_rng = random.Random(f"rcp-demo-extras-{seed}")
        self.today = ctx.today()
        self.start = self.today - dt.timedelta(days=round(365.25 * years))
        self.progress: ProgressFn = progress or (lambda done, total: None)
        self.report = DemoReport()
        self.used_rpps: set[str] = set()
        self.used_nir: set[str] = set()
        self.case_seq: dict[int, int] = {}
        self.next_ids: dict[str, int] = {}
        self.case_sector: dict[int, int] = {}  # case id -> sector of its sessions
        self.case_gp: dict[int, int | None] = {}  # case id -> the patient's GP
        self.pending = 0

    def add(self, session: Session, row: Row) -> Row:
        """Give *row* the next id of its table (after the base's highest) and add it; flush
        every FLUSH_EVERY rows. The audit hook sees the rows at each flush as usual."""
        model: Any = type(row)
        table = model.__tablename__
        if table not in self.next_ids:
            self.next_ids[table] = (session.scalar(select(func.max(model.id))) or 0) + 1
        row.id = self.next_ids[table]  # type: ignore[attr-defined]
        self.next_ids[table] += 1
        session.add(row)
        self.pending += 1
        if self.pending >= FLUSH_EVERY:
            self.flush(session)
        return row

    def flush(self, session: Session) -> None:
        session.flush()
        self.pending = 0

    @property
    def operator(self) -> str:
        return self.ctx.actor.operator

    def pick_weighted(self, pairs: Sequence[tuple[T, int]]) -> T:
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def person_name(self, sex: Sex) -> tuple[str, str]:
        """(last name, first name)."""
        first = self.rng.choice(FEMALE_NAMES if sex is Sex.FEMALE else MALE_NAMES)
        return self.rng.choice(SURNAMES), first

    def rand_date(self, low: dt.date, high: dt.date) -> dt.date:
        span = max((high - low).days, 0)
        return low + dt.timedelta(days=self.rng.randint(0, span))

    def phone(self) -> str:
        head = self.rng.choice(["01 69", "01 60", "06 12", "07 68"])
        return f"{head} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"
