"""Participants' time for indemnisation, against a base with known attendance
(tests/year/indemnity_world.py): minutes, amounts, the cap, corrections (audited, refused with
French messages), the statement PDF and the accountant's CSV read back."""

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from rcp_desktop.domain.money import decimal_hours, euros, hours
from rcp_desktop.models import AuditEntry, ParticipationTime
from rcp_desktop.reports.indemnities import (
    build_statement,
    indemnities_csv,
    statement_file_name,
)
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.indemnities import TimeCorrectionDraft, amount_cents
from tests.year import indemnity_world


@pytest.fixture
def iworld(services):
    return indemnity_world.build(services)


def test_amounts_round_to_the_cent_half_up():
    assert amount_cents(60, 4_000) == 4_000
    assert amount_cents(7, 3_333) == 389  # 388,85 → 389
    assert amount_cents(3, 10) == 1  # 0,5 cent → 1
    assert amount_cents(0, 4_000) == 0
    assert euros(1_234_550) == "12\u202f345,50\u00a0€"
    assert euros(1_234_550, symbol=False) == "12345,50"
    assert hours(375) == "6 h 15" and hours(120) == "2 h"
    assert decimal_hours(375) == "6,25"


def test_the_year_counts_each_present_professional_at_the_sessions_held(services, iworld):
    year = services.indemnities.year(2025)
    assert (year.rate_cents, year.cap_cents) == (4_000, 20_000)
    assert [r.name for r in year.rows] == ["Claire Dupont", "Sonia Petit"]
    gp, nurse = year.rows
    assert [(t.held_on.month, t.minutes) for t in gp.sessions] == [(2, 120), (6, 135), (11, 120)]
    assert [(t.arrived_at, t.left_at) for t in gp.sessions] == [
        (dt.time(20, 0), dt.time(22, 0)),
        (dt.time(20, 10), dt.time(22, 25)),
        (dt.time(20, 0), dt.time(22, 0)),
    ]
    assert [t.amount_cents for t in gp.sessions] == [8_000, 9_000, 8_000]
    assert (gp.minutes, gp.computed_cents, gp.due_cents, gp.cap_reached) == (
        375,
        25_000,
        20_000,
        True,
    )
    assert [(t.held_on.month, t.minutes) for t in nurse.sessions] == [(2, 90), (6, 135)]
    assert (nurse.minutes, nurse.computed_cents, nurse.due_cents, nurse.cap_reached) == (
        225,
        15_000,
        15_000,
        False,
    )
    assert year.total_minutes == 600 and year.total_due_cents == 35_000
    # The previous year: only the December 2024 session.
    last = services.indemnities.year(2024)
    assert [(r.last_name, r.minutes, r.due_cents) for r in last.rows] == [("Dupont", 120, 8_000)]
    # Without a cap, the amount due is the amount computed.
    services.indemnities.set_rates(4_000, 0)
    gp = services.indemnities.year(2025).rows[0]
    assert (gp.due_cents, gp.cap_reached) == (25_000, False)


def count(services, model):
    with services.db.read() as s:
        return s.scalar(select(func.count(model.id)))


def test_corrections_change_the_count_are_audited_and_can_be_undone(services, iworld):
    nurse_feb = iworld.attendance[("nurse", "february")]
    gp_nov = iworld.attendance[("gp", "november")]
    services.indemnities.correct(
        nurse_feb, TimeCorrectionDraft(left_at=dt.time(21, 30), reason="Partie plus tôt")
    )
    services.indemnities.correct(gp_nov, TimeCorrectionDraft(minutes=45, reason="Visio coupée"))
    year = services.indemnities.year(2025)
    gp, nurse = year.rows
    assert [(t.minutes, t.correction) for t in nurse.sessions] == [
        (60, "Partie plus tôt"),
        (135, None),
    ]
    assert nurse.computed_cents == 4_000 + 9_000
    assert gp.sessions[2].minutes == 45 and gp.sessions[2].amount_cents == 3_000
    assert (gp.computed_cents, gp.due_cents, gp.cap_reached) == (20_000, 20_000, True)
    # A second correction of the same attendance replaces the first.
    services.indemnities.correct(
        nurse_feb, TimeCorrectionDraft(arrived_at=dt.time(20, 45), reason="Arrivée corrigée")
    )
    assert services.indemnities.year(2025).rows[1].sessions[0].minutes == 75
    assert count(services, ParticipationTime) == 2
    with services.db.read() as s:
        actions = [
            (e.action, e.operator)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "participation_time"))
        ]
    assert actions == [("create", "Dr Test"), ("create", "Dr Test"), ("update", "Dr Test")]
    services.indemnities.clear_correction(nurse_feb)
    assert services.indemnities.year(2025).rows[1].sessions[0].minutes == 90
    assert count(services, ParticipationTime) == 1


def test_bad_corrections_are_refused_in_french_and_store_nothing(services, iworld):
    gp_feb = iworld.attendance[("gp", "february")]
    before = count(services, AuditEntry)
    with pytest.raises(ValidationError) as exc:
        services.indemnities.correct(gp_feb, TimeCorrectionDraft(reason="  "))
    assert exc.value.errors == {
        "reason": "Ce champ est obligatoire.",
        "minutes": "Indiquez une heure d'arrivée, de départ ou une durée à compter.",
    }
    with pytest.raises(ValidationError) as exc:
        services.indemnities.correct(
            gp_feb,
            TimeCorrectionDraft(arrived_at=dt.time(21), left_at=dt.time(20), reason="x"),
        )
    assert exc.value.errors == {"left_at": "Le départ doit suivre l'arrivée."}
    with pytest.raises(ValidationError) as exc:
        services.indemnities.correct(gp_feb, TimeCorrectionDraft(minutes=800, reason="x"))
    assert exc.value.errors == {"minutes": "Durée : entre 0 et 720 minutes."}
    excused = iworld.attendance[("psychologist", "february")]
    with pytest.raises(RefusedError):
        services.indemnities.correct(excused, TimeCorrectionDraft(minutes=30, reason="x"))
    planned = iworld.attendance[("gp", "planned")]
    with pytest.raises(RefusedError):
        services.indemnities.correct(planned, TimeCorrectionDraft(minutes=30, reason="x"))
    with pytest.raises(ValidationError) as exc:
        services.indemnities.set_rates(-1, 20_000)
    assert "rate" in exc.value.errors
    assert count(services, AuditEntry) == before
    assert count(services, ParticipationTime) == 0


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with its line breaks and spaces folded to single spaces."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_statement_pdf_lists_every_session_and_the_cap(services, iworld):
    year = services.indemnities.year(2025)
    gp = year.rows[0]
    head = services.indemnities.letterhead()
    pdf = build_statement(year, gp, head)
    text = pdf_text(pdf)
    assert "Relevé annuel de participation aux RCP — 2025" in text
    assert "Claire Dupont" in text and "10003456789" in text
    for day in ("12/02/2025", "10/06/2025", "04/11/2025"):
        assert day in text
    assert "16/12/2025" not in text and "10/12/2024" not in text
    assert "20:10" in text and "22:25" in text
    assert "6 h 15" in text
    assert "250,00 €" in text and "Montant dû : 200,00 €" in text
    assert "Plafond annuel atteint" in text
    assert statement_file_name(gp, 2025) == f"releve-2025-dupont-claire-{gp.professional_id}.pdf"
    nurse_pdf = build_statement(year, year.rows[1], head)
    nurse_text = pdf_text(nurse_pdf)
    assert "Plafond annuel atteint" not in nurse_text and "Montant dû : 150,00 €" in nurse_text


def test_the_accountant_csv_is_french_excel_with_one_line_per_professional(services, iworld):
    data = indemnities_csv(services.indemnities.year(2025), "CPTS du Val")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))
    assert rows[0] == ["CPTS du Val — indemnisation du temps de RCP, année 2025"]
    assert rows[1][:6] == ["Nom", "Prénom", "Profession", "RPPS", "Séances", "Heures"]
    assert rows[2] == [
        "Dupont",
        "Claire",
        rows[2][2],
        "10003456789",
        "3",
        "6,25",
        "40,00",
        "250,00",
        "200,00",
        "200,00",
        "oui",
    ]
    assert rows[3][0:2] == ["Petit", "Sonia"] and rows[3][4:] == [
        "2",
        "3,75",
        "40,00",
        "150,00",
        "200,00",
        "150,00",
        "non",
    ]
    assert rows[4][0] == "Total" and rows[4][4:6] == ["5", "10,00"] and rows[4][9] == "350,00"
    assert len(rows) == 5
