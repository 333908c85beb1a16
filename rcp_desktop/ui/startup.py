"""The start-up order: the window first, the base behind it.

The main window shows as soon as Qt is up, before the database layer is even imported; the
base opens on the thread pool (keyring key, migrations check, SQLAlchemy's mapper
configuration, the first page's module and first query) while the window paints and answers.
Then the unlock dialog if the keyring had no key for it, then :meth:`MainWindow.attach`.
The demo (``--demo``) fills its base behind the same window, with a progress bar.

Only a first run (no base file yet) still asks before showing the window: there is nothing
to show until the user has chosen where the base goes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication

from rcp_desktop.ui import machine_settings
from rcp_desktop.ui.instance import InstanceServer, knock_first_instance, may_be_open
from rcp_desktop.ui.main_window import PAGES, MainWindow
from rcp_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from rcp_desktop.ui.termination import Termination
    from rcp_desktop.vault import BaseLocks, OpenedBase

log = logging.getLogger(__name__)

DEMO_YEARS = 2
ProgressFn = Callable[[int, int], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def setup_logging_quietly() -> None:
    """The rotating log file (:func:`rcp_desktop.logs.setup_logging`; idempotent); a
    read-only home does not stop the window."""
    from rcp_desktop.logs import setup_logging

    try:
        setup_logging()
    except OSError:
        pass


def warm_up(opened: OpenedBase) -> None:
    """What the first page needs, done off the GUI thread: SQLAlchemy's mapper configuration,
    the first page's module, its first query (the pages' cache then holds it)."""
    import importlib

    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    importlib.import_module(PAGES[0].module)
    opened.services.patients.search("", limit=1)


def preload_pages() -> None:
    """Import every page's module (and what it imports) off the GUI thread once the first page
    shows: the first visit to a page then builds widgets only. Module-level code of the pages
    makes no QObject, so importing them from a pool thread is safe."""
    import importlib

    for entry in PAGES:
        importlib.import_module(entry.module)
    importlib.import_module("rcp_desktop.ui.documents")
    importlib.import_module("rcp_desktop.ui.security")


def demo_work(operator: str) -> Callable[[ProgressFn], OpenedBase]:
    """The demo base (the vault's: private temporary folder, throw-away key in memory),
    filled with fictional data; closing it removes the folder."""

    def work(progress: ProgressFn) -> OpenedBase:
        from rcp_desktop import vault
        from rcp_desktop.services import Actor, demo

        opened = vault.create_demo(Actor.current(operator))
        try:
            demo.generate(opened.services.ctx, years=DEMO_YEARS, seed=1, progress=progress)
            warm_up(opened)
        except BaseException:
            opened.close()
            raise
        return opened

    return work


def open_work(path: Path, operator: str) -> Callable[[], tuple[BaseLocks, OpenedBase | None]]:
    """Claim *path* (single instance) and open it with its keyring entry if it has one."""

    def work() -> tuple[BaseLocks, OpenedBase | None]:
        from rcp_desktop import vault
        from rcp_desktop.services import Actor

        lock = vault.claim(path)
        try:
            opened = vault.open_with_keyring(path, Actor.current(operator))
            if opened is not None:
                warm_up(opened)
            else:  # the unlock dialog comes next: have what it needs loaded
                from sqlalchemy.orm import configure_mappers

                configure_mappers()
        except BaseException:
            lock.release()
            raise
        return lock, opened

    return work


class Startup(QObject):
    """Drives one start: which base, how it opens, the window it shows in."""

    def __init__(
        self,
        app: QApplication,
        tasks: TaskRunner,
        operator: str,
        *,
        termination: Termination | None = None,
    ) -> None:
        super().__init__(app)
        self.termination = termination
        self.app = app
        self.tasks = tasks
        self.operator = operator
        self.window: MainWindow | None = None
        self.opened: OpenedBase | None = None
        self.lock: BaseLocks | None = None
        self.instance_server: InstanceServer | None = None
        self.path: Path | None = None
        self.exit_code = 0

    # --- the three starts -------------------------------------------------------------------

    def start_demo(self) -> None:
        window = self._show_window(demo=True)
        window.show_startup_progress(_tr("Préparation des données fictives de démonstration…"))
        work = demo_work(_tr("Démonstration"))
        self._after_first_frame(
            lambda: self.tasks.run(
                work, self._attach, self._failed, lambda done, total: self._progress(done, total)
            )
        )

    def start(self, path: Path) -> bool:
        """Open the base at *path* (or create it on a first run). False when the start stops
        here (``exit_code`` says how): another window has it, or the first run was cancelled."""
        self.path = path
        if not path.exists():
            return self._first_run(path)
        if may_be_open(path) and knock_first_instance(path, timeout_ms=300):
            # Another window holds it (it listens once it has the lock): say who, and stop.
            from rcp_desktop import vault

            try:
                self.lock = vault.claim(path)
            except vault.AlreadyOpenError as exc:
                self._already_open(exc.message)
                return False
            self.lock.release()
            self.lock = None
        self._show_window(demo=False)
        work = open_work(path, self.operator)
        self._after_first_frame(lambda: self.tasks.run(work, self._opened, self._failed))
        return True

    def _first_run(self, path: Path) -> bool:
        from rcp_desktop import vault
        from rcp_desktop.ui.dialogs import FirstRunDialog

        setup_logging_quietly()
        try:
            self.lock = vault.claim(path)
        except vault.AlreadyOpenError as exc:
            self._already_open(exc.message)
            return False
        self._listen(path)
        dialog = FirstRunDialog(path, self.operator, self.tasks)
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted or dialog.opened is None:
            self.exit_code = 0
            return False
        machine_settings.OPERATOR.set(dialog.opened.actor.operator)
        machine_settings.DATABASE_PATH.set(dialog.opened.db.path)
        self._show_window(demo=False)
        self._attach(dialog.opened)
        return True

    # --- steps ------------------------------------------------------------------------------

    def _show_window(self, *, demo: bool) -> MainWindow:
        self.window = MainWindow(None, self.tasks, demo=demo)
        if self.instance_server is not None:
            self.instance_server.window = self.window
        self.window.show()
        return self.window

    def _after_first_frame(self, then: Callable[[], None]) -> None:
        """Once the window has painted: the log file, then *then* (the base's opening). Until
        then no base is open, so nothing identifying can reach the log's absence."""

        def go() -> None:
            setup_logging_quietly()
            then()

        QTimer.singleShot(0, go)

    def _listen(self, path: Path) -> None:
        self.instance_server = InstanceServer(path, self.app)
        self.instance_server.window = self.window

    def _progress(self, done: int, total: int) -> None:
        if self.window is not None:
            self.window.show_startup_progress(None, done, total)

    def _opened(self, result: tuple[BaseLocks, OpenedBase | None]) -> None:
        self.lock, opened = result
        assert self.path is not None and self.window is not None
        self._listen(self.path)
        if opened is None:
            from rcp_desktop.ui.dialogs import UnlockDialog

            self.window.show_startup_progress(
                _tr("Base verrouillée : saisissez la phrase de passe.")
            )
            dialog = UnlockDialog(self.path, self.operator, self.tasks, self.window)
            if dialog.exec() != UnlockDialog.DialogCode.Accepted or dialog.opened is None:
                self._stop(0)
                return
            machine_settings.OPERATOR.set(dialog.opened.actor.operator)
            opened = dialog.opened
        self._attach(opened)

    def _attach(self, opened: OpenedBase) -> None:
        from rcp_desktop.ui.security import SecurityActions

        assert self.window is not None
        opened.lock = self.lock
        self.opened = opened
        log.info("GUI opened (demo=%s)", opened.demo)
        self.window.attach(opened.services, protection=opened.protection)
        self.window.security = SecurityActions(  # type: ignore[attr-defined]
            self.window, opened.services, self.tasks, opened.mode
        )
        # The verification after unlocking (pages, anchor, whole check), off the GUI thread.
        from rcp_desktop.ui.integrity import IntegrityWatch

        self.window.integrity = IntegrityWatch(  # type: ignore[attr-defined]
            self.window, opened, self.tasks
        )
        self.window.integrity.start()  # type: ignore[attr-defined]
        if self.termination is not None:
            self.termination.arm()  # the base is attached: a signal now closes it cleanly
        self.tasks.run(preload_pages, lambda _none: None, self._preload_failed)

    def _preload_failed(self, exc: BaseException) -> None:
        # Only an optimisation: the page imports its module again when first shown, and a
        # real error surfaces there.
        log.warning("page preload failed: %s", type(exc).__name__)

    def _failed(self, exc: BaseException) -> None:
        from rcp_desktop import vault

        if isinstance(exc, vault.AlreadyOpenError):
            assert self.path is not None
            knock_first_instance(self.path)
            if self.window is not None:
                self.window.hide()
            self._already_open(exc.message)
            self._stop(1)
        elif isinstance(exc, vault.DatabaseError):
            if self.lock is not None:
                self.lock.release()
                self.lock = None
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(self.window, _tr("Base inutilisable"), exc.message)
            self._stop(1)
        else:
            raise exc

    def _already_open(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(None, _tr("Déjà ouverte"), message)
        self.exit_code = 1

    def _stop(self, code: int) -> None:
        self.exit_code = code
        if self.window is not None:
            self.window.close()
        self.app.exit(code)

    def close(self) -> None:
        """After the event loop: close the base (its lock with it)."""
        if self.opened is not None:
            self.opened.close()
        elif self.lock is not None:
            self.lock.release()
