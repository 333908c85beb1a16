"""QApplication bootstrap: logging, translations, exception hook, then the start-up
(:mod:`rcp_desktop.ui.startup`: the window first, the base opening behind it; first run, unlock
or demo through the vault).

Importing this module loads Qt and the window's shell only: the database layer, the services
and every page come later, off the path to the first window.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from rcp_desktop import APP_NAME, __version__, i18n
from rcp_desktop.paths import resources_dir
from rcp_desktop.ui import gc_guard, machine_settings
from rcp_desktop.ui.excepthook import ExceptionHandler
from rcp_desktop.ui.qt_translations import install_qt_translations
from rcp_desktop.ui.startup import DEMO_YEARS, Startup, demo_work, warm_up
from rcp_desktop.ui.tasks import TaskRunner, favour_the_gui_thread
from rcp_desktop.ui.termination import Termination

if TYPE_CHECKING:
    from rcp_desktop.vault import OpenedBase

log = logging.getLogger(__name__)

__all__ = ["DEMO_YEARS", "configure_app", "open_database", "run_gui", "start_demo"]

DESKTOP_ID = "fr.cpts.RcpDesktop"  # the installed .desktop entry and AppStream component id


STYLE = "Fusion"


def configure_app(app: QApplication) -> None:
    """The application's names, icon, style, locale and translations; safe to call again."""
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to the installed entry
    icon = resources_dir() / "icons" / "rcp-desktop.svg"
    if icon.exists():
        # Once the event loop runs (the SVG icon engine loads then, after the first frame).
        QTimer.singleShot(0, lambda: app.setWindowIcon(QIcon(str(icon))))
    if not app.property("rcp_style_set"):  # once: setting a style restyles every widget
        app.setStyle(STYLE)
        app.setProperty("rcp_style_set", True)
    gc_guard.install(app)
    favour_the_gui_thread()
    # Dates and numbers are French; the interface is French (the source language) unless a
    # translation matching the system's UI languages ships in resources/translations.
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    ui_locale = QLocale(QLocale.Language.French)
    own = getattr(app, "_rcp_translator", None)  # remembered, not found (see gc_guard.install)
    if own is None:
        own = QTranslator(app)
        if own.load(QLocale.system(), "rcp_desktop", "_", str(resources_dir() / "translations")):
            app.installTranslator(own)
        app._rcp_translator = own  # type: ignore[attr-defined]
    if not own.isEmpty():
        ui_locale = QLocale.system()
    install_qt_translations(app, ui_locale)  # Qt's own dialogs, before any of them opens
    i18n.install_translator(lambda context, text: QCoreApplication.translate(context, text))
    style = resources_dir() / "style.qss"
    if style.exists():
        sheet = style.read_text(encoding="utf-8")
        if app.styleSheet() != sheet:  # setting it again would restyle every widget
            app.setStyleSheet(sheet)


def start_demo(tasks: TaskRunner) -> OpenedBase:
    """The demo base, filled, behind a progress dialog (for scripts and tests; the window's
    own start shows its progress in the window)."""
    from rcp_desktop.ui.progress import run_with_progress

    return run_with_progress(
        None,
        QCoreApplication.translate("app", "Préparation des données fictives de démonstration…"),
        demo_work(QCoreApplication.translate("app", "Démonstration")),
        tasks=tasks,
        with_progress=True,
    )


def open_database(path: Path, operator: str, tasks: TaskRunner) -> OpenedBase | None:
    """Open *path* silently with its keyring entry, else through the unlock dialog (blocking:
    for scripts and tests; the window's own start opens the base behind the window)."""
    from rcp_desktop import vault
    from rcp_desktop.services import Actor
    from rcp_desktop.ui.dialogs import UnlockDialog
    from rcp_desktop.ui.progress import run_with_progress

    def work() -> OpenedBase | None:
        opened = vault.open_with_keyring(path, Actor.current(operator))
        if opened is not None:
            warm_up(opened)
        return opened

    opened = run_with_progress(
        None, QCoreApplication.translate("app", "Ouverture de la base…"), work, tasks=tasks
    )
    if opened is not None:
        return opened
    dialog = UnlockDialog(path, operator, tasks)
    if dialog.exec() != UnlockDialog.DialogCode.Accepted or dialog.opened is None:
        return None
    machine_settings.OPERATOR.set(dialog.opened.actor.operator)
    return dialog.opened


def run_gui(args) -> int:
    """The window. The log file is set up once the window has painted (the start-up's first
    step after it): before that no base is open, nothing can leak."""
    os.umask(0o077)  # every file this process creates is private
    app = QApplication.instance()
    if app is None:
        # The style from the command line: Qt sets it up before any widget, and Python never
        # wraps a QStyle on the way to the first window (setStyle would, ~5 ms of enums).
        app = QApplication([sys.argv[0], "-style", STYLE])
        app.setProperty("rcp_style_set", True)
    configure_app(app)
    handler = ExceptionHandler(app)
    handler.install()
    tasks = TaskRunner(parent=app)
    termination = Termination(app)  # SIGTERM & co. end the loop: the base (and a demo) closes
    operator = args.operator or machine_settings.OPERATOR.get()
    # A signal during the start is honoured once the base is attached (Startup arms it).
    startup = Startup(app, tasks, operator, termination=termination)
    if args.demo:
        startup.start_demo()
    else:
        path = Path(args.gui_db) if args.gui_db else machine_settings.DATABASE_PATH.get()
        if not startup.start(path.expanduser().resolve()):
            termination.restore()
            startup.close()
            return startup.exit_code
    try:
        code = app.exec()
    finally:
        termination.restore()
        tasks.wait()
        startup.close()
    return startup.exit_code or code
