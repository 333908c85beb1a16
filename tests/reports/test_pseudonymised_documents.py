"""Pseudonymised documents against an attacker: the corpus of identifier variants typed in every
free-text field of a session, the pseudonymised minutes read back with pypdf; the pseudonymised
minutes set beside the named fiche RCP, token by token."""

from __future__ import annotations

import re

import pytest

from rcp_desktop.domain.text import normalise_key
from rcp_desktop.reports.agenda import build_agenda
from rcp_desktop.reports.case_sheet import build_case_sheet
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.reports.pdf_base import HIGHLIGHT_COLOR
from rcp_desktop.services.documents import DocumentService, MinutesData
from rcp_desktop.services.pseudonymise import placeholders
from rcp_desktop.services.pseudonymise.vocabulary import is_common_word
from tests import pseudonymise_corpus as corpus
from tests.reports.factory import Pdf
from tests.reports.pseudonymised_world import LONG_FIELDS, SHORT_FIELDS, build


def docs(services) -> DocumentService:
    return DocumentService(services.ctx)


def field_texts(data: MinutesData) -> dict[str, str]:
    """Every free text the minutes data carries, by where it comes from."""
    texts = {
        "meeting.theme": data.meeting.theme,
        "meeting.place": data.meeting.place,
        "addendum.text": "\n".join(a.text for a in data.addenda),
    }
    for section in data.discussed:
        texts["case.question / item.question"] = section.question
        texts["case.referral_reason"] = section.referral_reason
        texts["case.synthesis_organic"] = section.synthesis_organic
        texts["case.synthesis_psychic"] = section.synthesis_psychic
        texts["case.synthesis_social"] = section.synthesis_social
        texts["item.discussion_notes"] = section.discussion
        texts["item.proposal"] = section.proposal
        for d in section.decisions:
            texts["decision.description"] = d.description
            texts["decision.completion_note"] = d.completion_note
            texts["decision.difference_reason"] = d.difference_reason
    for section in data.listed:
        texts["listed.standard_answer"] = section.standard_answer
    return texts


def leaks(text: str) -> list[tuple[str, list[str]]]:
    found = []
    for variant in corpus.corpus():
        left = corpus.survivors(variant, text)
        if left:
            found.append((variant.text, left))
    return found


@pytest.fixture
def world(services):
    return build(services, chunked=False)


def test_every_free_text_field_carries_the_corpus(services, world):
    named = docs(services).minutes(world.meeting_id)
    texts = field_texts(named)
    assert len(texts) >= len(LONG_FIELDS) - 1  # the two questions print as one
    for name, text in texts.items():
        if name.startswith("meeting."):
            continue
        assert all(v.text in text for v in corpus.corpus()), name


def test_the_corpus_is_masked_in_every_field_of_the_minutes_data(services, world):
    data = docs(services).minutes(world.meeting_id, pseudonymise=True)
    for name, text in field_texts(data).items():
        assert leaks(text) == [], name
    assert data.review is not None and len(data.review.masked) >= 150 * len(LONG_FIELDS) - 1000


def test_the_corpus_is_masked_in_the_pseudonymised_minutes_pdf(services, world):
    data = docs(services).minutes(world.meeting_id, pseudonymise=True)
    pdf = Pdf(build_minutes(data))
    assert leaks(pdf.text) == []
    for secret in (corpus.CASE_NUMBER, "2026-0003", "WOLKOWICZ", "Ursule", corpus.NIR):
        assert normalise_key(secret) not in normalise_key(pdf.text), secret
    assert "Situation A" in pdf.text and "Situation B" in pdf.text  # the listed case
    assert "[nom]" in pdf.text and "[téléphone]" in pdf.text and "[NIR]" in pdf.text
    assert "Hortense Vauquelin" in pdf.flat  # professionals stay named


def test_theme_and_place_are_masked(services):
    world = build(services, chunked=True)
    assert len(world.chunk_meetings) >= 20
    for meeting_id in world.chunk_meetings:
        data = docs(services).minutes(meeting_id, pseudonymise=True)
        for name in SHORT_FIELDS:
            assert leaks(field_texts(data)[name]) == [], name
        assert leaks(Pdf(build_minutes(data)).text) == []


def test_the_agenda_masks_its_questions_and_theme(services, world):
    data = docs(services).agenda(world.meeting_id)
    pdf = Pdf(build_agenda(data))
    assert leaks(pdf.text) == []
    assert "Situation A" in pdf.text and corpus.CASE_NUMBER not in pdf.text
    assert data.mapping == (("Situation A", world.case_id), ("Situation B", world.listed_case_id))


def test_masked_texts_are_highlighted_on_the_page(services, world):
    pseudo = Pdf(build_minutes(docs(services).minutes(world.meeting_id, pseudonymise=True)))
    named = Pdf(build_minutes(docs(services).minutes(world.meeting_id)))
    r, g, b = (int(HIGHLIGHT_COLOR[i : i + 2], 16) / 255 for i in (1, 3, 5))
    fill = " ".join(f"{c:.6f}".lstrip("0") for c in (r, g, b)) + " rg"

    def streams(pdf: Pdf) -> str:
        return "".join(
            page.get_contents().get_data().decode("latin-1") for page in pdf.reader.pages
        )

    assert fill in streams(pseudo)
    assert fill not in streams(named)


# --- the attack: the pseudonymised minutes beside the named fiche RCP ------------------------


def tokens(text: str) -> set[str]:
    """Every word and number of a page (no case, no accents), and every long number with its
    blanks, dots and dashes taken out (a NIR or a phone number however it is spaced); a date
    counts by its day, month and year."""
    found = set(normalise_key(text).split())
    for number in re.findall(r"\d(?:[ .\-/]?\d){4,}", text):
        if not re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", number):  # dates count by parts
            found.add(re.sub(r"\D", "", number))
    return found


def public_tokens(services, world, control: Pdf) -> set[str]:
    """What may be shared without identifying the patient: the template and the session as the
    fiche RCP of another patient of the same session prints them, the directory, placeholders."""
    known = set(tokens(control.text))
    for first, last in world.professionals:
        known |= tokens(f"{first} {last}")
    for mark in placeholders():
        known |= tokens(mark)
    return known


def name_like(text: str) -> set[str]:
    """The tokens of a page that could name someone or something: capitalised words, numbers."""
    words = {normalise_key(w) for w in re.findall(r"[^\W\d_]+", text) if w[:1].isupper()}
    return words | {t for t in tokens(text) if t.isdigit()}


def shared_identifiers(
    fiche: Pdf, pseudo: Pdf, public: set[str], *, names_only: bool = False
) -> set[str]:
    mine = name_like(fiche.text) if names_only else tokens(fiche.text)
    return {
        t
        for t in mine & tokens(pseudo.text)
        if t not in public
        and not (t.isalpha() and is_common_word(t))
        and not (t.isdigit() and len(t) <= 2)
    }


def test_the_pseudonymised_minutes_share_no_identifier_with_the_named_fiche(services, world):
    d = docs(services)
    fiche = Pdf(build_case_sheet(d.case_sheet(world.meeting_id, world.case_id)))
    control = Pdf(build_case_sheet(d.case_sheet(world.meeting_id, world.listed_case_id)))
    public = public_tokens(services, world, control)
    # The fiche does print the identity the attacker wants to link.
    for secret in ("ZYGOMAR", "Adélaïde", "DELAHAYE", corpus.CASE_NUMBER, "14/07/1985"):
        assert secret in fiche.text
    data = d.minutes(world.meeting_id, pseudonymise=True)
    pseudo = Pdf(build_minutes(data))
    identity = tokens("ZYGOMAR LÉVÊQUE DELAHAYE Adélaïde Brunehilde 1985") | {
        corpus.NIR,
        corpus.NIR[:13],
        "0612345678",
        "0798765432",
    }
    assert not identity & tokens(pseudo.text)
    # What the machine leaves in common with the fiche, it lists for review…
    left = shared_identifiers(fiche, pseudo, public)
    listed = set().union(*(tokens(s.text) for s in data.review.suspects))
    assert left <= listed, left - listed
    # … and one click on the list leaves nothing in common.
    again = d.minutes(
        world.meeting_id, pseudonymise=True, extra_terms=[s.text for s in data.review.suspects]
    )
    assert shared_identifiers(fiche, Pdf(build_minutes(again)), public) == set()


def test_demo_sessions_share_no_identifier_with_their_named_fiches(demo_services):
    """On the demo's data: for each case of a session, the capitalised words and numbers its
    named fiche shares with the session's pseudonymised minutes are public or listed for review
    (the demo's clinical vocabulary, in lower case, is content, not identity)."""
    from sqlalchemy import select

    from rcp_desktop.models import MeetingStatus, Profession, Professional, label

    d = docs(demo_services)
    with demo_services.db.read() as s:
        directory = set()
        for first, last, structure in s.execute(
            select(Professional.first_name, Professional.last_name, Professional.structure)
        ):
            directory |= tokens(f"{first} {last} {structure or ''}")
    for profession in Profession:
        directory |= tokens(f"{label(profession)} {label(profession, feminine=True)}")
    # The demo's fixed clinical phrases ("fille à 200 km") are content many patients share.
    from rcp_desktop.services.demo.data import SYNTHESIS

    for area in SYNTHESIS.values():
        for texts in area.values():
            for text in texts:
                directory |= tokens(text)
    summaries = [
        m
        for m in demo_services.meetings.summaries()
        if m.status is MeetingStatus.VALIDATED and m.cases >= 3
    ][:3]
    assert summaries
    for summary in summaries:
        data = d.minutes(summary.id, pseudonymise=True)
        pseudo = Pdf(build_minutes(data))
        listed = set().union(set(), *(tokens(s.text) for s in data.review.suspects))
        choices = d.agenda_choices(summary.id)
        fiches = [Pdf(build_case_sheet(d.case_sheet(summary.id, c.case_id))) for c in choices]
        for i, fiche in enumerate(fiches):
            control = fiches[(i + 1) % len(fiches)]
            public = tokens(control.text) | directory
            for mark in placeholders():
                public |= tokens(mark)
            # The years around the session are in every document of the period (due dates,
            # the follow-up of earlier actions): a year of a case number alone is no identifier.
            year = data.meeting.held_on.year
            public |= {str(y) for y in range(year - 3, year + 2)}
            left = shared_identifiers(fiche, pseudo, public, names_only=True)
            assert left <= listed, (summary.id, choices[i].case_number, left - listed)
            assert choices[i].case_number not in pseudo.text


def test_the_invitation_masks_names_typed_in_theme_and_place(services):
    from rcp_desktop.reports.ics import build_invitation

    world = build(services, chunked=True, clean=True)
    for meeting_id in world.chunk_meetings[:4]:
        ics = build_invitation(docs(services).calendar(meeting_id)).decode("utf-8")
        unfolded = ics.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
        assert leaks(unfolded) == []
        assert "[" in unfolded  # the theme and place are in it, masked
