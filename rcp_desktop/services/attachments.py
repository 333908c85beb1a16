"""Attachments kept encrypted inside the database."""

from __future__ import annotations

from rcp_desktop.services.base import ServiceBase


class AttachmentService(ServiceBase):
    pass
