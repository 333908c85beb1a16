"""The main window: navigation between the pages, demo banner, status line.

What shows before the base is open stays cheap: no class is touched that the first frame does
not need (PySide6 builds a class's Python enums on its first use: the ``Qt`` namespace alone
costs ~13 ms, so alignments here come from the style sheet).

The window shows before the base is open (``services`` None): the start-up progress takes the
page area, the navigation is there at once, and :meth:`MainWindow.attach` brings the services
in. Each page is built (its module imported) the first time it is shown, so the start pays for
the first page only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop import __version__
from rcp_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from rcp_desktop.services import Services
    from rcp_desktop.ui.pages.base import Page


class PageEntry(NamedTuple):
    """A page of the navigation: where its class lives, and its title (the page's own
    ``self.tr`` string, under the page class's translation context)."""

    module: str
    class_name: str
    title: Callable[[], str]


PAGES = [
    PageEntry(
        "rcp_desktop.ui.pages.cases",
        "CasesPage",
        lambda: QCoreApplication.translate("CasesPage", "Dossiers"),
    ),
    PageEntry(
        "rcp_desktop.ui.pages.meetings",
        "MeetingsPage",
        lambda: QCoreApplication.translate("MeetingsPage", "Séances"),
    ),
    PageEntry(
        "rcp_desktop.ui.pages.followup",
        "FollowupPage",
        lambda: QCoreApplication.translate("FollowupPage", "Suivi"),
    ),
    PageEntry(
        "rcp_desktop.ui.pages.usipa",
        "UsipaPage",
        lambda: QCoreApplication.translate("UsipaPage", "USIPA"),
    ),
    PageEntry(
        "rcp_desktop.ui.pages.directory",
        "DirectoryPage",
        lambda: QCoreApplication.translate("DirectoryPage", "Annuaire"),
    ),
    PageEntry(
        "rcp_desktop.ui.pages.statistics",
        "StatisticsPage",
        lambda: QCoreApplication.translate("StatisticsPage", "Statistiques"),
    ),
    PageEntry(
        "rcp_desktop.ui.pages.requests",
        "RequestsPage",
        lambda: QCoreApplication.translate("RequestsPage", "Demandes"),
    ),
    PageEntry(
        "rcp_desktop.ui.pages.year",
        "YearPage",
        lambda: QCoreApplication.translate("YearPage", "Année CPTS"),
    ),
]


def page_class(entry: PageEntry) -> type[Page]:
    return getattr(importlib.import_module(entry.module), entry.class_name)


class StartupPanel(QWidget):
    """What the page area shows until the base is open: a message and a progress bar (busy,
    or counting when the work reports its progress)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startupPanel")
        self.message = QLabel(self.tr("Ouverture de la base…"))
        self.message.setObjectName("startupMessage")  # centred by the style sheet
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setFixedWidth(420)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.bar)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_progress(self, text: str | None = None, done: int = 0, total: int = 0) -> None:
        if text is not None:
            self.message.setText(text)
        self.bar.setRange(0, max(total, 0))
        if total > 0:
            self.bar.setValue(min(done, total))


class PageStack(QStackedWidget):
    """The pages, one shown at a time. Only the page shown sets how small the window may be:
    a page that needs width elsewhere never keeps the window from a 1024-pixel screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class MainWindow(QMainWindow):
    settings_changed = Signal()

    def __init__(
        self,
        services: Services | None,
        tasks: TaskRunner,
        *,
        demo: bool = False,
        protection: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.demo = demo
        # The title never carries patient data: it shows in task bars and window lists.
        self.setWindowTitle(
            self.tr("rcp-desktop — démonstration (données fictives)") if demo else "rcp-desktop"
        )
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(180)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = PageStack()
        self.startup = StartupPanel()
        self.stack.addWidget(self.startup)
        self._pages: dict[int, Page] = {}
        self._document_actions: Any = None
        for index, entry in enumerate(PAGES):
            title = entry.title()
            item = QListWidgetItem(title)
            item.setToolTip(self.tr("{page} (Ctrl+{n})").format(page=title, n=index + 1))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_page)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = QLabel(
            self.tr(
                "DÉMONSTRATION — toutes les données affichées sont fictives. "
                "Cette base temporaire sera supprimée à la fermeture."
            )
        )
        self.banner.setObjectName("demoBanner")  # centred by the style sheet
        self.banner.setVisible(demo)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.status_label = QLabel()
        if services is not None:
            self._show_status(protection)
        self.nav.setCurrentRow(0)
        # Keyboard shortcuts once the window has painted: the first QKeySequence makes PySide6
        # build the Qt namespace's enums (~13 ms) — not worth delaying the first frame for.
        QTimer.singleShot(0, self._install_shortcuts)

    def _install_shortcuts(self) -> None:
        for index in range(len(PAGES)):
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            shortcut.triggered.connect(
                lambda _checked=False, row=index: self.nav.setCurrentRow(row)
            )
            self.addAction(shortcut)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    # --- the base ---------------------------------------------------------------------------

    def attach(self, services: Services, *, protection: str) -> None:
        """The base is open: show the current page with its data."""
        self.services = services
        self._show_status(protection)
        self.settings_action.setEnabled(True)
        self._show_page(self.nav.currentRow())

    def _show_status(self, protection: str) -> None:
        """The status line (made with the base: the status bar is not in the first frame)."""
        assert self.services is not None
        if self.status_label.parent() is None:
            self.statusBar().addPermanentWidget(self.status_label)
        self.status_label.setText(
            self.tr("Base : {name} — protection : {protection}").format(
                name=self.services.db.path.name, protection=protection
            )
        )

    def show_startup_progress(self, text: str | None = None, done: int = 0, total: int = 0) -> None:
        self.startup.show_progress(text, done, total)

    # --- pages ------------------------------------------------------------------------------

    def page_class_names(self) -> list[str]:
        return [entry.class_name for entry in PAGES]

    def page_at(self, row: int) -> Page:
        """The page of navigation row *row*, built on first use (the base must be open)."""
        page = self._pages.get(row)
        if page is None:
            if self.services is None:
                raise RuntimeError("the base is not open yet")
            page = page_class(PAGES[row])(self.services, self.tasks, self)
            self._pages[row] = page
            self.stack.addWidget(page)
            if PAGES[row].class_name == "MeetingsPage":
                from rcp_desktop.ui.documents import install_document_actions
                from rcp_desktop.ui.meetings.participation import install_participation_actions
                from rcp_desktop.ui.year.evaluation import install_evaluation_action

                self._document_actions = install_document_actions(page, self.services, self.tasks)
                install_participation_actions(page, self.services)
                install_evaluation_action(page, self.services)
        return page

    @property
    def pages(self) -> list[Page]:
        """Every page, each built if it was not yet (for tests and tools; the window itself
        builds a page when it is first shown)."""
        return [self.page_at(row) for row in range(len(PAGES))]

    def built_pages(self) -> list[Page]:
        return [self._pages[row] for row in sorted(self._pages)]

    def page(self, cls: type[Page]) -> Page:
        row = next(i for i, entry in enumerate(PAGES) if entry.class_name == cls.__name__)
        return self.page_at(row)

    def current_page(self) -> Page:
        return self.page_at(self.nav.currentRow())

    @property
    def document_actions(self) -> Any:
        """The Séances page's Documents actions (the page is built if it was not)."""
        self.page_at(self.page_class_names().index("MeetingsPage"))
        return self._document_actions

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        if self.services is None:
            self.stack.setCurrentWidget(self.startup)
            return
        page = self.page_at(row)
        self.stack.setCurrentWidget(page)
        page.refresh()

    # --- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self.file_menu = file_menu
        self.settings_action = file_menu.addAction(self.tr("&Paramètres…"))
        self.settings_action.triggered.connect(self.edit_settings)
        self.settings_action.setEnabled(self.services is not None)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quitter"))
        self.quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        about = help_menu.addAction(self.tr("À &propos de rcp-desktop"))
        about.triggered.connect(self._about)

    def edit_settings(self) -> None:
        if self.services is None:
            return
        from rcp_desktop.ui.settings_dialog import SettingsDialog

        if SettingsDialog(self.services, self).exec() == SettingsDialog.DialogCode.Accepted:
            self.settings_changed.emit()

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("À propos de rcp-desktop"),
            self.tr(
                "rcp-desktop {version}\nRéunions de concertation pluriprofessionnelle d'une CPTS.\n"
                "Les données sont chiffrées sur ce poste (SQLCipher, AES-256)."
            ).format(version=__version__),
        )
