"""Moving through the agenda in live mode, and the keyboard that drives it.

:class:`AgendaCursor` is where the meeting stands: moving records when each item is left and
entered (the quorum flag is decided then) and re-reads the agenda, which another window may
have changed. :data:`SHORTCUTS` are the live screen's keys, written on screen by
:class:`ShortcutHelp` and installed by :func:`install_shortcuts`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from rcp_desktop.models import AgendaItem
from rcp_desktop.services import Services
from rcp_desktop.services.errors import ServiceError

# (action name, key sequences, French description shown on screen, translated by ShortcutHelp)
SHORTCUTS = {
    "next": (
        ("Alt+Right", "Ctrl+PgDown"),
        QT_TRANSLATE_NOOP("ShortcutHelp", "Alt+→ : dossier suivant"),
    ),
    "previous": (
        ("Alt+Left", "Ctrl+PgUp"),
        QT_TRANSLATE_NOOP("ShortcutHelp", "Alt+← : précédent"),
    ),
    "new_decision": (("Ctrl+N",), QT_TRANSLATE_NOOP("ShortcutHelp", "Ctrl+N : décision")),
    "notes": (("F2",), QT_TRANSLATE_NOOP("ShortcutHelp", "F2 : notes")),
    "proposal": (("F3",), QT_TRANSLATE_NOOP("ShortcutHelp", "F3 : proposition")),
    "crisis_plan": (("F4",), QT_TRANSLATE_NOOP("ShortcutHelp", "F4 : plan de crise en grand")),
    "agenda": (("F6",), QT_TRANSLATE_NOOP("ShortcutHelp", "F6 : ordre du jour")),
    "pseudonymise": (
        ("Ctrl+I",),
        QT_TRANSLATE_NOOP("ShortcutHelp", "Ctrl+I : masquer les identités"),
    ),
    "attendance": (("Ctrl+P",), QT_TRANSLATE_NOOP("ShortcutHelp", "Ctrl+P : présences")),
    "times": (("Ctrl+T",), QT_TRANSLATE_NOOP("ShortcutHelp", "Ctrl+T : horaires")),
    "full_screen": (("F11",), QT_TRANSLATE_NOOP("ShortcutHelp", "F11 : plein écran")),
    "close": (("Ctrl+W",), QT_TRANSLATE_NOOP("ShortcutHelp", "Ctrl+W : quitter")),
}


class ShortcutHelp(QLabel):
    """The shortcuts, written at the bottom of the screen."""

    def __init__(self) -> None:
        super().__init__()
        self.setText("  ·  ".join(self.tr(text) for _keys, text in SHORTCUTS.values()))
        self.setObjectName("liveHelp")
        self.setWordWrap(True)


def install_shortcuts(
    window: QWidget, slots: dict[str, Callable[[], object]]
) -> dict[str, QAction]:
    """One window-wide action per entry of :data:`SHORTCUTS`, calling ``slots[name]``; Escape
    leaves full screen. Returns the actions by name."""
    actions: dict[str, QAction] = {}
    for name, (keys, _text) in SHORTCUTS.items():
        action = QAction(window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
        window.addAction(action)
        actions[name] = action
    leave = QAction(window)
    leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    leave.triggered.connect(lambda: window.showNormal() if window.isFullScreen() else None)
    window.addAction(leave)
    return actions


def resume_index(items: list[AgendaItem]) -> int:
    """After a crash, pick up where the meeting was: the item being discussed, else the first
    not yet reached."""
    for i, item in enumerate(items):
        if item.started_at is not None and item.ended_at is None:
            return i
    for i, item in enumerate(items):
        if item.started_at is None:
            return i
    return 0


class AgendaCursor:
    """The agenda of a session and the position in it (``index``, -1 before the first move)."""

    def __init__(self, services: Services, meeting_id: int, items: list[AgendaItem]) -> None:
        self.services = services
        self.meeting_id = meeting_id
        self.items = items
        self.index = -1
        self.current_id: int | None = None

    def can_go(self, index: int) -> bool:
        return 0 <= index < len(self.items) and index != self.index

    def move(self, index: int, problem: Callable[[str], None]) -> None:
        """Leave the current item, enter the one at *index*, re-read the agenda. A refused
        step goes to *problem* and the move goes on (the meeting must not get stuck)."""
        self.leave(problem)
        target = self.items[index].id
        try:
            self.services.agenda.enter_item(target)
        except ServiceError as exc:
            problem(exc.message)
        # Reload the agenda: the item just left may now carry a quorum flag, and another
        # window may have changed the order.
        self.items = self.services.agenda.items(self.meeting_id) or self.items
        self.index = next((i for i, it in enumerate(self.items) if it.id == target), index)
        self.current_id = target

    def leave(self, problem: Callable[[str], None] | None = None) -> None:
        """Record that the current item is left (on moving, on closing the window)."""
        if self.current_id is None:
            return
        try:
            self.services.agenda.leave_item(self.current_id)
        except ServiceError as exc:
            if problem is not None:
                problem(exc.message)
