"""What every page shares: the services, the task runner, a refresh on show."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from rcp_desktop.services import Services
from rcp_desktop.ui.tasks import TaskRunner


class Page(QWidget):
    """A main-window page. Subclasses build their widgets and implement :meth:`refresh`."""

    title = ""

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.tasks = tasks

    def refresh(self) -> None:
        """Reload what the page shows from the services."""
