"""Demo attachments: a few small fictional documents per case — a coordination note (text), a
follow-up chart (PNG, drawn with Pillow), a letter (PDF, reportlab); the most presented case
gets all three. Drawn from the run's ``extra_rng`` only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from sqlalchemy.orm import Session

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.models import Attachment, CaseFile
from rcp_desktop.services.demo.data import LETTER_LINES, NOTE_LINES
from rcp_desktop.services.demo.state import DemoRun

Document = tuple[str, str, bytes, str]  # filename, MIME type, content, description


def make_attachments(
    run: DemoRun, session: Session, cases: list[CaseFile], days: dict[int, list[dt.date]]
) -> None:
    """*days*: each case's presentation days; a document is dated shortly after the first."""
    rng = run.extra_rng
    makers: list[Callable[[DemoRun, CaseFile, dt.date], Document]] = [
        note_document,
        chart_document,
        letter_document,
    ]
    showcase = max(cases, key=lambda c: (len(days.get(c.id, [])), -c.id)) if cases else None
    for case in cases:
        if case is showcase:
            chosen = makers
        else:
            roll = rng.random()
            chosen = (
                [makers[0]]
                if roll < 0.04
                else [makers[1]]
                if roll < 0.07
                else [makers[2]]
                if roll < 0.10
                else []
            )
        for make in chosen:
            when = days.get(case.id, [case.opened_on])[0]
            when = min(when + dt.timedelta(days=rng.randint(0, 6)), run.today)
            filename, mime, content, description = make(run, case, when)
            run.add(
                session,
                Attachment(
                    case_id=case.id,
                    filename=filename,
                    mime_type=mime,
                    description=description,
                    size=len(content),
                    content=content,
                    added_at=dt.datetime.combine(when, dt.time(10, 30)),
                    added_by=run.operator,
                ),
            )
            run.report.attachments += 1


def note_document(run: DemoRun, case: CaseFile, when: dt.date) -> Document:
    text = (
        f"Note de coordination — {fr_date(when)}\n"
        f"Dossier {case.number} (données fictives de démonstration)\n\n"
        f"Appel de l'infirmière du secteur : {run.extra_rng.choice(NOTE_LINES)}\n"
        f"À évoquer à la prochaine RCP : {case.question}\n"
    )
    return (
        f"note-coordination-{when.isoformat()}.txt",
        "text/plain",
        text.encode("utf-8"),
        "Note téléphonique",
    )


def chart_document(run: DemoRun, case: CaseFile, when: dt.date) -> Document:
    values = [run.extra_rng.randint(30, 70) for _ in range(8)]
    return "courbe-de-suivi.png", "image/png", chart_png(values), "Courbe de suivi (schéma)"


def letter_document(run: DemoRun, case: CaseFile, when: dt.date) -> Document:
    # Imported on use (here and in chart_png): importing the demo stays cheap.
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle("Courrier (démonstration)")
    y = 780
    for line in (
        "Courrier de liaison au médecin traitant et à la RCP",
        f"Le {fr_date(when)} — dossier {case.number}",
        "",
        "Cher confrère,",
        run.extra_rng.choice(LETTER_LINES),
        "Je reste à votre disposition pour en discuter en RCP.",
        "",
        "Document fictif généré pour la démonstration.",
    ):
        pdf.drawString(72, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return (
        "courrier-de-liaison.pdf",
        "application/pdf",
        buffer.getvalue(),
        "Courrier de liaison",
    )


def chart_png(values: list[int], width: int = 160, height: int = 100) -> bytes:
    """A tiny line chart: white, grey axes, a blue line through *values* (0 at the x axis,
    one pixel per unit)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    grey, blue = (120, 120, 120), (26, 95, 180)
    draw.line([(10, height - 10), (width - 6, height - 10)], fill=grey)
    draw.line([(10, 5), (10, height - 10)], fill=grey)
    step = (width - 20) / max(len(values) - 1, 1)
    points = [(10 + round(i * step), height - 10 - v) for i, v in enumerate(values)]
    draw.line(points, fill=blue, width=2, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
