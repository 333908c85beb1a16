"""USIPA: enrolment, team, contact log, exit, board."""

from __future__ import annotations

from rcp_desktop.services.base import ServiceBase


class UsipaService(ServiceBase):
    pass
