"""The exports: French-Excel CSV, XLSX, PDF; nothing identifying in any of them; a patient
alone in their age band × sex × commune cannot be singled out, even by combining tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from rcp_desktop.models import (
    AgendaItem,
    CaseFile,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Patient,
    Sex,
)
from rcp_desktop.reports.statistics import (
    statistics_csv,
    statistics_pdf,
    statistics_xlsx,
    writer_for,
)
from rcp_desktop.services.errors import RefusedError
from tests.statistics.attacker import assert_no_disclosure, assert_not_pinned, feasible_ranges
from tests.statistics.conftest import END, START
from tests.statistics.reading import (
    cells_of,
    counts_only,
    counts_patients,
    csv_tables,
    reader_relations,
    truth,
)

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%d%m%Y",
    "%Y%m%d",
    "%d %m %Y",
)


# --- reading the three formats back -------------------------------------------------------------


def csv_text(data: bytes) -> str:
    assert data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8-sig")


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = []
    for sheet in book.worksheets:
        values.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not isinstance(value, dt.date | dt.datetime), "no date cell in the workbook"
                if value is not None:
                    values.append(str(value))
    # Every XML part too (shared strings, document properties…).
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            values.append(z.read(name).decode("utf-8", "replace"))
    return "\n".join(values)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    meta = reader.metadata or {}
    return text + "\n" + "\n".join(str(v) for v in meta.values())


def all_texts(published) -> dict[str, str]:
    return {
        "csv": csv_text(statistics_csv(published)),
        "xlsx": xlsx_text(statistics_xlsx(published)),
        "pdf": pdf_text(statistics_pdf(published)),
    }


def identifiers(patient) -> list[str]:
    needles = [patient.birth_name, patient.used_name, *patient.first_names.split()]
    if patient.nir:
        nir = patient.nir
        needles += [
            nir,
            nir[:13],
            f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}",
        ]
    needles += [patient.birth_date.strftime(f) for f in DATE_FORMATS]
    if patient.phone:
        needles.append(patient.phone)
    return [n for n in needles if n]


# --- nothing identifying -------------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [2, 11])
def test_no_name_birth_date_nir_free_text_or_record_id_in_any_format(services, known, threshold):
    published = services.statistics.report(START, END, threshold=threshold)
    texts = all_texts(published)
    needles = [n for p in known.patients for n in identifiers(p)]
    needles += [c.number for c in known.cases.values()]
    needles += known.secrets
    needles += ["GENEVOIX", "DURAND-LEBLOND", "MORVAN", "ABADIE", "TESSIER", "RAMBAUD"]
    for fmt, text in texts.items():
        assert "Athis" in text or threshold == 11, fmt  # the scan reads real content
        assert "Statistiques ACI" in text, fmt
        folded = text.casefold()
        for needle in needles:
            assert needle.casefold() not in folded, f"{needle!r} found in the {fmt} export"


def test_no_identifier_in_the_exports_of_a_demo_database(demo_services):
    from rcp_desktop.models import Patient as P

    with demo_services.db.read() as s:
        patients = s.query(P).all()
    published = demo_services.statistics.report(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    for fmt, text in all_texts(published).items():
        assert "Séances tenues" in text
        for p in patients:
            # Birth names are stored in capitals: look for them as whole words.
            assert not re.search(rf"\b{re.escape(p.birth_name)}\b", text), (fmt, p.id)
            if p.nir:
                assert p.nir not in text and p.nir[:13] not in text, (fmt, p.id)
            for f in DATE_FORMATS:
                assert p.birth_date.strftime(f) not in text, (fmt, p.id, f)


# --- formats -----------------------------------------------------------------------------------


def test_csv_is_what_a_french_excel_expects(services, known):
    published = services.statistics.report(START, END, threshold=2)
    data = statistics_csv(published)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = {r[0]: r[1] for r in rows[1:6] if len(r) >= 2}
    assert header["Période"] == "du 01/01/2025 au 31/12/2025"
    assert header["Seuil de secret statistique"] == "2"
    assert header["Généré le"] == "10/03/2026 à 14:00"
    # One section per table: its title line, then the header line.
    titles = [t.title for t in published.tables]
    for title in titles:
        i = next(n for n, r in enumerate(rows) if r == [title])
        assert rows[i + 1][0] == published.table_by_title(title).row_header
    # Decimal comma: mean attendance 7/3 → 2,3.
    sessions = rows[next(n for n, r in enumerate(rows) if r[:1] == ["Présence moyenne par séance"])]
    assert sessions[-1] == "2,3"


def test_csv_cells_never_start_a_formula(services, known):
    with services.db.write(services.ctx.actor) as s:
        for p in s.query(Patient).all():
            p.commune = '=HYPERLINK("http://x")'
    published = services.statistics.report(START, END, threshold=2)
    text = csv_text(statistics_csv(published))
    assert ";=" not in text and "\n=" not in text
    assert "'=HYPERLINK" in text


def test_xlsx_has_a_cover_sheet_and_one_sheet_per_table(services, known):
    published = services.statistics.report(START, END, threshold=2)
    book = openpyxl.load_workbook(io.BytesIO(statistics_xlsx(published)))
    assert len(book.worksheets) == 1 + len(published.tables)
    cover = book.worksheets[0]
    cells = [str(c) for row in cover.iter_rows(values_only=True) for c in row if c is not None]
    assert "du 01/01/2025 au 31/12/2025" in cells and "2" in cells and "10/03/2026 à 14:00" in cells
    assert any("Secret statistique" in c for c in cells)  # the method note
    sessions = book.worksheets[1]
    assert sessions["A1"].value == published.tables[0].title
    assert sessions["A5"].value == "Séances tenues" and sessions["H5"].value == 3
    assert isinstance(sessions["H5"].value, int)


def test_pdf_states_period_threshold_and_date_and_names_no_one_in_its_metadata(services, known):
    published = services.statistics.report(START, END)
    reader = PdfReader(io.BytesIO(statistics_pdf(published)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "01/01/2025 au 31/12/2025" in text
    assert "Seuil de secret statistique : 11" in text
    assert "10/03/2026" in text
    assert "Note de méthode" in text and "Secret statistique" in text
    assert reader.metadata.title == "Statistiques ACI anonymisées"
    assert re.search(r"1 / \d+", text)


def test_writer_for_refuses_an_unknown_extension():
    with pytest.raises(RefusedError) as err:
        writer_for(Path("stats.ods"))
    assert "Format inconnu" in err.value.message


# --- singling out --------------------------------------------------------------------------------


def population(services):
    """52 patients presented in 2025; one of them — the only man aged 75 or more, and the only
    USIPA patient — lives in a commune where 40 do."""
    groups = [
        (15, Sex.FEMALE, 25, "Athis-Mons", Pathway.MENTAL_HEALTH),
        (12, Sex.MALE, 30, "Juvisy-sur-Orge", Pathway.MENTAL_HEALTH),
        (12, Sex.FEMALE, 80, "Athis-Mons", Pathway.ELDERLY),
        (12, Sex.MALE, 50, "Athis-Mons", Pathway.MENTAL_HEALTH),
        (1, Sex.MALE, 82, "Athis-Mons", Pathway.USIPA),
    ]
    with services.db.write(services.ctx.actor) as s:
        meeting = Meeting(
            held_on=dt.date(2025, 6, 2), start_time=dt.time(20, 0), status=MeetingStatus.HELD
        )
        s.add(meeting)
        s.flush()
        n = 0
        for count, sex, age, commune, pathway in groups:
            for _ in range(count):
                n += 1
                patient = Patient(
                    birth_name=f"UNIQUE{n:03d}",
                    first_names="Test",
                    birth_date=dt.date(2025 - age, 3, 1),
                    sex=sex,
                    commune=commune,
                )
                s.add(patient)
                s.flush()
                case = CaseFile(
                    number=f"S-{n:04d}",
                    patient_id=patient.id,
                    pathway=pathway,
                    opened_on=dt.date(2025, 1, 5),
                    referral_reason="r",
                    question="q",
                )
                s.add(case)
                s.flush()
                s.add(AgendaItem(meeting_id=meeting.id, case_id=case.id, kind=ItemKind.NEW))


def attack_csv(computation, threshold=11):
    """The attacker over the CSV file, judged against the true values."""
    published = computation.published
    tables = csv_tables(csv_text(statistics_csv(published)), published)
    cells = cells_of(tables)
    ranges = feasible_ranges(counts_only(cells), reader_relations(tables))
    true = truth(computation)
    small = {
        k for k in ranges if counts_patients(k) and true[k] is not None and true[k] < threshold
    }
    assert_no_disclosure(ranges, small, threshold)
    assert_not_pinned(ranges, [k for k in ranges if cells.get(k) == "s"])
    return tables, ranges


def test_a_unique_patient_cannot_be_singled_out_from_the_export(services):
    population(services)
    computation = services.statistics.compute(START, END)
    tables, ranges = attack_csv(computation)
    usipa = 1
    # The man aged 75+ is alone in his cell, and in the USIPA column: masked, and no
    # combination of the tables (margins, pathway totals, over 70 − 75 and over…) narrows
    # any of these below [0, 10].
    athis = [r[0] for r in computation.published.table("commune_pathway").rows].index("Athis-Mons")
    for key in (
        ("age_sex", 4, 1),
        ("fragility", 0, usipa),
        ("fragility", 3, usipa),
        ("commune_pathway", athis, usipa),
        ("age_pathway", 4, usipa),
        ("sex_pathway", 1, usipa),
    ):
        assert tables[key[0]][key[1]][key[2]] == "s", key
        low, high = ranges[key]
        assert low == 0 and high >= 10, (key, low, high)


def test_every_masked_cell_of_a_demo_export_resists_the_exact_attacker(demo_services):
    computation = demo_services.statistics.compute(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    _tables, ranges = attack_csv(computation)
    assert len(ranges) > 20
    true = truth(computation)
    for key, cell in cells_of(_tables).items():
        if counts_patients(key) and isinstance(true.get(key), int) and true[key] < 11:
            assert cell == "s", key
