"""Before the session: the agenda / convocation, and the attendance sheet (feuille
d'émargement) signed on paper. Cases appear by their pseudonym only: these sheets circulate
before the meeting and lie on the table during it."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from rcp_desktop.domain.dates import fr_date, fr_datetime, fr_long_date, fr_time
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import (
    confidential_footer,
    key_values,
    letterhead,
    marks_what_was_masked,
    meeting_rows,
)
from rcp_desktop.reports.pdf_base import build_pdf, para, styles, table
from rcp_desktop.services.documents import AgendaData, Participant

BLANK_ATTENDANCE_ROWS = 8
BLANK_ROWS_AFTER_ROLL_CALL = 2  # for someone who came without being invited
SIGNATURE_ROW_HEIGHT = 12 * mm


def _subtitle(data: AgendaData) -> str:
    s = data.meeting
    text = tr(_N("core", "RCP du {date}")).format(date=fr_long_date(s.held_on))
    return f"{text} — {s.title}" if s.title else text


def agenda_title(data: AgendaData) -> str:
    return tr(_N("core", "Ordre du jour de la séance RCP du {date}")).format(
        date=fr_date(data.meeting.held_on)
    )


def attendance_title(data: AgendaData) -> str:
    return tr(_N("core", "Feuille d'émargement de la séance RCP du {date}")).format(
        date=fr_date(data.meeting.held_on)
    )


@marks_what_was_masked
def build_agenda(data: AgendaData) -> bytes:
    """The convocation: when, where, the ordered list of cases (labels) with their
    presenter and time slot, and who is invited."""
    sheet = styles()
    s = data.meeting
    story: list[Flowable] = letterhead(
        data.letterhead, tr(_N("core", "Convocation — ordre du jour")), _subtitle(data)
    )
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "Vous êtes invité(e) à la réunion de concertation pluriprofessionnelle "
                    "ci-dessous. Merci de signaler votre présence (sur place ou à distance) ou "
                    "votre absence à l'animateur.",
                )
            ),
            sheet["body"],
        )
    )
    story.append(Spacer(1, 2 * mm))
    rows = meeting_rows(s)
    rows.append(
        (tr(_N("core", "Durée prévue")), tr(_N("core", "{n} min")).format(n=s.duration_minutes))
    )
    story += key_values(rows)

    story.append(para(tr(_N("core", "Ordre du jour")), sheet["h2"]))
    if data.items:
        grid: list[list[object]] = [
            [
                "#",
                tr(_N("core", "Heure")),
                tr(_N("core", "Situation")),
                tr(_N("core", "Question posée")),
                tr(_N("core", "Présenté par")),
                tr(_N("core", "Durée")),
            ]
        ]
        clock = dt.datetime.combine(s.held_on, s.start_time)
        for item in data.items:
            grid.append(
                [
                    str(item.position),
                    fr_time(clock.time()),
                    f"{item.identity.label}\n{item.kind} — {item.pathway}",
                    item.question or "—",
                    item.presenter.name if item.presenter else "—",
                    tr(_N("core", "{n} min")).format(n=item.planned_minutes),
                ]
            )
            clock += dt.timedelta(minutes=item.planned_minutes)
        story.append(table(grid, [8 * mm, 16 * mm, 42 * mm, 66 * mm, 32 * mm, 16 * mm]))
        story.append(Spacer(1, 1.5 * mm))
        story.append(
            para(
                tr(
                    _N(
                        "core",
                        "Les situations sont désignées par une lettre propre à cette séance "
                        "(Situation A, B…) ; l'identité des patients est communiquée en séance "
                        "aux seuls participants.",
                    )
                ),
                sheet["small"],
            )
        )
    else:
        story.append(para(tr(_N("core", "Ordre du jour à compléter.")), sheet["small"]))

    story.append(CondPageBreak(30 * mm))
    story.append(para(tr(_N("core", "Participants invités")), sheet["h2"]))
    if data.invited:
        grid = [
            [tr(_N("core", "Nom")), tr(_N("core", "Qualification")), tr(_N("core", "Structure"))]
        ]
        for p in data.invited:
            grid.append([p.person.name, p.person.qualification, p.person.structure])
        story.append(table(grid, [55 * mm, 70 * mm, 55 * mm]))
    else:
        story.append(
            para(tr(_N("core", "Aucun participant invité pour l'instant.")), sheet["small"])
        )
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            tr(_N("core", "Document établi le {when} avec rcp-desktop.")).format(
                when=fr_datetime(data.generated_at)
            ),
            sheet["small"],
        )
    )
    return build_pdf(
        story, title=agenda_title(data), footer=confidential_footer(data.letterhead.cpts_name)
    )


def roll_called(data: AgendaData) -> bool:
    """Whether the roll call was made (someone marked present, excused or absent)."""
    return any(p.present or p.excused or p.absent for p in data.attendees or data.invited)


def sheet_lines(data: AgendaData) -> tuple[Participant, ...]:
    """The invited, then, once the roll call is made, those present without an invitation."""
    if not roll_called(data):
        return data.invited
    walk_ins = tuple(p for p in data.attendees if p.present and not p.invited)
    return data.invited + walk_ins


def presence_cell(p: Participant, blank_mode: str) -> str:
    """What the sheet says of a participant: boxes to tick before the roll call, then who came
    (on site or remote), who was excused, who was absent."""
    ticked = "\u2612"
    if p.present:
        if p.remote:
            return tr(_N("core", "{box} à distance")).format(box=ticked)
        return tr(_N("core", "{box} sur place")).format(box=ticked)
    if p.excused or p.absent:
        return p.presence
    return blank_mode


@marks_what_was_masked
def build_attendance_sheet(data: AgendaData) -> bytes:
    """One line per invited participant, then blank lines; a signature column. Once the roll
    call is made, the sheet shows who was present (on site or remote), at what time they
    arrived, who was excused or absent, and the professions present; the signature column
    stays for the signatures."""
    sheet = styles()
    s = data.meeting
    story: list[Flowable] = letterhead(
        data.letterhead, tr(_N("core", "Feuille d'émargement")), _subtitle(data)
    )
    story += key_values(meeting_rows(s))
    story.append(Spacer(1, 3 * mm))
    called = roll_called(data)
    box = "\u2610"
    mode = tr(_N("core", "{box} sur place\n{box} à distance")).format(box=box)
    grid: list[list[object]] = [
        [
            tr(_N("core", "Nom et prénom")),
            tr(_N("core", "Profession")),
            tr(_N("core", "Structure")),
            tr(_N("core", "Présence")),
            tr(_N("core", "Arrivée")),
            tr(_N("core", "Signature")),
        ]
    ]
    # The signature cell holds a spacer: rows are at least that tall, taller if a name wraps.
    lines = sheet_lines(data)
    for p in lines:
        grid.append(
            [
                p.person.name,
                p.person.qualification,
                p.person.structure,
                presence_cell(p, mode) if called else mode,
                fr_time(p.arrived_at) if called and p.present else "",
                Spacer(1, SIGNATURE_ROW_HEIGHT),
            ]
        )
    for _ in range(BLANK_ROWS_AFTER_ROLL_CALL if called else BLANK_ATTENDANCE_ROWS):
        grid.append(["", "", "", mode, "", Spacer(1, SIGNATURE_ROW_HEIGHT)])
    story.append(table(grid, [38 * mm, 34 * mm, 30 * mm, 24 * mm, 17 * mm, 37 * mm]))
    story.append(Spacer(1, 5 * mm))
    if called:
        present = sum(1 for p in lines if p.present)
        count = tr(
            _N(
                "core",
                "Présents : {present} ; professions différentes présentes : {n} (quorum : {needed}).",
            )
        ).format(present=present, n=s.professions_present, needed=s.quorum_required)
    else:
        count = tr(
            _N(
                "core",
                "Nombre de professions différentes présentes : ______ (quorum : {n}).",
            )
        ).format(n=s.quorum_required)
    story.append(para(count, sheet["body"]))
    story.append(Spacer(1, 3 * mm))
    story.append(
        para(
            tr(_N("core", "L'animateur ({name}) — signature : ________________________")).format(
                name=s.animator.name if s.animator else "—"
            ),
            sheet["body"],
        )
    )
    footer = tr(
        _N(
            "core",
            "{cpts} — feuille d'émargement de la séance du {date}, justificatif à conserver (ACI).",
        )
    ).format(cpts=data.letterhead.cpts_name, date=fr_date(s.held_on))
    return build_pdf(story, title=attendance_title(data), footer=footer)
