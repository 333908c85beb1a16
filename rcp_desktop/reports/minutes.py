"""The session minutes (compte rendu de séance), identified or pseudonymised."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from rcp_desktop.domain.dates import fr_date, fr_datetime, fr_long_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import (
    born_text,
    confidential_footer,
    key_values,
    letterhead,
    marks_what_was_masked,
    meeting_rows,
    patient_name,
    person_text,
    quorum_text,
    watermark,
)
from rcp_desktop.reports.pdf_base import build_pdf, para, styles, table
from rcp_desktop.services.case_text import case_reference
from rcp_desktop.services.documents import CaseSection, DecisionLine, MinutesData, Participant


def metadata_title(data: MinutesData) -> str:
    """The PDF's title: the session's date only, never a patient."""
    title = tr(_N("core", "Compte rendu de la séance RCP du {date}")).format(
        date=fr_date(data.meeting.held_on)
    )
    if data.pseudonymised:
        title += tr(_N("core", " (pseudonymisé)"))
    return title


def identity_line(case: CaseSection) -> str:
    ident = case.identity
    if ident.pseudonymised:
        return ""
    parts = []
    if ident.birth_date:
        parts.append(born_text(case.identity))
    if ident.sex:
        parts.append(tr(_N("core", "sexe {sex}")).format(sex=ident.sex.lower()))
    if ident.commune:
        parts.append(ident.commune)
    return ", ".join(parts)


def participants_table(participants: tuple[Participant, ...]) -> Flowable:
    rows: list[list[object]] = [
        [
            tr(_N("core", "Participant")),
            tr(_N("core", "Profession")),
            tr(_N("core", "Présence")),
            tr(_N("core", "Mode")),
            tr(_N("core", "Rôle")),
        ]
    ]
    for p in participants:
        rows.append(
            [
                p.person.name,
                p.person.qualification,
                p.presence,
                p.mode if p.present else "—",
                p.role,
            ]
        )
    return table(rows, [52 * mm, 58 * mm, 22 * mm, 24 * mm, 24 * mm])


def attendance_summary(participants: tuple[Participant, ...]) -> str:
    present = [p for p in participants if p.present]
    remote = sum(1 for p in present if p.remote)
    excused = sum(1 for p in participants if p.excused)
    return tr(
        _N("core", "{present} présent(s), dont {remote} à distance ; {excused} excusé(s).")
    ).format(present=len(present), remote=remote, excused=excused)


def decisions_table(decisions: tuple[DecisionLine, ...]) -> Flowable:
    rows: list[list[object]] = [
        [
            tr(_N("core", "Décision / action")),
            tr(_N("core", "Responsable")),
            tr(_N("core", "Échéance")),
        ]
    ]
    for d in decisions:
        rows.append([decision_cell(d), person_text(d.owner), fr_date(d.due_on) or "—"])
    return table(rows, [100 * mm, 55 * mm, 25 * mm])


def deviation_text(d: DecisionLine) -> str:
    """ "Écart à la proposition : …" when what is done differs from the proposal, else ''."""
    if not (d.differs_from_proposal and d.difference_reason):
        return ""
    return tr(_N("core", "Écart à la proposition : {reason}")).format(reason=d.difference_reason)


def decision_cell(d: DecisionLine) -> list[Flowable] | str:
    """The decision, and under it, in italics, how and why what is done differs from the
    proposal (HAS practice), when it does."""
    deviation = deviation_text(d)
    if not deviation:
        return d.description
    sheet = styles()
    return [para(d.description, sheet["cell"]), para(deviation, sheet["cellnote"])]


def synthesis_rows(case: CaseSection) -> list[tuple[str, str]]:
    rows = []
    for name, text in (
        (tr(_N("core", "Synthèse somatique")), case.synthesis_organic),
        (tr(_N("core", "Synthèse psychique")), case.synthesis_psychic),
        (tr(_N("core", "Synthèse sociale")), case.synthesis_social),
    ):
        if text:
            rows.append((name, text))
    return rows


def case_story(case: CaseSection) -> list[Flowable]:
    sheet = styles()
    heading = tr(_N("core", "{position}. {who} — {kind}, {pathway}")).format(
        position=case.position,
        who=patient_name(case.identity),
        kind=case.kind.lower(),
        pathway=case.pathway,
    )
    story: list[Flowable] = [CondPageBreak(40 * mm), para(heading, sheet["h3"])]
    rows: list[tuple[str, str]] = []
    if not case.identity.pseudonymised:
        rows.append((tr(_N("core", "Dossier")), case.case_number))
        line = identity_line(case)
        if line:
            rows.append((tr(_N("core", "Identité")), line))
    rows.append((tr(_N("core", "Présenté par")), person_text(case.presenter)))
    rows.append((tr(_N("core", "Question posée")), case.question or "—"))
    rows += synthesis_rows(case)
    rows.append((tr(_N("core", "Discussion")), case.discussion or "—"))
    if case.proposal:
        rows.append((tr(_N("core", "Proposition de la RCP")), case.proposal))
    story += key_values(rows)
    story.append(Spacer(1, 1.5 * mm))
    if case.decisions:
        story.append(decisions_table(case.decisions))
    else:
        story.append(para(tr(_N("core", "Aucune décision enregistrée.")), sheet["small"]))
    story.append(Spacer(1, 1.5 * mm))
    story.append(
        para(
            tr(_N("core", "Prochaine révision : {date}")).format(
                date=fr_date(case.next_review_on) or "—"
            ),
            sheet["body"],
        )
    )
    story.append(Spacer(1, 3 * mm))
    return story


def listed_table(cases: tuple[CaseSection, ...]) -> Flowable:
    rows: list[list[object]] = [
        [
            "#",
            tr(_N("core", "Situation")),
            tr(_N("core", "Réponse / suite donnée")),
            tr(_N("core", "Prochaine révision")),
        ]
    ]
    for case in cases:
        who = case_reference(
            case.case_number,
            patient_name(case.identity),
            pseudonymise=case.identity.pseudonymised,
            label=case.identity.label,
        )
        rows.append(
            [
                str(case.position),
                who,
                case.standard_answer or "—",
                fr_date(case.next_review_on) or "—",
            ]
        )
    return table(rows, [10 * mm, 55 * mm, 90 * mm, 25 * mm])


@marks_what_was_masked
def build_minutes(data: MinutesData) -> bytes:
    sheet = styles()
    s = data.meeting
    title = tr(_N("core", "Compte rendu de séance"))
    if data.pseudonymised:
        title = tr(_N("core", "Compte rendu de séance (pseudonymisé)"))
    subtitle = tr(_N("core", "RCP du {date}")).format(date=fr_long_date(s.held_on))
    if s.title:
        subtitle += f" — {s.title}"
    story: list[Flowable] = letterhead(data.letterhead, title, subtitle)
    if s.validated:
        status = tr(_N("core", "Compte rendu validé le {when}{by}.")).format(
            when=fr_datetime(s.validated_at),
            by=tr(_N("core", " par {name}")).format(name=s.validated_by) if s.validated_by else "",
        )
    else:
        status = tr(
            _N("core", "Projet de compte rendu — non validé (statut de la séance : {status}).")
        ).format(status=s.status.lower())
    story.append(para(status, sheet["small"]))
    if data.journal_fingerprint:  # the audit log's head when printed (README "Security")
        story.append(
            para(
                tr(
                    _N("core", "Empreinte du journal à l'édition (entrées · condensat) : {fp}")
                ).format(fp=data.journal_fingerprint),
                sheet["small"],
            )
        )
    if data.pseudonymised:
        story.append(
            para(
                tr(
                    _N(
                        "core",
                        "Version pseudonymisée : chaque situation est désignée par une lettre "
                        "propre à ce document (Situation A, B…), sans lien avec son numéro de "
                        "dossier ; noms, dates de naissance, NIR, téléphones, adresses et autres "
                        "identifiants sont masqués dans les textes saisis ([nom], [date de "
                        "naissance]…).",
                    )
                ),
                sheet["small"],
            )
        )
    story.append(Spacer(1, 2 * mm))
    story += key_values(meeting_rows(s))

    story.append(para(tr(_N("core", "Participants")), sheet["h2"]))
    story.append(para(f"{quorum_text(s)} {attendance_summary(data.participants)}", sheet["body"]))
    story.append(Spacer(1, 1.5 * mm))
    if data.participants:
        story.append(participants_table(data.participants))
    else:
        story.append(para(tr(_N("core", "Aucun participant enregistré.")), sheet["small"]))

    story.append(para(tr(_N("core", "Situations discutées")), sheet["h2"]))
    if not data.discussed:
        story.append(para(tr(_N("core", "Aucune situation discutée.")), sheet["small"]))
    for case in data.discussed:
        story += case_story(case)

    if data.listed:
        story.append(CondPageBreak(30 * mm))
        story.append(para(tr(_N("core", "Situations listées, non discutées")), sheet["h2"]))
        story.append(listed_table(data.listed))

    if data.addenda:
        story.append(CondPageBreak(30 * mm))
        story.append(para(tr(_N("core", "Addenda (après validation)")), sheet["h2"]))
        for addendum in data.addenda:
            story.append(
                para(
                    tr(_N("core", "Addendum du {when} — {author}")).format(
                        when=fr_datetime(addendum.created_at), author=addendum.author
                    ),
                    sheet["h3"],
                )
            )
            story.append(para(addendum.text, sheet["body"]))

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
        story,
        title=metadata_title(data),
        footer=confidential_footer(data.letterhead.cpts_name),
        on_page=None if s.validated else watermark(tr(_N("core", "PROJET"))),
    )
