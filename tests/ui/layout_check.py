"""Is anything cut on screen? One check for every page, dialog and window, at any size and in
any language (the pseudo-locale of ``test_translations.py`` lengthens every text by a third).

:func:`clipped` lists what a user could not read whole under a root widget:

* a button narrower than its text (its minimum size hint);
* a label that does not wrap and is narrower than its text, or a wrapping label given less
  height than its lines need;
* a button or label cut by the edge of its window or of a parent (not one scrolled away inside
  a scroll area: that one can be scrolled to);
* a table column title narrower than its text, or columns pushed off to the right behind a
  horizontal scroll bar;
* tab titles that do not all fit their tab bar;
* the placeholder of an empty field cut short (it is the field's only label).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTabBar,
    QTableView,
    QWidget,
)

SIZES = ((1024, 768), (1280, 800))


def _text(widget: QWidget) -> str:
    method = getattr(widget, "text", None)
    text = method() if callable(method) else ""
    return text if isinstance(text, str) else ""


def _inside_scroll_area(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _cut_by_parents(widget: QWidget, root: QWidget) -> bool:
    """Whether part of *widget* lies outside one of its parents up to *root*."""
    rect = QRect(QPoint(0, 0), widget.size())
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.translated(child.pos())
        if not QRect(QPoint(0, 0), parent.size()).contains(rect):
            return True
        if parent is root or parent.isWindow():
            return False
        child, parent = parent, parent.parentWidget()
    return False


def _title_width(header: QHeaderView, column: int) -> int:
    """What the column's title needs: its text, the header's margins, the sort arrow if the
    view is sorted on it."""
    text = str(header.model().headerData(column, header.orientation()) or "")
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    width = header.fontMetrics().horizontalAdvance(text) + 2 * margin
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
        width += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    return width


def _placeholder_width(edit: QLineEdit) -> int:
    """What a line edit needs to show its placeholder whole: the text, the frame and margins,
    and the room of its buttons (a calendar, a clear button)."""
    actions = sum(1 for a in edit.actions() if a.isVisible())
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 14 + 22 * actions


def _header_problems(table: QTableView, where: str) -> list[str]:
    found = []
    header: QHeaderView = table.horizontalHeader()
    if header.isHidden():
        return found
    model = table.model()
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        needed = _title_width(header, column)
        if header.sectionSize(column) < needed - 1:
            title = model.headerData(column, header.orientation()) if model else column
            found.append(
                f"{where}: column title {title!r} {header.sectionSize(column)} < {needed} px"
            )
    if table.horizontalScrollBar().isVisible():
        found.append(f"{where}: columns hidden behind a horizontal scroll bar")
    return found


def clipped(root: QWidget, where: str = "") -> list[str]:
    """What is cut under *root* (shown, laid out): one French-free line per problem."""
    for _ in range(3):  # let deferred layouts (column fitting, scroll bars) settle
        QApplication.processEvents()
    where = where or type(root).__name__
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        name = f"{where} {type(widget).__name__} {_text(widget)!r}"
        one_line = isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and not widget.wordWrap()
        )
        if one_line and _text(widget):
            if widget.width() < widget.minimumSizeHint().width():
                found.append(f"{name}: {widget.width()} < {widget.minimumSizeHint().width()} px")
        elif isinstance(widget, QLabel) and _text(widget):
            needed = widget.heightForWidth(widget.width())
            if widget.height() < needed - 1:
                found.append(f"{name}: wrapped text {needed} px high in {widget.height()} px")
        elif isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.text():
            needed = _placeholder_width(widget)
            if widget.width() < needed:
                found.append(
                    f"{where} placeholder {widget.placeholderText()!r}: {widget.width()} < {needed} px"
                )
            continue
        elif isinstance(widget, QTableView):
            found += _header_problems(widget, f"{where} {type(widget).__name__}")
            continue
        elif isinstance(widget, QTabBar) and widget.count():
            needed = sum(widget.tabSizeHint(i).width() for i in range(widget.count()))
            if needed > widget.width() + 1:
                found.append(f"{where} tabs: {needed} px of titles in {widget.width()} px")
            continue
        else:
            continue
        if not _inside_scroll_area(widget, root) and _cut_by_parents(widget, root):
            found.append(f"{name}: cut by the edge of its window or of a parent")
    return found


def settled(qtbot, page, timeout: int = 10_000) -> None:
    """Wait for a page that loads off the GUI thread (``page.loading``) to show its data, and
    for the layout that follows, before measuring it."""
    qtbot.waitUntil(lambda: not getattr(page, "loading", False), timeout=timeout)
    QApplication.processEvents()
