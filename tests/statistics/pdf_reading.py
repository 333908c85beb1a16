"""Reading a statistics PDF as an attacker would: every piece of text with its position, every
filled rectangle (the bars of the charts) with its size and colour, and the tables rebuilt from
the text. Independent of the code that wrote the file: pypdf, and a small interpreter of the
page's drawing operators (q, Q, cm, rg, re, fill)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.statistics.reading import value_of

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FILL_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return x * a + y * c + e, x * b + y * d + f


@dataclass(frozen=True)
class Text:
    page: int
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Rect:
    page: int
    x: float
    y: float
    width: float
    height: float
    fill: tuple[float, ...]
    group: Matrix  # the transformation it was drawn under: one per chart


class PdfContent:
    def __init__(self, data: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(data))
        self.texts: list[Text] = []
        self.rects: list[Rect] = []
        for number, page in enumerate(self.reader.pages):
            self._read_text(number, page)
            self._read_rects(number, page)

    def _read_text(self, number: int, page) -> None:  # type: ignore[no-untyped-def]
        def visit(text, cm, tm, _font, _size):  # type: ignore[no-untyped-def]
            if text.strip():
                x, y = _apply(_times(tuple(tm), tuple(cm)), 0, 0)
                self.texts.append(Text(number, round(x, 2), round(y, 2), text.strip()))

        page.extract_text(visitor_text=visit)

    def _read_rects(self, number: int, page) -> None:  # type: ignore[no-untyped-def]
        ctm: Matrix = IDENTITY
        fill: tuple[float, ...] = (0.0,)
        stack: list[tuple[Matrix, tuple[float, ...]]] = []
        pending: list[tuple[float, float, float, float]] = []
        for operands, op in ContentStream(page.get_contents(), self.reader).operations:
            if op == b"q":
                stack.append((ctm, fill))
            elif op == b"Q":
                ctm, fill = stack.pop()
            elif op == b"cm":
                ctm = _times(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op in (b"rg", b"g", b"k"):
                fill = tuple(round(float(v), 4) for v in operands)
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                x0, y0 = _apply(ctm, x, y)
                x1, y1 = _apply(ctm, x + w, y + h)
                pending.append((min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)))
            elif op in FILL_OPERATORS:
                for x, y, w, h in pending:
                    self.rects.append(Rect(number, x, y, w, h, fill, ctm))
                pending = []
            elif op in (b"n", b"S", b"s"):
                pending = []

    def all_text(self) -> str:
        return "\n".join(t.text for t in self.texts)

    def lines(self, page: int, tolerance: float = 1.5) -> list[list[Text]]:
        """The page's text fragments grouped by baseline, top to bottom, left to right."""
        lines: list[list[Text]] = []
        for t in sorted((t for t in self.texts if t.page == page), key=lambda t: (-t.y, t.x)):
            if lines and abs(lines[-1][0].y - t.y) <= tolerance:
                lines[-1].append(t)
            else:
                lines.append([t])
        return [sorted(line, key=lambda t: t.x) for line in lines]


def is_value(text: str) -> bool:
    return not isinstance(value_of(text), str) or text in ("s", "—")


def pdf_tables(content: PdfContent, layouts) -> dict[str, list[list[int | float | str]]]:
    """The tables as printed: for each (table id, title, number of columns), the rows of values
    found under its title — lines whose right-hand fragments are exactly that many values."""
    tables: dict[str, list[list[int | float | str]]] = {}
    pages = range(len(content.reader.pages))
    all_lines = [(p, line) for p in pages for line in content.lines(p)]
    # The tables follow the heading "Tableaux" (a chart may bear a table's title).
    heading = next(i for i, (_p, line) in enumerate(all_lines) if line[0].text == "Tableaux")
    all_lines = all_lines[heading:]
    titles = {title for _id, title, _n in layouts}
    for table_id, title, ncols in layouts:
        start = next(
            i for i, (_p, line) in enumerate(all_lines) if " ".join(t.text for t in line) == title
        )
        left = all_lines[start][1][0].x
        rows: list[list[int | float | str]] = []
        for _p, line in all_lines[start + 1 :]:
            if " ".join(t.text for t in line) in titles:
                break
            # Values stand right of the label column (56 mm, 90 mm with three columns or fewer).
            label_width = (56 if ncols > 3 else 90) * 72 / 25.4
            values = [t.text for t in line if t.x >= left + label_width - 2]
            if len(values) == ncols and all(is_value(v) for v in values):
                rows.append([value_of(v) for v in values])
        tables[table_id] = rows
    return tables
