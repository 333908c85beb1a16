"""Pieces the session documents share: the letterhead (CPTS name and logo), the
session block, the confidentiality footer."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any, TypeVar

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from rcp_desktop.domain.dates import fr_date, fr_long_date, fr_time
from rcp_desktop.domain.text import normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.models import Sex
from rcp_desktop.models.enums import born_on
from rcp_desktop.reports.pdf_base import FONT_BOLD, escape, highlighting, para, styles
from rcp_desktop.services.documents import Identity, Letterhead, MeetingInfo, Person
from rcp_desktop.services.pseudonymise import placeholders

D = TypeVar("D")

CONTENT_WIDTH = 180 * mm  # A4 minus the 15 mm margins


def marks_what_was_masked(build: Callable[[D], bytes]) -> Callable[[D], bytes]:
    """A document builder that, for pseudonymised data (data carrying a review), shows every
    placeholder ("[nom]", "[téléphone]"…) on a coloured background: what was masked stands out
    in the preview and on paper."""

    @functools.wraps(build)
    def wrapper(data: D) -> bytes:
        review: Any = getattr(data, "review", None)
        with highlighting(placeholders() if review is not None else ()):
            return build(data)

    return wrapper


def confidential_footer(cpts_name: str) -> str:
    return tr(
        _N(
            "core",
            "{cpts} — document confidentiel : informations couvertes par le secret professionnel, "
            "partagées au sein de l'équipe de soins (art. L1110-4 du code de la santé publique). "
            "Ne pas diffuser hors de cette équipe.",
        )
    ).format(cpts=cpts_name)


def logo_flowable(data: bytes | None, max_width: float = 38 * mm, max_height: float = 20 * mm):
    """The logo scaled into the box, or None if there is none or it cannot be read."""
    if not data:
        return None
    try:
        from reportlab.lib.utils import ImageReader

        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # an unreadable logo must not prevent the document
        return None
    scale = min(max_width / width, max_height / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def letterhead(head: Letterhead, title: str, subtitle: str = "") -> list[Flowable]:
    """The CPTS (logo and name) on the left, the document's title and subtitle on the right."""
    sheet = styles()
    left: list[Flowable] = []
    logo = logo_flowable(head.logo)
    if logo is not None:
        left.append(logo)
        left.append(Spacer(1, 1 * mm))
    left.append(para(head.cpts_name, sheet["cellbold"]))
    right: list[Flowable] = [Paragraph(escape(title), sheet["title"])]
    if subtitle:
        right.append(para(subtitle, sheet["h3"]))
    grid = Table([[left, right]], colWidths=[50 * mm, CONTENT_WIDTH - 50 * mm], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.HexColor("#1a5fb4")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [grid, Spacer(1, 3 * mm)]


def patient_name(ident: Identity) -> str:
    """A patient as identity vigilance names them: the birth name (the reference trait) and
    the first names, then the used name when it differs; a pseudonym as it is."""
    if ident.pseudonymised or not ident.birth_name:
        return ident.label
    name = f"{ident.birth_name.upper()} {ident.first_names}"
    if ident.used_name and normalise_key(ident.used_name) != normalise_key(ident.birth_name):
        name += tr(_N("core", " (nom d'usage : {name})")).format(name=ident.used_name.upper())
    return name


def born_text(ident: Identity) -> str:
    """ "née le 04/05/1970 (55 ans)": the participle agrees with the sex."""
    sex = Sex(ident.sex_code) if ident.sex_code else None
    text = born_on(sex, fr_date(ident.birth_date))
    if ident.age is not None:
        text += tr(_N("core", " ({age} ans)")).format(age=ident.age)
    return text


def person_text(person: Person | None, *, with_profession: bool = True) -> str:
    if person is None:
        return "—"
    return f"{person.name} ({person.qualification})" if with_profession else person.name


LONG_VALUE_CHARS = 900
LONG_VALUE_LINES = 10


def _is_long(text: str) -> bool:
    return len(text) > LONG_VALUE_CHARS or text.count("\n") > LONG_VALUE_LINES


def key_values(rows: list[tuple[str, str]], label_width: float = 42 * mm) -> list[Flowable]:
    """'label : value' lines without grid (values are user text). Short values sit in a
    two-column table; a long value (it may run over pages) becomes a label line followed by the
    text indented under the values' column, free to split anywhere."""
    sheet = styles()
    indented = ParagraphStyle("kv-long", parent=sheet["cell"], leftIndent=label_width)
    flowables: list[Flowable] = []
    run: list[list[Flowable]] = []

    def flush() -> None:
        if not run:
            return
        grid = Table(list(run), colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
        grid.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        flowables.append(grid)
        run.clear()

    for key, value in rows:
        if _is_long(value):
            flush()
            flowables.append(para(key, sheet["cellbold"]))
            flowables.append(para(value, indented))
            flowables.append(Spacer(1, 1 * mm))
        else:
            run.append([para(key, sheet["cellbold"]), para(value, sheet["cell"])])
    flush()
    return flowables


def meeting_when(meeting: MeetingInfo) -> str:
    """The day and the hours: the real ones once the session has begun (and the planned start
    if it differs), the planned ones before."""
    day = fr_long_date(meeting.held_on)
    start, end = meeting.actual_start, meeting.actual_end
    if start is None:
        return tr(_N("core", "{date}, de {start} à {end}")).format(
            date=day, start=fr_time(meeting.start_time), end=fr_time(meeting.ends_at)
        )
    if end is None:
        text = tr(_N("core", "{date}, séance ouverte à {start}")).format(
            date=day, start=fr_time(start)
        )
    else:
        text = tr(_N("core", "{date}, de {start} à {end}")).format(
            date=day, start=fr_time(start), end=fr_time(end)
        )
    if start != meeting.start_time:
        text += tr(_N("core", " (prévue à {time})")).format(time=fr_time(meeting.start_time))
    return text


def meeting_rows(meeting: MeetingInfo) -> list[tuple[str, str]]:
    """Date and hours (:func:`meeting_when`), place, link, pathway, animateur."""
    rows = [(tr(_N("core", "Date")), meeting_when(meeting))]
    if meeting.place:
        rows.append((tr(_N("core", "Lieu")), meeting.place))
    if meeting.video_link:
        rows.append((tr(_N("core", "Visioconférence")), meeting.video_link))
    if not meeting.place and not meeting.video_link:
        rows.append((tr(_N("core", "Lieu")), "—"))
    if meeting.pathway:
        rows.append((tr(_N("core", "Parcours")), meeting.pathway))
    if meeting.theme:
        rows.append((tr(_N("core", "Thème")), meeting.theme))
    rows.append((tr(_N("core", "Animateur / référent")), person_text(meeting.animator)))
    return rows


def quorum_text(meeting: MeetingInfo) -> str:
    if meeting.quorum_met is None:
        return tr(_N("core", "Quorum : {n} professions différentes présentes requises.")).format(
            n=meeting.quorum_required
        )
    state = tr(_N("core", "atteint")) if meeting.quorum_met else tr(_N("core", "non atteint"))
    return tr(
        _N(
            "core",
            "Quorum {state} : {present} profession(s) différente(s) présente(s) pour {required} requises.",
        )
    ).format(state=state, present=meeting.professions_present, required=meeting.quorum_required)


def watermark(text: str):
    """An on_page hook printing *text* diagonally in light grey (draft documents)."""

    def draw(canvas, doc) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 60)
        canvas.setFillColor(colors.Color(0.85, 0.85, 0.85, alpha=0.45))
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, 0, text)
        canvas.restoreState()

    return draw
