"""Qt's own dialogs in French: the file dialog, the print dialog, the standard buttons.

Qt ships its French catalogue (``qtbase_fr.qm``, in PySide6's ``Qt/translations`` folder, which
the frozen build bundles too); it is loaded for the interface's language before any dialog opens.
That catalogue lags behind Qt 6's own strings: the file dialog's "&Look in:" and "Files of
&type:" (their keyboard accelerators are new) are missing from it and stayed English.
:class:`QtSupplement` answers those few, and only those, and only when Qt's catalogue has not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from rcp_desktop.paths import resources_dir

_INSTALLED = "rcp_desktop_qt_translations"

# (context, source) → French, for the strings of Qt's dialogs its French catalogue lacks.
QT_FRENCH_SUPPLEMENT: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Voir dans\u00a0:",
    ("QFileDialog", "Files of &type:"): "&Type de fichier\u00a0:",
}


class QtSupplement(QTranslator):
    """The French of the Qt strings missing from ``qtbase_fr.qm``."""

    def __init__(self, table: dict[tuple[str, str], str], parent=None) -> None:
        super().__init__(parent)
        self.table = table

    def translate(self, context, source_text, disambiguation=None, n=-1) -> str:
        # None, not "": an empty string is a translation found (Qt stops looking there).
        return self.table.get((str(context), str(source_text)))  # type: ignore[return-value]

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return not self.table


def qt_catalogue_folders() -> list[Path]:
    """Where Qt's own catalogues are looked for: Qt's translations folder (the frozen build
    bundles it), then the application's resources (a copy a packager may put there)."""
    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        resources_dir() / "translations",
    ]


def install_qt_translations(app: QApplication, locale: QLocale) -> list[QTranslator]:
    """Install Qt's catalogue for *locale* and, in French, the supplement; return them
    (kept by the application as their parent)."""
    installed: list[QTranslator] = []
    if app.property(_INSTALLED):
        return installed  # once per application (configure_app may run again)
    app.setProperty(_INSTALLED, True)
    if locale.language() == QLocale.Language.French:
        supplement = QtSupplement(QT_FRENCH_SUPPLEMENT, app)
        app.installTranslator(supplement)  # first installed: asked after Qt's catalogue
        installed.append(supplement)
    for folder in qt_catalogue_folders():
        translator = QTranslator(app)
        if translator.load(locale, "qtbase", "_", str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
            break
    return installed
