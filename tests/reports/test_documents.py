"""The session documents, read back with pypdf: expected texts, page counts, pseudonymisation,
hostile texts printed as typed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from icalendar import Calendar
from PIL import Image

from rcp_desktop.models import MeetingStatus
from rcp_desktop.reports.agenda import (
    BLANK_ROWS_AFTER_ROLL_CALL,
    build_agenda,
    build_attendance_sheet,
)
from rcp_desktop.reports.case_sheet import build_case_sheet
from rcp_desktop.reports.ics import build_invitation
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.reports.pdf_base import escape
from rcp_desktop.reports.recovery import build_recovery_sheet
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.errors import NotFoundError, ValidationError
from rcp_desktop.storage import DatabaseKey
from tests.reports.factory import (
    LONG_WORDS,
    MARKUP,
    NIR,
    QUOTES,
    RTL,
    TABLE_LONG_WORDS,
    Pdf,
    build_hostile_session,
)


def docs(services) -> DocumentService:
    return DocumentService(services.ctx)


def identities(patient: dict) -> list[str]:
    """What must never appear in a pseudonymised document for this patient."""
    b = patient["birth_date"]
    found = [patient["birth_name"], *patient["first_names"].split(), f"{b:%d/%m/%Y}", b.isoformat()]
    if patient.get("used_name"):
        found.append(patient["used_name"])
    if patient.get("nir"):
        found.append(patient["nir"])
    return found


def png(width=200, height=80, color=(26, 95, 180)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


# --- escape -------------------------------------------------------------------------------------


def test_right_to_left_lines_are_put_in_display_order(read_pdf):
    from reportlab.platypus import Paragraph

    from rcp_desktop.reports.pdf_base import BidiParagraph, build_pdf, para, styles

    body = styles()["body"]
    assert type(para("Dupont", body)) is Paragraph
    paragraph = para("שלום (עולם)", body)
    assert isinstance(paragraph, BidiParagraph)
    paragraph.wrap(400, 800)
    # Display order: the last word first, brackets mirrored; right-aligned.
    assert "".join(w.text for w in paragraph.frags) == "(םלוע) םולש"
    long = " ".join(["שלום", "עולם"] * 200)
    pdf = read_pdf(build_pdf([para(long, body)], title="t"))
    assert pdf.flat.split(" 1 / 1")[0] == long  # every line, in typed order


def test_escape_keeps_markup_as_text_and_sets_missing_glyphs_in_the_fallback_font():
    assert escape(MARKUP) == "&lt;b&gt;O'Brien &amp; Fils&lt;/b&gt;"
    assert escape("a\nb\r\nc") == "a<br/>b<br/>c"
    assert escape("x\x07y") == "x\ufffdy"
    # DejaVu Sans has no ✅: it goes into Symbola; accents stay in DejaVu.
    assert escape("é✅") == 'é<font name="Symbola">✅</font>'
    assert escape(None) == ""


# --- minutes --------------------------------------------------------------------------------------


def test_minutes_of_a_validated_demo_session(demo_services):
    d = docs(demo_services)
    summary = next(
        m
        for m in demo_services.meetings.summaries()
        if m.status is MeetingStatus.VALIDATED and m.cases >= 4
    )
    data = d.minutes(summary.id)
    meeting = demo_services.meetings.get(summary.id)
    pdf = Pdf(build_minutes(data))
    assert "CPTS Portes de l'Essonne" in pdf.text
    assert "Compte rendu de séance" in pdf.text
    assert summary.held_on.strftime("%Y") in pdf.text
    assert "Compte rendu validé le" in pdf.text
    # Page "n / N" on every page.
    for n, page in enumerate(pdf.pages, start=1):
        assert f"{n} / {pdf.count}" in page
        assert "L1110-4" in " ".join(page.split())
    # Attendance with profession, presence, mode; quorum.
    for att in meeting.attendances:
        assert att.professional.display_name in pdf.text
    assert "Quorum atteint" in pdf.flat or "Quorum non atteint" in pdf.flat
    # Every case, with its question, decisions (owner, due date) and next review.
    for item in meeting.items:
        # The identity as documents print it: birth name first (then the used name, if any).
        assert item.case.patient.birth_name.upper() in pdf.flat
        for decision in item.decisions:
            assert decision.description in pdf.flat
            assert decision.due_on.strftime("%d/%m/%Y") in pdf.flat
    assert "Prochaine révision" in pdf.text
    assert "L1110-4" not in pdf.title and "Compte rendu" in pdf.title


def test_minutes_pseudonymised_hold_no_identity_anywhere(services, hostile, read_pdf):
    data = docs(services).minutes(hostile.meeting_id, pseudonymise=True)
    pdf = read_pdf(build_minutes(data))
    for patient in hostile.patients:
        for term in identities(patient):
            assert term.casefold() not in pdf.text.casefold(), term
            assert term.encode() not in pdf.data
            assert term not in pdf.title
    for label in ("Situation A", "Situation B", "Situation C"):
        assert label in pdf.text
    for number in ("2026-0001", "2026-0002", "2026-0003"):
        assert number not in pdf.text  # the label does not link to the case number
    assert "[nom]" in pdf.text  # the name typed in the discussion was masked
    assert "pseudonymisé" in pdf.title
    # Professionals stay named.
    assert "Soignant002" in pdf.text


def test_minutes_pseudonymised_demo_session_has_no_patient_identity(demo_services):
    d = docs(demo_services)
    summary = next(
        m
        for m in demo_services.meetings.summaries()
        if m.cases >= 4 and m.status is MeetingStatus.VALIDATED
    )
    meeting = demo_services.meetings.get(summary.id)
    pdf = Pdf(build_minutes(d.minutes(summary.id, pseudonymise=True)))
    for item in meeting.items:
        patient = item.case.patient
        assert patient.display_name not in pdf.flat
        assert patient.birth_date.strftime("%d/%m/%Y") not in pdf.text
        if patient.nir:
            assert patient.nir not in pdf.text
        assert item.case.number not in pdf.text
    for index in range(len(meeting.items)):
        assert f"Situation {chr(ord('A') + index)}" in pdf.text


def test_hostile_texts_print_as_typed(services, hostile, read_pdf):
    pdf = read_pdf(build_minutes(docs(services).minutes(hostile.meeting_id)))
    assert MARKUP in pdf.text  # markup is text
    assert "Zoé " + MARKUP in pdf.text
    assert "😀" in pdf.text and "✅" in pdf.text and "⚕" in pdf.text  # emoji, Symbola fallback
    assert QUOTES in pdf.text  # accents and typographic quotes
    assert "avant\ufffd\ufffd\ufffdapres" in pdf.text  # control characters shown, not obeyed
    assert "\x07" not in pdf.text
    # Right-to-left text is laid out in display order and reads back as typed.
    assert RTL in pdf.text and RTL[::-1] not in pdf.text
    # A 11,000-character text wraps and continues over pages, every word in order.
    assert pdf.numbers("mot") == list(range(len(LONG_WORDS)))
    assert pdf.count >= 3
    # A decision longer than a page splits inside its table row.
    assert pdf.numbers("act") == list(range(len(TABLE_LONG_WORDS)))
    # The listed case is in the short section, with its answer.
    assert "Situations listées, non discutées" in pdf.text
    assert "Poursuite du plan — réponse standard." in pdf.text
    # Identity vigilance: the birth name first, the used name after it.
    assert "WALDSTEINER Cunégonde (nom d'usage : VOLKOFFA) (2026-0003)" in pdf.flat


def test_minutes_of_a_session_not_yet_validated_say_so(services, read_pdf):
    built = build_hostile_session(services, validated=False)
    pdf = read_pdf(build_minutes(docs(services).minutes(built.meeting_id)))
    assert "Projet de compte rendu" in pdf.flat
    assert "PROJET" in pdf.text


def test_minutes_list_addenda_after_validation(services, hostile, read_pdf):
    from rcp_desktop.models import Addendum

    with services.db.write(services.ctx.actor) as s:
        s.add(
            Addendum(
                meeting_id=hostile.meeting_id,
                author="Dr Test",
                created_at=dt.datetime(2026, 3, 6, 10, 30),
                text="Correction : ZYGOMAR revue par le CMP <i>le 5</i>.",
            )
        )
    named = read_pdf(build_minutes(docs(services).minutes(hostile.meeting_id)))
    assert "Addenda (après validation)" in named.text
    assert "Addendum du 06/03/2026 à 10:30 — Dr Test" in named.text
    assert "Correction : ZYGOMAR revue par le CMP <i>le 5</i>." in named.flat
    pseudo = read_pdf(build_minutes(docs(services).minutes(hostile.meeting_id, pseudonymise=True)))
    assert "ZYGOMAR" not in pseudo.text and "Correction : [nom] revue" in pseudo.flat


def test_long_tables_repeat_their_header_on_every_page(services, read_pdf):
    built = build_hostile_session(services, participants=70)
    pdf = read_pdf(build_minutes(docs(services).minutes(built.meeting_id)))
    row = re.compile(r"Soignant\d{3} [^\d]*?\b(Présent|Excusé)\b")
    pages_with_rows = [p for p in pdf.pages if row.search(" ".join(p.split()))]
    assert len(pages_with_rows) >= 2
    assert all("Participant" in p and "Présence" in p for p in pages_with_rows)
    for i in range(1, 70):
        assert f"Prénom{i:03d} Soignant{i:03d}" in pdf.flat


def test_unknown_session_is_refused_in_french(services):
    with pytest.raises(NotFoundError) as err:
        docs(services).minutes(999)
    assert "Séance introuvable" in err.value.message


# --- fiche RCP ----------------------------------------------------------------------------------


def test_case_sheet_meets_the_has_criteria(services, hostile, read_pdf):
    data = docs(services).case_sheet(hostile.meeting_id, hostile.case_ids[0])
    pdf = read_pdf(build_case_sheet(data))
    text = pdf.flat
    # Patient identity (INS traits, checked identity shows the NIR) and médecin traitant.
    assert "ZYGOMAR" in text and "Adélaïde Brunehilde" in text and "14/07/1985" in text
    assert NIR in text and "vérifiée" in text
    assert f"Zoé {MARKUP}" in text  # the GP (and referrer, presenter)
    # Date, question, proposal, decisions, participants with qualifications, référent.
    assert "mardi 3 mars 2026" in text
    assert "Question posée à la RCP" in text and f"Question 1 : {MARKUP} ? {QUOTES}" in text
    assert "Proposition de la RCP" in text and f"Proposition {QUOTES}" in text
    assert f"Décision {MARKUP}" in text
    for name in hostile.professionals[:-1]:  # the present ones
        assert name in text
    assert hostile.professionals[-1] not in text  # excused: not a participant of the concertation
    assert "Psychiatre" in text and "Médecin généraliste" in text
    assert "Référent de la séance : Prénom001 Soignant001 (Psychiatre)" in text
    # Room for what was actually done.
    assert "Mise en œuvre — ce qui a été réellement fait" in text
    assert "Nom, date et signature" in text
    for n, page in enumerate(pdf.pages, start=1):
        assert f"{n} / {pdf.count}" in page
    # No identity in the metadata.
    assert "ZYGOMAR" not in pdf.title and "Fiche RCP" in pdf.title


def test_case_sheet_of_a_case_not_on_the_agenda_is_refused(services, hostile):
    with pytest.raises(NotFoundError) as err:
        docs(services).case_sheet(hostile.meeting_id, hostile.other_case_id)
    assert "n'est pas à l'ordre du jour" in err.value.message


def test_case_sheet_for_every_item_of_a_demo_session(demo_services):
    d = docs(demo_services)
    summary = next(
        m
        for m in demo_services.meetings.summaries()
        if m.status is MeetingStatus.VALIDATED and m.cases
    )
    for choice in d.agenda_choices(summary.id):
        pdf = Pdf(build_case_sheet(d.case_sheet(summary.id, choice.case_id)))
        assert choice.patient.split()[0] in pdf.text
        assert choice.case_number in pdf.text
        assert pdf.count >= 1


# --- agenda, attendance sheet ---------------------------------------------------------------------


def test_agenda_names_cases_by_pseudonym_only(services, hostile, read_pdf):
    pdf = read_pdf(build_agenda(docs(services).agenda(hostile.meeting_id)))
    assert "Convocation — ordre du jour" in pdf.text
    for label in ("Situation A", "Situation B", "Situation C"):
        assert label in pdf.text
    for number in ("2026-0001", "2026-0002", "2026-0003"):
        assert number not in pdf.text
    for patient in hostile.patients:
        for term in identities(patient):
            assert term.casefold() not in pdf.text.casefold(), term
    assert "20 h" in pdf.flat and "20 h 15" in pdf.flat and "20 h 30" in pdf.flat  # time slots
    for name in hostile.professionals:
        assert name in pdf.text  # invited
    assert pdf.title == "Ordre du jour de la séance RCP du 03/03/2026"


def test_attendance_sheet_has_a_line_per_guest_and_blank_lines(services, read_pdf):
    built = build_hostile_session(services, participants=30)
    pdf = read_pdf(build_attendance_sheet(docs(services).agenda(built.meeting_id)))
    for name in built.professionals[1:]:
        assert name in pdf.flat
    assert "Zoé <b>O'Brien & Fils</b>" in pdf.flat
    # The roll call is made: 29 present (9 remote), 1 excused; two blank lines for walk-ins.
    on_site = sum(1 for i in range(29) if i % 3 != 2)
    assert pdf.text.count("☒ sur place") == on_site and pdf.text.count("☒ à distance") == 9
    assert pdf.text.count("☐ sur place") == BLANK_ROWS_AFTER_ROLL_CALL
    assert pdf.count >= 2
    # The header is repeated on every page of the table.
    assert all("Signature" in page for page in pdf.pages if "☐" in page or "☒" in page)
    assert "ZYGOMAR" not in pdf.text and "Situation" not in pdf.text


# --- recovery sheet, ICS ----------------------------------------------------------------------------


def test_recovery_sheet_carries_the_code_and_a_warning(read_pdf):
    key = DatabaseKey.new_from_passphrase("une phrase de passe assez longue")
    code = key.recovery_code()
    pdf = read_pdf(
        build_recovery_sheet(
            code, database="/home/u/rcp.db", created=dt.datetime(2026, 3, 10, 14, 0)
        )
    )
    groups = code.split("-")
    found = re.findall(r"\b[0-9A-F]{4}\b", pdf.text.split("14:00", 1)[1])
    assert found == groups  # every group, in order
    assert DatabaseKey.from_recovery_code("-".join(found)) == key
    assert "Attention" in pdf.text and "Quiconque détient ce code" in pdf.flat
    assert "Ouvrir la base" in pdf.flat and "/home/u/rcp.db" in pdf.text
    assert pdf.count == 1
    assert code not in pdf.title


def test_ics_invitation_parses_back_without_patient_data(services, hostile):
    data = docs(services).calendar(hostile.meeting_id)
    raw = build_invitation(data)
    cal = Calendar.from_ical(raw)
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.replace(tzinfo=None) == dt.datetime(2026, 3, 3, 20, 0)
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=120)
    assert str(event["location"]) == f"Salle {MARKUP}"
    assert str(event["url"]) == "https://visio.exemple-sante.fr/rcp?a=1&b=2"
    assert str(event["organizer"]) == "mailto:pro1@exemple-sante.fr"
    assert len(event["attendee"]) == 6
    assert "Situations à l'ordre du jour : 3" in str(event["description"])
    assert cal.walk("VTIMEZONE")
    text = raw.decode("utf-8")
    for patient in hostile.patients:
        for term in identities(patient):
            assert term.casefold() not in text.casefold()
    assert "2026-0001" not in text


# --- logo -----------------------------------------------------------------------------------------


def test_logo_is_checked_stored_and_printed(services, hostile, read_pdf):
    with pytest.raises(ValidationError) as err:
        services.settings.set_logo(b"GIF89a not a logo")
    assert "PNG ou JPEG" in err.value.errors["logo"]
    with pytest.raises(ValidationError) as err:
        services.settings.set_logo(png(5000, 20))
    assert "Dimensions du logo" in err.value.errors["logo"]
    assert services.settings.logo() is None  # nothing stored
    logo = png()
    services.settings.set_logo(logo)
    assert services.settings.logo() == logo
    services.settings.set(settings_mod.CPTS_NAME, "CPTS du Val & des Coteaux")
    pdf = read_pdf(build_minutes(docs(services).minutes(hostile.meeting_id)))
    resources = pdf.reader.pages[0]["/Resources"]
    assert "/XObject" in resources and len(resources["/XObject"]) == 1
    assert "CPTS du Val & des Coteaux" in pdf.text
    services.settings.set_logo(None)
    assert services.settings.logo() is None
