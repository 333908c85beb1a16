"""A full demo run in its own process, for the leak scan: CLI demo data and backup, then the
GUI offscreen on that database — every page visited, patients searched and selected, an
automatic backup, a lock/unlock, an unexpected error raised with a patient's name in its
message — then a clean exit. Folders (HOME, XDG_*, TMPDIR) are set by the calling test."""

import os
import sys
import threading
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from rcp_desktop.app import configure_app
from rcp_desktop.cli import main as cli
from rcp_desktop.logs import setup_logging
from rcp_desktop.services import Actor, Services
from rcp_desktop.storage import Database
from rcp_desktop.storage.engine import key_for_secret
from rcp_desktop.ui.excepthook import ExceptionHandler
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.security import SecurityActions
from rcp_desktop.ui.tasks import TaskRunner


def main() -> int:
    db_path = Path(sys.argv[1])
    backup = Path(sys.argv[2])
    assert cli(["demo-data", "--db", str(db_path), "--years", "1", "--seed", "11"]) == 0
    assert cli(["backup", "--db", str(db_path), "--out", str(backup)]) == 0
    assert cli(["check", "--db", str(db_path)]) == 0

    setup_logging()
    app = QApplication([sys.argv[0]])
    configure_app(app)
    handler = ExceptionHandler(app)
    handler.install()
    handler.dialog_factory = lambda report, parent=None: type("D", (), {"exec": lambda self: 0})()
    tasks = TaskRunner(parent=app)
    key = key_for_secret(db_path, os.environ["RCP_DESKTOP_PASSPHRASE"])
    db = Database.open(db_path, key)
    services = Services(db, Actor.current("Dr Fuite"))
    window = MainWindow(services, tasks, protection="phrase de passe")
    window.security = SecurityActions(window, services, tasks, "passphrase")
    window.show()
    patients = services.patients.search()

    def script():
        for row in range(len(window.pages)):
            window.nav.setCurrentRow(row)
            app.processEvents()
        window.nav.setCurrentRow(0)
        page = window.current_page()
        for patient in patients[:15]:
            page.search.setText(patient.birth_name)
            page.refresh()
            page.patients.selectRow(0)
            app.processEvents()
        window.security.automatic_backup()
        window.security.lock.lock()
        window.security.lock.unlock()

        def worker():
            raise ValueError(f"erreur avec {patients[0].birth_name} {patients[0].nir}")

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        QTimer.singleShot(1500, app.quit)

    QTimer.singleShot(100, script)
    app.exec()
    tasks.wait()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
