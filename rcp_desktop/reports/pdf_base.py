"""What every PDF shares: the embedded Unicode fonts, paragraph styles, user text kept as text,
pages numbered "n / N", tables that split across pages with their header repeated.

reportlab's Paragraph parses a small markup language; anything a user typed goes through
:func:`para` (or :func:`escape`) so that ``<b>O'Brien & Fils</b>`` prints exactly as typed.
DejaVu Sans has no glyph for many emoji and symbols: :func:`escape` sets the characters it lacks
in Symbola (a monochrome symbol and emoji font, also shipped in resources/fonts).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import cast
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from rcp_desktop.domain.text import french_spacing
from rcp_desktop.paths import resources_dir

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
FONT_SYMBOLS = "Symbola"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_registered = False
_main_glyphs: frozenset[int] = frozenset()
_symbol_glyphs: frozenset[int] = frozenset()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 surrogate
    pairs, as the PDF specification requires (reportlab writes e.g. ``<1F600>``, which readers
    reject, so emoji could not be copied or searched)."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <%02X>" % (len(subset) - 1),
            "endcodespacerange",
            "%d beginbfchar" % len(subset),
        ]
        + ["<%02X> <%s>" % (i, utf16(code)) for i, code in enumerate(subset)]
        + ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    )


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def register_fonts() -> None:
    """Embed DejaVu Sans and the Symbola fallback (shipped in resources/fonts) once per
    process; only the glyphs a document uses end up in it."""
    global _registered, _main_glyphs, _symbol_glyphs
    if _registered:
        return
    folder = resources_dir() / "fonts"
    fonts = {}
    for name, filename in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
        (FONT_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"),
        (FONT_SYMBOLS, "Symbola.ttf"),
    ):
        fonts[name] = TTFont(name, str(folder / filename))
        pdfmetrics.registerFont(fonts[name])
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    _main_glyphs = frozenset(fonts[FONT].face.charToGlyph)
    _symbol_glyphs = frozenset(fonts[FONT_SYMBOLS].face.charToGlyph)
    _registered = True


def _needs_fallback(char: str) -> bool:
    code = ord(char)
    return code not in _main_glyphs and code in _symbol_glyphs


def escape(text: object) -> str:
    """User text → safe Paragraph markup: markup characters escaped, control characters (and
    lone surrogates) shown as U+FFFD, line breaks kept, French spacing kept together (a "»" or a
    ":" never starts a line alone), characters DejaVu Sans lacks (most
    emoji, many symbols) set in the Symbola fallback font."""
    register_fonts()
    value = "" if text is None else str(text)
    value = french_spacing(value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("\ufffd", value)
    parts: list[str] = []
    run: list[str] = []
    fallback = False
    for char in value:
        needs = _needs_fallback(char)
        if needs != fallback and run:
            parts.append(_wrap("".join(run), fallback))
            run = []
        fallback = needs
        run.append(char)
    if run:
        parts.append(_wrap("".join(run), fallback))
    result = "".join(parts).replace("\n", "<br/>")
    for mark in _HIGHLIGHTED.get():
        result = result.replace(mark, f'<span backColor="{HIGHLIGHT_COLOR}">{mark}</span>')
    return result


# Texts shown on a coloured background wherever user text contains them (the placeholders of a
# pseudonymised document): set for the building of one document by :func:`highlighting`.
_HIGHLIGHTED: ContextVar[tuple[str, ...]] = ContextVar("highlighted", default=())
HIGHLIGHT_COLOR = "#fde68a"


@contextmanager
def highlighting(marks: Iterable[str]) -> Iterator[None]:
    """While building a document, show *marks* in user text on a coloured background."""
    token = _HIGHLIGHTED.set(tuple(_xml_escape(m) for m in marks if m))
    try:
        yield
    finally:
        _HIGHLIGHTED.reset(token)


def _wrap(chunk: str, fallback: bool) -> str:
    escaped = _xml_escape(chunk)
    return f'<font name="{FONT_SYMBOLS}">{escaped}</font>' if fallback else escaped


class Styles(StyleSheet1):
    """The documents' style sheet; its entries are the ParagraphStyles added below."""

    def __getitem__(self, key: str) -> ParagraphStyle:
        return cast(ParagraphStyle, super().__getitem__(key))


def styles() -> Styles:
    register_fonts()
    sheet = Styles()
    sheet.add(ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5))
    sheet.add(ParagraphStyle("small", parent=sheet["body"], fontSize=8, leading=10))
    sheet.add(
        ParagraphStyle(
            "title", parent=sheet["body"], fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6
        )
    )
    sheet.add(
        ParagraphStyle(
            "h2",
            parent=sheet["body"],
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        )
    )
    sheet.add(
        ParagraphStyle(
            "h3",
            parent=sheet["body"],
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
        )
    )
    sheet.add(ParagraphStyle("cell", parent=sheet["body"], fontSize=8.5, leading=10.5))
    sheet.add(ParagraphStyle("cellbold", parent=sheet["cell"], fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("cellnote", parent=sheet["cell"], fontName=FONT_ITALIC))
    sheet.add(ParagraphStyle("center", parent=sheet["body"], alignment=TA_CENTER))
    return sheet


def has_rtl(text: str) -> bool:
    """Whether *text* holds right-to-left script (Hebrew, Arabic…)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


class BidiParagraph(Paragraph):
    """User text holding right-to-left script, laid out as the Unicode bidirectional algorithm
    says: broken into lines in typed (logical) order at the width it gets, then each line put
    in display order (mirrored brackets included), right-aligned when the text starts with a
    right-to-left word. The characters stay those typed; PDF readers give them back in typed
    order. (Arabic letters are not joined into their contextual forms.)"""

    def __init__(self, text, style, *args, **kwargs) -> None:
        # reportlab's split() calls ``cls(None, style, frags=…)``: those halves are laid out.
        self._raw = text
        self._laid_out_for: float | None = None
        super().__init__(
            escape(text) if text is not None else None,  # type: ignore[arg-type]
            style,
            *args,
            **kwargs,
        )

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab API
        if self._raw is not None and self._laid_out_for != availWidth:
            self._layout(availWidth)
        return super().wrap(availWidth, availHeight)

    def _layout(self, width: float) -> None:
        from bidi.algorithm import get_base_level, get_display
        from reportlab.lib.enums import TA_RIGHT
        from reportlab.lib.utils import simpleSplit

        raw, style = self._raw, self.style
        text = _CONTROL.sub("\ufffd", str(raw).replace("\r\n", "\n").replace("\r", "\n"))
        usable = max(width - style.leftIndent - style.rightIndent, 10)
        rtl = get_base_level(text) == 1
        lines: list[str] = []
        for logical in text.split("\n"):
            base = "R" if get_base_level(logical) == 1 else "L"
            for line in simpleSplit(logical, style.fontName, style.fontSize, usable) or [""]:
                lines.append(get_display(line, base_dir=base))
        if rtl:
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        Paragraph.__init__(self, "<br/>".join(escape(line) for line in lines), style)
        self._raw = raw
        self._laid_out_for = width


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing *text* exactly as typed."""
    if text is not None and has_rtl(str(text)):
        return BidiParagraph(str(text), style)
    return Paragraph(escape(text), style)


GRID_COLOR = colors.HexColor("#9a9996")
HEADER_BACKGROUND = colors.HexColor("#e8eef7")


def table(
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    *,
    header: bool = True,
    row_heights: Sequence[float | None] | None = None,
    extra_style: Sequence[tuple] = (),
) -> Table:
    """A grid of Paragraphs that splits across pages (even inside a tall row) and repeats its
    header row on every page. Cells are flowables (use :func:`para`), lists of flowables (set
    one under the other) or plain strings, which are escaped like user text. *row_heights*: None (automatic) or a fixed height per row, e.g.
    for blank rows to write in."""
    sheet = styles()
    cells = [
        [
            cell
            if isinstance(cell, (Flowable, list))
            else para(cell, sheet["cellbold" if header and r == 0 else "cell"])
            for cell in row
        ]
        for r, row in enumerate(rows)
    ]
    grid = Table(
        cells,
        colWidths=list(col_widths),
        rowHeights=list(row_heights) if row_heights is not None else None,
        repeatRows=1 if header else 0,
        splitByRow=1,
        splitInRow=1,
        hAlign="LEFT",
    )
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND))
    grid.setStyle(TableStyle(commands + list(extra_style)))
    return grid


class NumberedCanvas(rl_canvas.Canvas):
    """Defers page output so every page can print "n / N" and a footer line."""

    footer_text = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab internals, not in its stubs

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        """The footer (one or more lines, bottom up from 8 mm) and "n / N" on the right."""
        width, _height = self._pagesize  # type: ignore[attr-defined]
        self.saveState()
        self.setFont(FONT, FOOTER_SIZE)
        self.setFillColor(colors.HexColor("#555555"))
        lines = self.footer_text.split("\n") if self.footer_text else []
        for index, line in enumerate(reversed(lines)):
            self.drawString(15 * mm, 8 * mm + index * 3.3 * mm, line)
        self.drawRightString(width - 15 * mm, 8 * mm, f"{self._pageNumber} / {total}")  # type: ignore[attr-defined]
        self.restoreState()


FOOTER_SIZE = 7.5


def wrap_footer(footer: str, width: float) -> str:
    """*footer* broken into lines that fit *width* at the footer's size."""
    from reportlab.lib.utils import simpleSplit

    lines: list[str] = []
    for line in footer.split("\n") if footer else []:
        lines += simpleSplit(line, FONT, FOOTER_SIZE, width) or [""]
    return "\n".join(lines)


def build_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    footer: str = "",
    pagesize=A4,
    on_page: Callable | None = None,
) -> bytes:
    """Lay out *story* on A4 pages numbered "n / N" with *footer* (lines separated by "\\n");
    return the PDF bytes. *title* goes into the document metadata: keep patient identities out
    of it."""
    register_fonts()
    footer = wrap_footer(footer, pagesize[0] - 30 * mm - 20 * mm)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=max(18 * mm, (12 + 3.3 * footer.count("\n")) * mm),
        title=title,
        author="rcp-desktop",
        creator="rcp-desktop",
    )

    class FooterCanvas(NumberedCanvas):
        footer_text = footer

    hooks = {"onFirstPage": on_page, "onLaterPages": on_page} if on_page else {}
    doc.build(list(story), canvasmaker=FooterCanvas, **hooks)
    return buffer.getvalue()
