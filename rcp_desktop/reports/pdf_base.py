"""What every PDF shares: the embedded Unicode font, paragraph styles, user text kept as text,
pages numbered "n / N".

reportlab's Paragraph parses a small markup language; anything a user typed goes through
:func:`para` (or :func:`escape`) so that ``<b>O'Brien & Fils</b>`` prints exactly as typed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from rcp_desktop.paths import resources_dir

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_registered = False


def register_fonts() -> None:
    """Embed DejaVu Sans (shipped in resources/fonts) once per process."""
    global _registered
    if _registered:
        return
    folder = resources_dir() / "fonts"
    for name, filename in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
        (FONT_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    _registered = True


def escape(text: object) -> str:
    """User text → safe Paragraph markup: markup characters escaped, control characters shown
    as U+FFFD, line breaks kept."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("\ufffd", value)
    return _xml_escape(value).replace("\n", "<br/>")


def styles() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5))
    sheet.add(ParagraphStyle("small", parent=sheet["body"], fontSize=8, leading=10))
    sheet.add(ParagraphStyle("title", parent=sheet["body"], fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6))
    sheet.add(ParagraphStyle("h2", parent=sheet["body"], fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4))
    sheet.add(ParagraphStyle("h3", parent=sheet["body"], fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2))
    sheet.add(ParagraphStyle("cell", parent=sheet["body"], fontSize=8.5, leading=10.5))
    sheet.add(ParagraphStyle("cellbold", parent=sheet["cell"], fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("center", parent=sheet["body"], alignment=TA_CENTER))
    return sheet


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing *text* exactly as typed."""
    return Paragraph(escape(text), style)


class NumberedCanvas(rl_canvas.Canvas):
    """Defers page output so every page can print "n / N" and a footer line."""

    footer_text = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.HexColor("#555555"))
        if self.footer_text:
            self.drawString(15 * mm, 10 * mm, self.footer_text)
        self.drawRightString(width - 15 * mm, 10 * mm, f"{self._pageNumber} / {total}")
        self.restoreState()


def build_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    footer: str = "",
    pagesize=A4,
    on_page: Callable | None = None,
) -> bytes:
    """Lay out *story* on A4 pages numbered "n / N" with *footer*; return the PDF bytes.
    *title* goes into the document metadata: keep patient identities out of it."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="rcp-desktop",
        creator="rcp-desktop",
    )
    canvas_class = type("FooterCanvas", (NumberedCanvas,), {"footer_text": footer})
    hooks = {"onFirstPage": on_page, "onLaterPages": on_page} if on_page else {}
    doc.build(list(story), canvasmaker=canvas_class, **hooks)
    return buffer.getvalue()
