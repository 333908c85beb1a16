"""PDF/A-2b (archival) from the PDFs reportlab lays out, with pikepdf.

reportlab writes neither the XMP metadata that identifies a PDF/A file nor an output intent, and
every page of its PDFs selects the standard Helvetica (``BT /F1 12 Tf … ET``, nothing drawn with
it) without embedding it. :func:`to_pdfa` adds the XMP packet (``pdfaid:part`` 2,
``pdfaid:conformance`` B, title and dates as in the document information), an sRGB output intent
(the ICC profile littleCMS makes, through Pillow), and points that unused Helvetica at a font the
document embeds, so that every font a page names is embedded. :func:`pdfa_problems` lists what
still breaks those rules in a file (the tests run it on every PDF/A the application makes).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TypeVar

import pikepdf
from pikepdf import Name

PDFA_PART = "2"
PDFA_CONFORMANCE = "B"
SRGB = "sRGB IEC61966-2.1"
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
D = TypeVar("D")


def srgb_profile() -> bytes:
    from PIL import ImageCms  # Pillow's littleCMS binding (reportlab depends on Pillow)

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _embedded(font: pikepdf.Object) -> bool:
    """Whether *font* (a font dictionary) carries its font program."""
    if font.get("/Subtype") == Name.Type0:
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or not len(descendants):
            return False
        return all(_embedded(d) for d in descendants)
    if font.get("/Subtype") == Name.Type3:
        return True  # glyphs drawn by content streams
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in _FONT_FILES)


def _fonts(pdf: pikepdf.Pdf):
    for number, page in enumerate(pdf.pages, 1):
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for name, font in fonts.items():
            yield number, name, font


def _embed_unused_base_fonts(pdf: pikepdf.Pdf) -> None:
    """Point each page's non-embedded font entry at an embedded font of the document (the
    only such entry reportlab writes is the Helvetica no text is drawn with)."""
    donor = next((font for _n, _name, font in _fonts(pdf) if _embedded(font)), None)
    if donor is None:
        return
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for name in list(fonts.keys()):
            if not _embedded(fonts[name]):
                fonts[name] = donor


def to_pdfa(content: bytes) -> bytes:
    """*content* (a reportlab PDF) as PDF/A-2b."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        _embed_unused_base_fonts(pdf)
        if "/Trapped" in pdf.docinfo:  # no XMP twin: PDF/A wants the two to agree
            del pdf.docinfo["/Trapped"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = PDFA_PART
            meta["pdfaid:conformance"] = PDFA_CONFORMANCE
        profile = pikepdf.Stream(pdf, srgb_profile())
        profile["/N"] = 3
        intent = pikepdf.Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFA1,
            OutputConditionIdentifier=SRGB,
            Info=SRGB,
            DestOutputProfile=profile,
        )
        pdf.Root["/OutputIntents"] = pikepdf.Array([intent])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def pdfa_problems(content: bytes) -> list[str]:
    """What breaks the PDF/A-2b rules this module handles (empty: none found): the XMP
    identification, the output intent, fonts embedded, no encryption, a file identifier,
    XMP title equal to the document information's, no JavaScript, no embedded files."""
    problems: list[str] = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        if "/ID" not in pdf.trailer:
            problems.append("no file identifier")
        if "/Metadata" not in pdf.Root:
            problems.append("no XMP metadata")
        else:
            meta = pdf.open_metadata()
            if meta.get("pdfaid:part") != PDFA_PART:
                problems.append(f"pdfaid:part {meta.get('pdfaid:part')!r}")
            if meta.get("pdfaid:conformance") != PDFA_CONFORMANCE:
                problems.append(f"pdfaid:conformance {meta.get('pdfaid:conformance')!r}")
            title = str(pdf.docinfo.get("/Title", ""))
            if title and meta.get("dc:title") != title:
                problems.append("XMP title differs from the document information")
        intents = pdf.Root.get("/OutputIntents")
        if not intents or not any(
            i.get("/S") == Name.GTS_PDFA1 and "/DestOutputProfile" in i for i in intents
        ):
            problems.append("no PDF/A output intent with an ICC profile")
        for number, name, font in _fonts(pdf):
            if not _embedded(font):
                problems.append(f"page {number}: font {name} not embedded")
        names = pdf.Root.get("/Names")
        if names is not None and ("/JavaScript" in names or "/EmbeddedFiles" in names):
            problems.append("JavaScript or embedded files")
        if "/OpenAction" in pdf.Root or "/AA" in pdf.Root:
            problems.append("actions")
        problems += [f"qpdf: {p}" for p in pdf.check_pdf_syntax()]
    return problems


def archival(build: Callable[[D], bytes]) -> Callable[[D], bytes]:
    """*build* (a reportlab document builder) making PDF/A-2b."""

    def build_pdfa(data: D) -> bytes:
        return to_pdfa(build(data))

    return build_pdfa
