"""Moving through the agenda in live mode, and the keyboard that drives it.

:class:`AgendaCursor` is where the meeting stands: moving records when each item is left and
entered (the quorum flag is decided then) and re-reads the agenda, which another window may
have changed. A move runs off the GUI thread (:meth:`AgendaCursor.move`, one at a time) and is
applied on it (:meth:`AgendaCursor.arrive`); closing the window (:meth:`AgendaCursor.close`)
waits for a move being written, so the item it entered is left. :data:`SHORTCUTS` are the live
screen's keys, written on screen by :class:`ShortcutHelp` and installed by
:func:`install_shortcuts`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from rcp_desktop.models import AgendaItem
from rcp_desktop.services import Services
from rcp_desktop.services.agenda import ItemContext
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


@dataclass
class Move:
    """What a move read off the GUI thread: the agenda as it now stands, the entered item's
    context, and the messages of the steps refused on the way."""

    items: list[AgendaItem]
    target: int  # the id of the item entered
    fallback: int  # its index if the agenda re-read no longer holds it
    context: ItemContext
    problems: list[str] = field(default_factory=list)


class AgendaCursor:
    """The agenda of a session and the position in it (``index``, -1 before the first move).

    :meth:`move` may run on a worker thread while the GUI thread holds the rest; the two meet
    only in ``current_id`` (the item entered last), under a lock."""

    def __init__(self, services: Services, meeting_id: int, items: list[AgendaItem]) -> None:
        self.services = services
        self.meeting_id = meeting_id
        self.items = items
        self.index = -1
        self.current_id: int | None = None
        self.closed = False
        self._lock = threading.Lock()

    def can_go(self, index: int) -> bool:
        return 0 <= index < len(self.items) and index != self.index

    def move(self, target: int, fallback: int, known: list[AgendaItem]) -> Move | None:
        """Leave the current item, enter *target*, re-read the agenda and the entered item's
        context (None once the window is closed: nothing is entered then). A refused step is
        kept in the move's ``problems`` and the move goes on (the meeting must not get stuck).
        Safe off the GUI thread; call :meth:`arrive` with the result on it."""
        problems: list[str] = []
        with self._lock:
            if self.closed:
                return None
            self._leave(problems.append)
            try:
                self.services.agenda.enter_item(target)
            except ServiceError as exc:
                problems.append(exc.message)
            self.current_id = target
        # Reload the agenda: the item just left may now carry a quorum flag, and another
        # window may have changed the order.
        items = self.services.agenda.items(self.meeting_id) or known
        context = self.services.agenda.context(target)
        return Move(items, target, fallback, context, problems)

    def arrive(self, move: Move) -> None:
        """Take the agenda and the position a :meth:`move` read (on the GUI thread)."""
        self.items = move.items
        self.index = next((i for i, it in enumerate(self.items) if it.id == move.target), -1)
        if self.index < 0:  # gone from the agenda meanwhile: show it where it was
            self.index = min(move.fallback, len(self.items) - 1)
        self.items[self.index] = move.context.item

    def close(self, problem: Callable[[str], None] | None = None) -> None:
        """The window closes: record that the current item is left — after a move being
        written, if any — and enter no other."""
        with self._lock:
            self.closed = True
            self._leave(problem)

    def _leave(self, problem: Callable[[str], None] | None = None) -> None:
        if self.current_id is None:
            return
        try:
            self.services.agenda.leave_item(self.current_id)
        except ServiceError as exc:
            if problem is not None:
                problem(exc.message)
        self.current_id = None
