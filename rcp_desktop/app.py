"""QApplication bootstrap: logging, translations, exception hook, then first run / unlock /
demo, and the main window."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from rcp_desktop import APP_NAME, __version__, i18n
from rcp_desktop.logs import setup_logging
from rcp_desktop.paths import default_database_path, resources_dir
from rcp_desktop.services import Actor, Services, demo
from rcp_desktop.storage import Database, DatabaseError, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage.engine import key_opens
from rcp_desktop.storage.lock import AlreadyOpenError, InstanceLock
from rcp_desktop.ui import gc_guard
from rcp_desktop.ui.dialogs import (
    MODE_DEMO,
    MODE_KEYRING,
    MODE_PASSPHRASE,
    FirstRunDialog,
    UnlockDialog,
)
from rcp_desktop.ui.excepthook import ExceptionHandler
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.security import InstanceServer, SecurityActions, knock_first_instance
from rcp_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEMO_YEARS = 2
DESKTOP_ID = "fr.cpts.RcpDesktop"  # the installed .desktop entry and AppStream component id


@dataclass
class AppSession:
    """An opened database and what the window needs to know about it."""

    db: Database
    services: Services
    mode: str  # MODE_KEYRING, MODE_PASSPHRASE or MODE_DEMO
    temp_dir: Path | None = None
    lock: InstanceLock | None = None

    @property
    def demo(self) -> bool:
        return self.mode == MODE_DEMO

    @property
    def protection(self) -> str:
        return protection_label(self.mode)

    def close(self) -> None:
        self.db.close()
        if self.lock is not None:
            self.lock.release()
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


def configure_app(app: QApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to the installed entry
    icon = resources_dir() / "icons" / "rcp-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app.setStyle("Fusion")
    gc_guard.install(app)
    # Dates and numbers are French; the interface is French (the source language) unless a
    # translation matching the system's UI languages ships in resources/translations.
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    ui_locale = QLocale(QLocale.Language.French)
    own = QTranslator(app)
    if own.load(QLocale.system(), "rcp_desktop", "_", str(resources_dir() / "translations")):
        app.installTranslator(own)
        ui_locale = QLocale.system()
    qt_translator = QTranslator(app)
    if qt_translator.load(
        ui_locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_translator)
    i18n.install_translator(lambda context, text: QCoreApplication.translate(context, text))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def protection_label(mode: str) -> str:
    if mode == MODE_KEYRING:
        return QCoreApplication.translate("app", "clé dans le trousseau du système")
    if mode == MODE_DEMO:
        return QCoreApplication.translate("app", "clé temporaire en mémoire (démonstration)")
    return QCoreApplication.translate("app", "phrase de passe")


def start_demo(tasks: TaskRunner) -> AppSession:
    """A fresh demo database in a private temporary folder, with a throw-away key in memory."""
    folder = Path(tempfile.mkdtemp(prefix="rcp-desktop-demo-"))
    actor = Actor.current(QCoreApplication.translate("app", "Démonstration"))

    def work(progress):
        db = Database.create(folder / "demo.db", DatabaseKey.generate())
        services = Services(db, actor)
        demo.generate(services.ctx, years=DEMO_YEARS, seed=1, progress=progress)
        return db, services

    try:
        db, services = run_with_progress(
            None,
            QCoreApplication.translate("app", "Préparation des données fictives de démonstration…"),
            work,
            tasks=tasks,
            with_progress=True,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return AppSession(db, services, MODE_DEMO, temp_dir=folder)


def open_database(path: Path, operator: str, tasks: TaskRunner) -> AppSession | None:
    """Open *path*: silently with its keyring entry, else through the unlock dialog."""
    key = keymod.keyring_get(path)
    if key is not None and key_opens(path, key):
        db = run_with_progress(
            None,
            QCoreApplication.translate("app", "Ouverture de la base…"),
            lambda: Database.open(path, key),
            tasks=tasks,
        )
        return AppSession(db, Services(db, Actor.current(operator)), MODE_KEYRING)
    dialog = UnlockDialog(path, operator, tasks)
    if dialog.exec() != UnlockDialog.DialogCode.Accepted or dialog.db is None:
        return None
    operator = dialog.operator.text().strip()
    settings().setValue("operator", operator)
    return AppSession(dialog.db, Services(dialog.db, Actor.current(operator)), MODE_PASSPHRASE)


def first_run(path: Path, operator: str, tasks: TaskRunner) -> AppSession | None:
    dialog = FirstRunDialog(path, operator, tasks)
    if dialog.exec() != FirstRunDialog.DialogCode.Accepted or dialog.db is None:
        return None
    operator = dialog.operator.text().strip()
    store = settings()
    store.setValue("operator", operator)
    store.setValue("database_path", str(dialog.db.path))
    return AppSession(dialog.db, Services(dialog.db, Actor.current(operator)), dialog.mode)


def run_gui(args) -> int:
    os.umask(0o077)  # every file this process creates is private
    try:
        setup_logging()
    except OSError:
        pass
    app = QApplication.instance() or QApplication([sys.argv[0]])
    configure_app(app)
    handler = ExceptionHandler(app)
    handler.install()
    tasks = TaskRunner(parent=app)
    operator = args.operator or str(settings().value("operator", "") or Actor.current().operator)
    instance_server = None
    lock = None
    try:
        if args.demo:
            session = start_demo(tasks)
        else:
            path = Path(
                args.gui_db or settings().value("database_path", "") or default_database_path()
            )
            path = path.expanduser().resolve()
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                lock = InstanceLock(path).acquire()
            except AlreadyOpenError as exc:
                knock_first_instance(path)
                QMessageBox.information(
                    None, QCoreApplication.translate("app", "Déjà ouverte"), exc.message
                )
                return 1
            instance_server = InstanceServer(path, app)
            if path.exists():
                session = open_database(path, operator, tasks)
            else:
                session = first_run(path, operator, tasks)
    except DatabaseError as exc:
        if lock is not None:
            lock.release()
        QMessageBox.critical(
            None, QCoreApplication.translate("app", "Base inutilisable"), exc.message
        )
        return 1
    if session is None:
        if lock is not None:
            lock.release()
        return 0
    session.lock = lock
    log.info("GUI opened (demo=%s)", session.demo)
    window = MainWindow(session.services, tasks, demo=session.demo, protection=session.protection)
    window.security = SecurityActions(window, session.services, tasks, session.mode)
    if instance_server is not None:
        instance_server.window = window
    window.show()
    try:
        return app.exec()
    finally:
        tasks.wait()
        session.close()
