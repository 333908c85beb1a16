"""The ``qt`` check of ``rcp-desktop --self-test`` (see :mod:`rcp_desktop.selftest`)."""

from __future__ import annotations

import importlib
import os
import sys

from rcp_desktop.paths import resources_dir
from rcp_desktop.selftest import ICON_NAME, QT_MODULES, SelfTestFailure


def check_qt() -> str:
    if not os.environ.get("QT_QPA_PLATFORM"):  # no screen needed, unless asked for one
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for name in QT_MODULES:
        importlib.import_module(f"PySide6.{name}")
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QIcon, QImage
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "rcp-desktop"])
    platform = app.platformName()
    translator = QTranslator()
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.French), "qtbase", "_", translations):
        raise SelfTestFailure(f"traduction française de Qt introuvable dans {translations}")
    if not (resources_dir() / "style.qss").is_file():
        raise SelfTestFailure("feuille de style absente des ressources")
    icon = resources_dir() / "icons" / f"{ICON_NAME}.svg"
    if QIcon(str(icon)).pixmap(64, 64).isNull():
        raise SelfTestFailure("icône SVG de l'application illisible")
    if QImage(str(resources_dir() / "icons" / f"{ICON_NAME}-256.png")).isNull():
        raise SelfTestFailure("icône PNG de l'application illisible")
    importlib.import_module("rcp_desktop.app")  # the whole user interface, every page
    return f"Qt {QLibraryInfo.version().toString()}, plateforme {platform}, traduction et icône chargées"
