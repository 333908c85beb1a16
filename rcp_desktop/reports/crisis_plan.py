"""A crisis-anticipation plan printed from the case: who it is for, which version, every field
of the plan in reading order, and the people to call in order with their phone numbers (never
split across lines). For the care team, the patient and the trusted person."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from rcp_desktop.domain.dates import fr_date, fr_datetime
from rcp_desktop.domain.text import unbreakable
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import (
    born_text,
    confidential_footer,
    key_values,
    letterhead,
    patient_name,
)
from rcp_desktop.reports.pdf_base import build_pdf, para, styles, table
from rcp_desktop.services.documents import CrisisPlanData


def metadata_title(data: CrisisPlanData) -> str:
    """The PDF's title: the version and its date, never the patient."""
    return tr(_N("core", "Plan de crise — version {n} du {date}")).format(
        n=data.version, date=fr_date(data.drawn_up_on)
    )


def build_crisis_plan(data: CrisisPlanData) -> bytes:
    sheet = styles()
    story: list[Flowable] = letterhead(
        data.letterhead,
        tr(_N("core", "Plan de crise conjoint")),
        tr(_N("core", "Version {n} du {date}")).format(
            n=data.version, date=fr_date(data.drawn_up_on)
        ),
    )
    ident = data.identity
    rows = [
        (tr(_N("core", "Patient")), patient_name(ident)),
        (tr(_N("core", "Naissance")), born_text(ident) if ident.birth_date else "—"),
        (
            tr(_N("core", "Dossier")),
            tr(_N("core", "n° {number} — {pathway}")).format(
                number=data.case_number, pathway=data.pathway
            ),
        ),
        (
            tr(_N("core", "Revu en séance")),
            fr_date(data.reviewed_on) if data.reviewed_on else tr(_N("core", "non")),
        ),
        (tr(_N("core", "Prochaine révision")), fr_date(data.next_review_on) or "—"),
    ]
    story += key_values(rows)

    for name, text in data.texts:
        story.append(para(name, sheet["h2"]))
        story.append(para(text or tr(_N("core", "Non renseigné.")), sheet["body"]))

    story.append(para(tr(_N("core", "Personnes à appeler, dans l'ordre")), sheet["h2"]))
    if data.contacts:
        grid: list[list[object]] = [
            [
                "#",
                tr(_N("core", "Qui")),
                tr(_N("core", "Téléphone")),
                tr(_N("core", "Quand appeler")),
            ]
        ]
        for contact in data.contacts:
            who = contact.who
            details = " — ".join(filter(None, [contact.role, contact.kind]))
            grid.append(
                [
                    f"{contact.position}.",
                    f"{who}\n{details}" if details else who,
                    unbreakable(contact.phone) or "—",
                    contact.when_to_call or "—",
                ]
            )
        story.append(table(grid, [8 * mm, 62 * mm, 32 * mm, 78 * mm]))
    else:
        story.append(para(tr(_N("core", "Aucun contact.")), sheet["small"]))
    story.append(Spacer(1, 6 * mm))
    story.append(
        para(
            tr(_N("core", "Document établi le {when} avec rcp-desktop.")).format(
                when=fr_datetime(data.generated_at)
            ),
            sheet["small"],
        )
    )
    return build_pdf(
        story, title=metadata_title(data), footer=confidential_footer(data.letterhead.cpts_name)
    )
