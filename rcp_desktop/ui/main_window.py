"""The main window: navigation between the pages, demo banner, status line."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop import __version__
from rcp_desktop.services import Services
from rcp_desktop.ui.documents import install_document_actions
from rcp_desktop.ui.meetings.participation import install_participation_actions
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.pages.cases import CasesPage
from rcp_desktop.ui.pages.directory import DirectoryPage
from rcp_desktop.ui.pages.followup import FollowupPage
from rcp_desktop.ui.pages.meetings import MeetingsPage
from rcp_desktop.ui.pages.requests import RequestsPage
from rcp_desktop.ui.pages.statistics import StatisticsPage
from rcp_desktop.ui.pages.usipa import UsipaPage
from rcp_desktop.ui.pages.year import YearPage
from rcp_desktop.ui.settings_dialog import SettingsDialog
from rcp_desktop.ui.tasks import TaskRunner
from rcp_desktop.ui.year.evaluation import install_evaluation_action

PAGE_CLASSES: list[type[Page]] = [
    CasesPage,
    MeetingsPage,
    FollowupPage,
    UsipaPage,
    DirectoryPage,
    StatisticsPage,
    RequestsPage,
    YearPage,
]


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
        services: Services,
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
        self.pages: list[Page] = []
        for index, cls in enumerate(PAGE_CLASSES):
            page = cls(services, tasks, self)
            self.pages.append(page)
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title)
            item.setToolTip(self.tr("{page} (Ctrl+{n})").format(page=page.title, n=index + 1))
            self.nav.addItem(item)
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            shortcut.triggered.connect(
                lambda _checked=False, row=index: self.nav.setCurrentRow(row)
            )
            self.addAction(shortcut)
        self.nav.currentRowChanged.connect(self._show_page)
        self.document_actions = install_document_actions(self.page(MeetingsPage), services, tasks)
        install_participation_actions(self.page(MeetingsPage), services)
        install_evaluation_action(self.page(MeetingsPage), services)

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
        self.banner.setObjectName("demoBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(demo)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.status_label = QLabel(
            self.tr("Base : {name} — protection : {protection}").format(
                name=services.db.path.name, protection=protection
            )
        )
        self.statusBar().addPermanentWidget(self.status_label)
        self.nav.setCurrentRow(0)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self.file_menu = file_menu
        settings_action = file_menu.addAction(self.tr("&Paramètres…"))
        settings_action.triggered.connect(self.edit_settings)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quitter"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        about = help_menu.addAction(self.tr("À &propos de rcp-desktop"))
        about.triggered.connect(self._about)

    def edit_settings(self) -> None:
        if SettingsDialog(self.services, self).exec() == SettingsDialog.DialogCode.Accepted:
            self.settings_changed.emit()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("À propos de rcp-desktop"),
            self.tr(
                "rcp-desktop {version}\nRéunions de concertation pluriprofessionnelle d'une CPTS.\n"
                "Les données sont chiffrées sur ce poste (SQLCipher, AES-256)."
            ).format(version=__version__),
        )

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.pages[row].refresh()

    def current_page(self) -> Page:
        return self.pages[self.stack.currentIndex()]

    def page(self, cls: type[Page]) -> Page:
        return next(p for p in self.pages if isinstance(p, cls))
