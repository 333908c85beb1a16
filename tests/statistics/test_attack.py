"""The attacker of issue 12, on a demo base: everything the app lets anyone export — every
period it allows (and every one it refuses), every pathway, threshold and format, all the tables
of an export together, the PDF's charts (labels and bar heights) included — read back from the
files and solved with an integer program (tests/statistics/attacker.py). No count under the
threshold may be recomputed or narrowed below [0, threshold − 1]."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import defaultdict

import openpyxl
import pytest

from rcp_desktop.models import Pathway
from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.statistics import ExportRequest
from rcp_desktop.services.statistics.periods import calendar_year
from tests.statistics.attacker import assert_protected_by_witnesses
from tests.statistics.pdf_reading import PdfContent, pdf_tables
from tests.statistics.reading import (
    TOTAL,
    cells_of,
    counts_only,
    counts_patients,
    csv_tables,
    reader_relations,
    truth,
    value_of,
)
from tests.statistics.test_exports import csv_text

YEARS = (2024, 2025)  # the demo runs from March 2024 to "today", 10 March 2026
PALETTE_BLUE = (0.1843, 0.3333, 0.5922)


def export_files(services, folder, year, pathway="*", **request):
    """The three files of one export request, as the app writes them."""
    files = {}
    for fmt in ("csv", "xlsx", "pdf"):
        path = folder / f"{year}-{pathway}.{fmt}"
        services.statistics.export(ExportRequest(year, pathway, **request), path, writer_for(path))
        request.pop("new_edition", None)  # one new edition, reprinted by the other formats
        files[fmt] = path.read_bytes()
    return files


def folder(parent, name):
    path = parent / name
    path.mkdir()
    return path


def xlsx_tables(data: bytes, published) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    by_title = {sheet["A1"].value: sheet for sheet in book.worksheets}
    tables = {}
    for table in published.tables:
        sheet = by_title[table.title]
        rows = []
        for r in range(len(table.rows)):
            row = []
            for c in range(len(table.columns)):
                value = sheet.cell(row=5 + r, column=2 + c).value
                row.append(value_of(value) if isinstance(value, str) else value)
            rows.append(row)
        tables[table.id] = rows
    return tables


def read_all_formats(files, published):
    """The tables as each format prints them: they must be one and the same."""
    from_csv = csv_tables(csv_text(files["csv"]), published)
    from_xlsx = xlsx_tables(files["xlsx"], published)
    pdf = PdfContent(files["pdf"])
    layouts = [(t.id, t.title, len(t.columns)) for t in published.tables]
    from_pdf = pdf_tables(pdf, layouts)
    return from_csv, from_xlsx, from_pdf, pdf


def attack(tables, computation, threshold):
    """Integer programs over every figure and relation of the file, judged on the truth: each
    count under the threshold, printed or computable, can still be 0 and threshold − 1; no
    masked figure has a single possible value. Returns how many counts had to be protected."""
    cells = cells_of(tables)
    relations = reader_relations(tables)
    true = truth(computation)
    unknown = {k for k, v in counts_only(cells).items() if v == "s"}
    unknown |= {k for _total, parts in relations for k in (_total, *parts) if k not in cells}
    small = {k for k in unknown if counts_patients(k) and (true[k] or 0) < threshold}
    assert small, "the export has small counts to protect"
    # Every small count of the file is masked.
    for key, value in cells.items():
        if counts_patients(key) and true.get(key) is not None and true[key] < threshold:
            assert value == "s", key
    masked = sorted((k for k in unknown if k in cells), key=repr)
    assert_protected_by_witnesses(
        counts_only(cells), relations, sorted(small, key=repr), masked, threshold
    )
    return small


def chart_bars(pdf: PdfContent):
    """The charts' bars, grouped by chart (one drawing each), legend swatches left out."""
    groups = defaultdict(list)
    for rect in pdf.rects:
        if rect.fill == PALETTE_BLUE or rect.fill == (0.7725, 0.3529, 0.0667):
            groups[(rect.page, rect.group)].append(rect)
    charts = []
    for bars in groups.values():
        vertical = len({round(b.y, 1) for b in bars}) <= 2  # a common baseline (+ a swatch)
        if vertical:
            base = min(round(b.y, 1) for b in bars)
            bars = [b for b in bars if round(b.y, 1) == base]
        else:
            base = min(round(b.x, 1) for b in bars)
            bars = [b for b in bars if round(b.x, 1) == base]
        charts.append((vertical, bars))
    return charts


def bar_label(pdf: PdfContent, bar):
    """The text printed just above a vertical bar."""
    top = bar.y + bar.height
    found = [
        t
        for t in pdf.texts
        if t.page == bar.page and bar.x - 4 <= t.x <= bar.x + bar.width and top <= t.y <= top + 14
    ]
    assert len(found) == 1, (bar, found)
    return value_of(found[0].text)


@pytest.fixture
def exported(demo_services, tmp_path):
    """Every calendar year the app lets one export, in every format, read back."""
    out = {}
    for year in YEARS:
        files = export_files(demo_services, tmp_path, year)
        publication = demo_services.statistics.publication(year)
        out[year] = (files, publication.published)
    return out


def test_every_format_and_the_charts_print_the_same_figures(demo_services, exported):
    drawn = []  # charts with bars, per year
    for _year, (files, published) in exported.items():
        from_csv, from_xlsx, from_pdf, pdf = read_all_formats(files, published)
        assert from_csv == from_xlsx == from_pdf
        # The key figures of the PDF's cover are figures of the tables.
        cover = [value_of(t.text) for line in pdf.lines(0)[5:6] for t in line]
        assert cover == [
            from_csv["sessions"][0][-1],
            from_csv["situations"][0][TOTAL],
            from_csv["situations"][1][TOTAL],
            from_csv["professionals"][2][-1],
            from_csv["fragility"][0][TOTAL],
        ]
        # Charts: each bar carries its value above it, and its height is that value on the
        # chart's one scale; a masked value has its label and no bar. So the charts tell
        # nothing the tables do not.
        charts = chart_bars(pdf)
        # A chart whose every value is masked draws no bar (the demo's first, partial year
        # masks some whole charts); a full year draws most of them.
        assert len(charts) >= 3
        drawn.append(len(charts))
        for vertical, bars in charts:
            if vertical:
                labels = [bar_label(pdf, b) for b in bars]
                assert all(isinstance(v, int) and v > 0 for v in labels), labels
                ratios = {round(b.height / v, 4) for b, v in zip(bars, labels, strict=True)}
            else:  # professionals by profession, top down, as in the table
                values = [row[0] for row in from_csv["professions"][:-1]][: len(bars)]
                bars = sorted(bars, key=lambda b: -b.y)
                ratios = {round(b.width / v, 4) for b, v in zip(bars, values, strict=True)}
            assert len(ratios) == 1, ratios
        # The chart of presentations shows new and follow-up presentations, pathway by pathway:
        # the labels it prints, masks included, are those two rows of the table.
        table = from_csv["situations"]
        expected = [table[r][c] for c in range(5) for r in (2, 3)]
        printed = sorted(
            (t for t in pdf.texts if t.page == 0 and t.text in {str(v) for v in expected}),
            key=lambda t: t.x,
        )
        assert {value_of(t.text) for t in printed} >= {v for v in expected if v != "s"}
    assert max(drawn) >= 4


def test_the_integer_program_finds_nothing_in_any_export(demo_services, exported):
    for year, (files, published) in exported.items():
        computation = demo_services.statistics.compute(*calendar_year(year), threshold=11)
        assert computation.published.tables == published.tables  # the edition, recomputed
        from_csv, *_ = read_all_formats(files, published)
        small = attack(from_csv, computation, 11)
        assert len(small) > 50


def test_the_app_allows_no_two_overlapping_periods(demo_services, tmp_path):
    """The differencing of issue 12 (two periods one day apart) and every other overlap are
    refused; the periods left — whole past years — share no patient count, so no relation ties
    one export to another and each one stands on its own (previous test)."""
    start, end = calendar_year(2025)
    day = dt.timedelta(days=1)
    candidates = [
        (start, end + day),
        (start - day, end),
        (start + day, end),
        (start, end - day),
        (start, dt.date(2025, 6, 30)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2024, 1, 1), end),
        (dt.date(2024, 7, 1), dt.date(2025, 6, 30)),
        calendar_year(2026),  # not over
    ]
    for period in candidates:
        with pytest.raises(RefusedError):
            demo_services.statistics._check_period(*period)
    allowed = [calendar_year(y) for y in demo_services.statistics.exportable_years()]
    assert allowed and all(p[0].year < 2026 for p in allowed)
    for (s1, e1), (s2, e2) in itertools.combinations(allowed, 2):
        assert e1 < s2 or e2 < s1  # never overlapping


def test_a_correction_after_publication_cannot_be_differenced(demo_services, exported, tmp_path):
    files, _published = exported[2025]
    # A late session of December 2025 changes the figures on screen…
    before = demo_services.statistics.report(*calendar_year(2025))
    from tests.statistics.test_register import add_late_patient

    add_late_patient(demo_services)
    after = demo_services.statistics.report(*calendar_year(2025))
    assert after.tables != before.tables
    # …but any new export of 2025 prints the edition: nothing to subtract.
    again = export_files(demo_services, folder(tmp_path, "again"), 2025)
    assert csv_text(again["csv"]) == csv_text(files["csv"])
    assert (
        again["xlsx"] and PdfContent(again["pdf"]).all_text() == PdfContent(files["pdf"]).all_text()
    )


def test_a_pathway_export_tells_nothing_the_whole_export_does_not(
    demo_services, exported, tmp_path
):
    files, published = exported[2025]
    whole = csv_tables(csv_text(files["csv"]), published)
    for pathway in (p.value for p in Pathway):
        part_files = export_files(demo_services, tmp_path, 2025, pathway)
        view = published.for_pathway(pathway)
        part = csv_tables(csv_text(part_files["csv"]), view)
        for table in view.tables:
            columns = published.table(table.id).column_pathways
            # A table of one pathway's own (TND) has no total column.
            cols = [columns.index(pathway)] + ([columns.index("*")] if "*" in columns else [])
            assert part[table.id] == [[row[c] for c in cols] for row in whole[table.id]]
        # Its XLSX and PDF print the same figures as its CSV.
        _csv, from_xlsx, from_pdf, _pdf = read_all_formats(part_files, view)
        assert part == from_xlsx == from_pdf, pathway


def test_thresholds(demo_services, exported, tmp_path):
    """A year is published at one threshold: asking for another one is refused; a new edition
    at a higher threshold masks everything the first one masked (same data), so the two files
    together tell no more than the first one, and the new one alone protects up to its own
    threshold."""
    files, first = exported[2025]
    for threshold in (12, 15, 30):
        with pytest.raises(RefusedError):
            export_files(demo_services, tmp_path, 2025, threshold=threshold)
    second_files = export_files(
        demo_services, folder(tmp_path, "15"), 2025, threshold=15, new_edition=True
    )
    second = demo_services.statistics.publication(2025).published
    assert second.threshold == 15
    # The same rows and columns (communes are grouped alike at every export threshold)…
    assert [(t.id, [r[0] for r in t.rows], t.columns) for t in second.tables] == [
        (t.id, [r[0] for r in t.rows], t.columns) for t in first.tables
    ]
    # …and every figure the second edition prints, the first printed alike.
    old = cells_of(csv_tables(csv_text(files["csv"]), first))
    new = cells_of(csv_tables(csv_text(second_files["csv"]), second))
    for key, value in old.items():
        if value == "s":
            assert new[key] == "s", key
        elif new[key] != "s":
            assert new[key] == value, key
    computation = demo_services.statistics.compute(*calendar_year(2025), threshold=15)
    attack(csv_tables(csv_text(second_files["csv"]), second), computation, 15)


def test_the_attacker_catches_a_complement_left_unmasked(demo_services, exported):
    """The attack has teeth: print the true value of a masked complement and it finds a small
    count recomputed or narrowed."""
    files, published = exported[2025]
    computation = demo_services.statistics.compute(*calendar_year(2025), threshold=11)
    tables = csv_tables(csv_text(files["csv"]), published)
    true = truth(computation)
    complements = [
        key
        for key, value in cells_of(tables).items()
        if value == "s" and counts_patients(key) and (true[key] or 0) >= 11
    ]
    assert complements
    for table, r, c in complements:
        leaked = {t: [list(row) for row in rows] for t, rows in tables.items()}
        leaked[table][r][c] = true[(table, r, c)]
        try:
            attack(leaked, computation, 11)
        except AssertionError:
            return  # caught
    pytest.fail("no complement was needed: the attacker never caught a leak")
