import pytest
from PySide6.QtWidgets import QApplication

from rcp_desktop.app import configure_app
from rcp_desktop.ui.tasks import TaskRunner


@pytest.fixture
def app(qapp):
    configure_app(qapp)
    return qapp


@pytest.fixture
def tasks(app):
    runner = TaskRunner()
    yield runner
    runner.wait()


def modal(qtbot, cls, timeout=5000):
    """Wait until a modal dialog of *cls* is shown and return it."""
    found = {}

    def check():
        widget = QApplication.activeModalWidget()
        assert isinstance(widget, cls)
        found["w"] = widget

    qtbot.waitUntil(check, timeout=timeout)
    return found["w"]
