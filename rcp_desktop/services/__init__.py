"""Use cases over the encrypted store, one module per area. No Qt.

Services own their transactions; every write goes through ``Database.write(actor)`` and is
audited. They raise :mod:`rcp_desktop.services.errors` exceptions with French messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rcp_desktop.services.agenda import AgendaService
from rcp_desktop.services.attachments import AttachmentService
from rcp_desktop.services.attendance import AttendanceService
from rcp_desktop.services.base import ServiceContext
from rcp_desktop.services.cases import CaseService
from rcp_desktop.services.crisis import CrisisPlanService
from rcp_desktop.services.decisions import DecisionService
from rcp_desktop.services.directory import DirectoryService
from rcp_desktop.services.directory_import import DirectoryImportService
from rcp_desktop.services.followup import FollowUpService
from rcp_desktop.services.meetings import MeetingService
from rcp_desktop.services.patients import PatientService
from rcp_desktop.services.settings import SettingsService
from rcp_desktop.services.statistics import StatisticsService
from rcp_desktop.services.tnd import TndService
from rcp_desktop.services.usipa import UsipaService
from rcp_desktop.storage import Database
from rcp_desktop.storage.audit import Actor


class Services:
    """Every service, sharing one database, one actor and one clock."""

    def __init__(
        self, db: Database, actor: Actor, clock: Callable[[], dt.datetime] = dt.datetime.now
    ) -> None:
        self.ctx = ServiceContext(db=db, actor=actor, clock=clock)
        self.settings = SettingsService(self.ctx)
        self.directory = DirectoryService(self.ctx)
        self.patients = PatientService(self.ctx)
        self.cases = CaseService(self.ctx)
        self.meetings = MeetingService(self.ctx)
        self.followup = FollowUpService(self.ctx)
        self.agenda = AgendaService(self.ctx)
        self.attendance = AttendanceService(self.ctx)
        self.decisions = DecisionService(self.ctx)
        self.statistics = StatisticsService(self.ctx)
        self.attachments = AttachmentService(self.ctx)
        self.crisis = CrisisPlanService(self.ctx)
        self.usipa = UsipaService(self.ctx)
        self.directory_import = DirectoryImportService(self.ctx)
        self.tnd = TndService(self.ctx)

    @property
    def db(self) -> Database:
        return self.ctx.db


__all__ = ["Actor", "Services"]
