"""Screenshots of the verification after unlocking (``make screenshots``): the progress in the
status bar, a damaged base switched to read-only, a base rolled back behind the app's back.

Builds a one-year demo base in a temporary folder (fictional data), spoils copies of it as bad
luck or an intruder would, and opens each in the real window.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from rcp_desktop import vault
from rcp_desktop.app import configure_app
from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage.engine import keyed_connection
from rcp_desktop.ui.integrity import IntegrityWatch
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.security import SecurityActions
from rcp_desktop.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent / "screenshots"
PAGE = 4096


def wait(signal, timeout_ms: int = 60_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def window_on(path: Path, key: DatabaseKey, tasks: TaskRunner):
    opened = vault.open_base(path, key, vault.Protection.KEYRING, Actor("doc", "Dr Exemple"))
    window = MainWindow(opened.services, tasks, protection="clé dans le trousseau du système")
    window.security = SecurityActions(
        window, opened.services, tasks, opened.mode, auto_backup=False
    )
    window.resize(1280, 800)
    window.show()
    window.integrity = IntegrityWatch(window, opened, tasks)
    return opened, window


def shoot(window, name: str) -> None:
    QApplication.processEvents()
    target = OUT / f"{name}.png"
    window.grab().save(str(target))
    print(target)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_app(app)
    tasks = TaskRunner()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rcp-doc-") as tmp:
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "etat")
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "donnees")
        key = DatabaseKey.generate()
        source = Path(tmp) / "source.db"
        db = Database.create(source, key)
        demo.generate(Services(db, Actor("demo", "Démonstration")).ctx, years=1, seed=1)
        db.checkpoint()
        db.close()

        # 1. The verification running (a larger base would show it longer).
        path = Path(tmp) / "saine.db"
        shutil.copyfile(source, path)
        opened, window = window_on(path, key, tasks)
        halfway = QEventLoop()

        taken: list[bool] = []

        def progressed(value: int) -> None:
            if value >= 250 and not taken:
                taken.append(True)
                shoot(window, "verification-en-cours")
                halfway.quit()

        window.integrity.progress.valueChanged.connect(progressed)
        window.integrity.start()
        halfway.exec()
        wait(window.integrity.finished)
        window.close()
        opened.close()

        # 2. A page damaged on the disk: read-only, the restore offered.
        path = Path(tmp) / "endommagee.db"
        shutil.copyfile(source, path)
        data = bytearray(path.read_bytes())
        data[PAGE * (len(data) // PAGE // 2) + 99] ^= 0x10
        path.write_bytes(bytes(data))
        opened, window = window_on(path, key, tasks)
        window.integrity.start()
        wait(window.integrity.finished)
        shoot(window, "base-endommagee")
        window.close()
        opened.close()

        # 3. The last rows removed with their log entries, behind the application's back.
        path = Path(tmp) / "raccourcie.db"
        shutil.copyfile(source, path)
        opened = vault.open_base(path, key, vault.Protection.KEYRING, Actor("doc", "doc"))
        vault.start_anchoring(opened)
        opened.close()
        conn = keyed_connection(path, key)
        for entry_id, entity, entity_id in conn.execute(
            "SELECT id, entity, entity_id FROM audit_entry ORDER BY id DESC LIMIT 5"
        ).fetchall():
            conn.execute(f'DELETE FROM "{entity}" WHERE id = ?', (entity_id,))
            conn.execute("DELETE FROM audit_entry WHERE id = ?", (entry_id,))
        conn.close()
        opened, window = window_on(path, key, tasks)
        window.integrity.start()
        wait(window.integrity.finished)
        shoot(window, "journal-plus-court")
        window.close()
        opened.close()
        tasks.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
