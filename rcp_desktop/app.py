"""QApplication bootstrap: logging, translations, exception hook, then first run / unlock /
demo, and the main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from rcp_desktop import APP_NAME, __version__, i18n, vault
from rcp_desktop.logs import setup_logging
from rcp_desktop.paths import resources_dir
from rcp_desktop.services import Actor, demo
from rcp_desktop.ui import gc_guard, machine_settings
from rcp_desktop.ui.dialogs import FirstRunDialog, UnlockDialog
from rcp_desktop.ui.excepthook import ExceptionHandler
from rcp_desktop.ui.integrity import IntegrityWatch
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.qt_translations import install_qt_translations
from rcp_desktop.ui.security import InstanceServer, SecurityActions, knock_first_instance
from rcp_desktop.ui.tasks import TaskRunner
from rcp_desktop.ui.termination import Termination

log = logging.getLogger(__name__)

DEMO_YEARS = 2
DESKTOP_ID = "fr.cpts.RcpDesktop"  # the installed .desktop entry and AppStream component id


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
    install_qt_translations(app, ui_locale)  # Qt's own dialogs, before any of them opens
    i18n.install_translator(lambda context, text: QCoreApplication.translate(context, text))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def start_demo(tasks: TaskRunner) -> vault.OpenedBase:
    """A fresh demo base (the vault's: private temporary folder, throw-away key in memory),
    filled with fictional data; closing it removes the folder."""
    actor = Actor.current(QCoreApplication.translate("app", "Démonstration"))

    def work(progress):
        opened = vault.create_demo(actor)
        try:
            demo.generate(opened.services.ctx, years=DEMO_YEARS, seed=1, progress=progress)
        except BaseException:
            opened.close()
            raise
        return opened

    return run_with_progress(
        None,
        QCoreApplication.translate("app", "Préparation des données fictives de démonstration…"),
        work,
        tasks=tasks,
        with_progress=True,
    )


def open_database(path: Path, operator: str, tasks: TaskRunner) -> vault.OpenedBase | None:
    """Open *path*: silently with its keyring entry, else through the unlock dialog."""
    opened = run_with_progress(
        None,
        QCoreApplication.translate("app", "Ouverture de la base…"),
        lambda: vault.open_with_keyring(path, Actor.current(operator)),
        tasks=tasks,
    )
    if opened is not None:
        return opened
    dialog = UnlockDialog(path, operator, tasks)
    if dialog.exec() != UnlockDialog.DialogCode.Accepted or dialog.opened is None:
        return None
    machine_settings.OPERATOR.set(dialog.opened.actor.operator)
    return dialog.opened


def first_run(path: Path, operator: str, tasks: TaskRunner) -> vault.OpenedBase | None:
    dialog = FirstRunDialog(path, operator, tasks)
    if dialog.exec() != FirstRunDialog.DialogCode.Accepted or dialog.opened is None:
        return None
    machine_settings.OPERATOR.set(dialog.opened.actor.operator)
    machine_settings.DATABASE_PATH.set(dialog.opened.db.path)
    return dialog.opened


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
    termination = Termination(app)  # SIGTERM & co. end the loop: the base (and a demo) closes
    operator = args.operator or machine_settings.OPERATOR.get()
    instance_server = None
    lock = None
    try:
        if args.demo:
            opened = start_demo(tasks)
        else:
            path = Path(args.gui_db) if args.gui_db else machine_settings.DATABASE_PATH.get()
            path = path.expanduser().resolve()
            try:
                lock = vault.claim(path)
            except vault.AlreadyOpenError as exc:
                knock_first_instance(path)
                QMessageBox.information(
                    None, QCoreApplication.translate("app", "Déjà ouverte"), exc.message
                )
                termination.restore()
                return 1
            instance_server = InstanceServer(path, app)
            if path.exists():
                opened = open_database(path, operator, tasks)
            else:
                opened = first_run(path, operator, tasks)
    except vault.DatabaseError as exc:
        if lock is not None:
            lock.release()
        QMessageBox.critical(
            None, QCoreApplication.translate("app", "Base inutilisable"), exc.message
        )
        termination.restore()
        return 1
    if opened is None:
        if lock is not None:
            lock.release()
        termination.restore()
        return 0
    opened.lock = lock
    log.info("GUI opened (demo=%s)", opened.demo)
    window = MainWindow(opened.services, tasks, demo=opened.demo, protection=opened.protection)
    window.security = SecurityActions(window, opened.services, tasks, opened.mode)
    if instance_server is not None:
        instance_server.window = window
    window.show()
    window.integrity = IntegrityWatch(window, opened, tasks)  # pages, anchor, check: off-thread
    window.integrity.start()
    termination.arm()
    try:
        return app.exec()
    finally:
        termination.restore()
        tasks.wait()
        opened.close()
