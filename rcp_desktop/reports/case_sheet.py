"""The fiche RCP: one patient at one session, for the médecin traitant and the patient's record.

Carries what the HAS expects of an RCP record: date, question asked, the proposal, the names and
qualifications of the participants, the référent, what was decided, and room to note what was
actually done (and why, if it differs from the proposal).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from rcp_desktop.domain.dates import fr_date, fr_datetime, fr_long_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import (
    confidential_footer,
    key_values,
    letterhead,
    meeting_rows,
    person_text,
    quorum_text,
)
from rcp_desktop.reports.minutes import decisions_table, synthesis_rows
from rcp_desktop.reports.pdf_base import build_pdf, para, styles, table
from rcp_desktop.services.documents import CaseSheetData

BLANK_FOLLOW_UP_ROWS = 4


def metadata_title(data: CaseSheetData) -> str:
    """The PDF's title: the session's date only, never the patient."""
    return tr(_N("core", "Fiche RCP — séance du {date}")).format(date=fr_date(data.meeting.held_on))


def patient_rows(data: CaseSheetData) -> list[tuple[str, str]]:
    case = data.case
    ident = case.identity
    rows = [
        (tr(_N("core", "Nom de naissance")), ident.birth_name.upper()),
        (tr(_N("core", "Prénom(s)")), ident.first_names),
    ]
    if ident.used_name and ident.used_name.casefold() != ident.birth_name.casefold():
        rows.append((tr(_N("core", "Nom d'usage")), ident.used_name.upper()))
    rows.append(
        (
            tr(_N("core", "Date de naissance")),
            tr(_N("core", "{date} ({age} ans le jour de la séance)")).format(
                date=fr_date(ident.birth_date), age=ident.age
            ),
        )
    )
    rows.append((tr(_N("core", "Sexe")), ident.sex))
    place = (
        tr(_N("core", "{code} (code INSEE)")).format(code=ident.birth_place)
        if ident.birth_place
        else "—"
    )
    rows.append((tr(_N("core", "Lieu de naissance")), place))
    if ident.nir:
        rows.append((tr(_N("core", "Matricule INS (NIR)")), ident.nir))
    rows.append(
        (
            tr(_N("core", "Identité")),
            tr(_N("core", "vérifiée")) if ident.identity_checked else tr(_N("core", "provisoire")),
        )
    )
    if ident.commune:
        rows.append((tr(_N("core", "Commune")), ident.commune))
    rows.append((tr(_N("core", "Médecin traitant")), ident.gp or "—"))
    rows.append(
        (
            tr(_N("core", "Dossier")),
            tr(_N("core", "n° {number} — {pathway}")).format(
                number=case.case_number, pathway=case.pathway
            ),
        )
    )
    rows.append((tr(_N("core", "Adressé par")), person_text(case.referrer)))
    rows.append((tr(_N("core", "Présenté par")), person_text(case.presenter)))
    return rows


def follow_up_table(data: CaseSheetData) -> Flowable:
    """What was decided, with what is known of its realisation, and blank lines to fill in."""
    rows: list[list[object]] = [
        [
            tr(_N("core", "Action décidée")),
            tr(_N("core", "Réalisé le / état")),
            tr(_N("core", "Ce qui a été fait (écarts à la proposition et leurs raisons)")),
        ]
    ]
    for d in data.case.decisions:
        state = d.status
        if d.completed_on:
            state = f"{fr_date(d.completed_on)} — {d.status.lower()}"
        notes = [d.completion_note] if d.completion_note else []
        if d.differs_from_proposal and d.difference_reason:
            notes.append(
                tr(_N("core", "Diffère de la proposition : {reason}")).format(
                    reason=d.difference_reason
                )
            )
        rows.append([d.description, state, "\n".join(notes)])
    rows += [["", "", Spacer(1, 9 * mm)] for _ in range(BLANK_FOLLOW_UP_ROWS)]
    return table(rows, [70 * mm, 32 * mm, 78 * mm])


def build_case_sheet(data: CaseSheetData) -> bytes:
    sheet = styles()
    s = data.meeting
    case = data.case
    story: list[Flowable] = letterhead(
        data.letterhead,
        tr(_N("core", "Fiche RCP")),
        tr(_N("core", "Réunion de concertation pluriprofessionnelle du {date}")).format(
            date=fr_long_date(s.held_on)
        ),
    )
    gp = case.identity.gp or tr(_N("core", "non renseigné"))
    story.append(
        para(
            tr(_N("core", "Destinataires : médecin traitant — {gp} ; dossier du patient.")).format(
                gp=gp
            ),
            sheet["small"],
        )
    )
    if not s.validated:
        story.append(
            para(
                tr(
                    _N("core", "Compte rendu de la séance non encore validé (statut : {status}).")
                ).format(status=s.status.lower()),
                sheet["small"],
            )
        )

    story.append(para(tr(_N("core", "Patient")), sheet["h2"]))
    story += key_values(patient_rows(data))

    story.append(para(tr(_N("core", "Séance")), sheet["h2"]))
    story += key_values(meeting_rows(s))
    story.append(para(quorum_text(s), sheet["small"]))

    story.append(para(tr(_N("core", "Question posée à la RCP")), sheet["h2"]))
    story.append(para(case.question or "—", sheet["body"]))
    context = [(tr(_N("core", "Motif du recours")), case.referral_reason)] + synthesis_rows(case)
    story.append(para(tr(_N("core", "Éléments présentés")), sheet["h2"]))
    story += key_values([(k, v) for k, v in context if v] or [("—", "")])
    if case.discussion:
        story.append(para(tr(_N("core", "Discussion")), sheet["h2"]))
        story.append(para(case.discussion, sheet["body"]))

    story.append(para(tr(_N("core", "Proposition de la RCP")), sheet["h2"]))
    proposal = case.proposal or case.standard_answer
    if case.listed:
        story.append(
            para(tr(_N("core", "Situation listée, non discutée en séance.")), sheet["small"])
        )
    story.append(para(proposal or "—", sheet["body"]))

    story.append(para(tr(_N("core", "Décisions et actions (plan personnalisé)")), sheet["h2"]))
    if case.decisions:
        story.append(decisions_table(case.decisions))
    else:
        story.append(para(tr(_N("core", "Aucune décision enregistrée.")), sheet["small"]))
    story.append(Spacer(1, 1.5 * mm))
    story.append(
        para(
            tr(_N("core", "Prochaine révision en RCP : {date}")).format(
                date=fr_date(case.next_review_on) or "—"
            ),
            sheet["body"],
        )
    )

    story.append(CondPageBreak(40 * mm))
    story.append(para(tr(_N("core", "Participants à la concertation")), sheet["h2"]))
    rows: list[list[object]] = [
        [
            tr(_N("core", "Nom")),
            tr(_N("core", "Qualification")),
            tr(_N("core", "Structure")),
            tr(_N("core", "Mode")),
        ]
    ]
    for p in data.participants:
        rows.append([p.person.name, p.person.qualification, p.person.structure, p.mode])
    if len(rows) > 1:
        story.append(table(rows, [48 * mm, 60 * mm, 48 * mm, 24 * mm]))
    else:
        story.append(para(tr(_N("core", "Présences non enregistrées.")), sheet["small"]))
    story.append(Spacer(1, 1.5 * mm))
    story.append(
        para(
            tr(_N("core", "Référent de la séance : {who}")).format(who=person_text(s.animator)),
            sheet["body"],
        )
    )

    story.append(CondPageBreak(60 * mm))
    story.append(para(tr(_N("core", "Mise en œuvre — ce qui a été réellement fait")), sheet["h2"]))
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "À compléter par le médecin traitant ou le référent. Si la prise en charge "
                    "effectivement réalisée diffère de la proposition de la RCP, en indiquer les raisons.",
                )
            ),
            sheet["small"],
        )
    )
    story.append(Spacer(1, 1.5 * mm))
    story.append(follow_up_table(data))
    story.append(Spacer(1, 6 * mm))
    story.append(
        para(
            tr(_N("core", "Nom, date et signature : ____________________________________________")),
            sheet["body"],
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            tr(_N("core", "Fiche établie le {when} avec rcp-desktop.")).format(
                when=fr_datetime(data.generated_at)
            ),
            sheet["small"],
        )
    )
    return build_pdf(
        story, title=metadata_title(data), footer=confidential_footer(data.letterhead.cpts_name)
    )
