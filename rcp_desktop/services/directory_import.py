"""Directory import from CSV and from the Annuaire Santé extraction."""

from __future__ import annotations

from rcp_desktop.services.base import ServiceBase


class DirectoryImportService(ServiceBase):
    pass
