"""Crisis-anticipation plans: versions, contacts, comparison."""

from __future__ import annotations

from rcp_desktop.services.base import ServiceBase


class CrisisPlanService(ServiceBase):
    pass
