"""A row of action buttons that wraps onto more rows when the window is narrow.

:class:`FlowLayout` lays widgets out left to right and starts a new row when the next one does
not fit (Qt's flow-layout example). :class:`ActionBar` is a page's row of actions on it, with
the calls of a ``QToolBar`` the pages and other modules use (``addAction``, ``addWidget``,
``addSeparator``): each action is a real button showing its whole text, "…" included (a tool
bar's buttons drop it and look like plain text), and nothing ever hides behind a "»" overflow.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QLayout, QLayoutItem, QToolButton, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(i.sizeHint().width() + self._spacing for i in self._visible())
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line = area.x(), area.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class ActionBar(QWidget):
    """A page's actions as buttons that wrap onto a second row rather than overflow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self)

    def addAction(self, text: str) -> QAction:  # noqa: N802 - QToolBar's API
        action = QAction(text, self)
        action.setIconText(text)  # keep the "…": it says a dialog follows
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(False)  # a button that looks like one
        self.flow.addWidget(button)
        super().addAction(action)
        return action

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 - QToolBar's API
        self.flow.addWidget(widget)

    def addSeparator(self) -> None:  # noqa: N802 - QToolBar's API
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        line.setFixedWidth(12)
        self.flow.addItem(QWidgetItem(line))
        line.setParent(self)

    def setToolButtonStyle(self, style: Qt.ToolButtonStyle) -> None:  # noqa: N802 - QToolBar's API
        for button in self.findChildren(QToolButton):
            button.setToolButtonStyle(style)

    def button(self, action: QAction) -> QToolButton | None:
        """The button that triggers *action*."""
        return next(
            (b for b in self.findChildren(QToolButton) if b.defaultAction() is action), None
        )
