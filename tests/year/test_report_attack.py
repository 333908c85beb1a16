"""The attacker against the annual report (issue 15), on the demo base: the report of a year
and the statistics export of the same year, read back from their files. The report must print
no patient figure the statistics export does not (same edition, same cells), its rates only
over published counts; and an integer program over everything a reader knows (the export's
relations, plus those of the outcome and self-evaluation tables, written here from their
definitions) must leave every small count of patients anywhere in [0, threshold − 1]."""

from __future__ import annotations

import csv
import datetime as dt
import io

from rcp_desktop.reports.annual_report import report_writer_for
from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.services.annual_report import INDICATORS
from rcp_desktop.services.statistics import ExportRequest
from tests.statistics.attacker import assert_protected_by_witnesses
from tests.statistics.reading import (
    PATHWAY_COLUMNS,
    TOTAL,
    cells_of,
    counts_only,
    counts_patients,
    csv_tables,
    reader_relations,
    truth,
    value_of,
)

YEAR = 2025
THRESHOLD = 11
# Rows of the outcome table that count patients (case files), and its count rows.
OUTCOME_PATIENT_ROWS = {0, 4, 9, 11}
OUTCOME_COUNT_ROWS = (0, 1, 2, 3, 4, 5, 6, 9, 11)
OUTCOME_RATE_ROWS = {7: 5, 8: 6, 10: 9, 12: 11}  # rate row → its numerator row
EVALUATION_COUNT_ROWS = (0, 2, 3, 5)


def text_of(data: bytes) -> str:
    return data[3:].decode("utf-8")


def report_sections(text: str) -> dict[str, list[list[str]]]:
    """The report's CSV as titled grids (a title line, then rows until a blank line)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    sections: dict[str, list[list[str]]] = {}
    i = 4
    while i < len(rows):
        title = rows[i][0]
        j = i + 1
        while j < len(rows) and rows[j]:
            j += 1
        sections[title] = rows[i + 1 : j]
        i = j + 1
    return sections


def year_relations(tables) -> list:
    """What a reader writes about the outcome and self-evaluation tables."""
    rel = []
    for r in OUTCOME_COUNT_ROWS:
        rel.append((("outcomes", r, TOTAL), [("outcomes", r, c) for c in range(PATHWAY_COLUMNS)]))
    for r in EVALUATION_COUNT_ROWS:
        rel.append(
            (("evaluation", r, TOTAL), [("evaluation", r, c) for c in range(PATHWAY_COLUMNS)])
        )
    for c in range(PATHWAY_COLUMNS + 1):
        # The USIPA exits of the period: readmitted within n days, or not.
        for r, name in ((9, "not_readmitted_30"), (11, "not_readmitted_90")):
            rel.append((("usipa", 2, c), [("outcomes", r, c), (name, c)]))
        # Reviews planned = held at their date + the others.
        rel.append((("evaluation", 2, c), [("evaluation", 3, c), ("reviews_missed", c)]))
    for name in ("not_readmitted_30", "not_readmitted_90", "reviews_missed"):
        rel.append(((name, TOTAL), [(name, c) for c in range(PATHWAY_COLUMNS)]))
    return rel


def test_the_report_tells_nothing_the_statistics_do_not(demo_services, tmp_path):
    services = demo_services
    report_path = tmp_path / "rapport.csv"
    services.annual_report.export(YEAR, report_path, report_writer_for(report_path))
    stats_path = tmp_path / "stats.csv"
    services.statistics.export(ExportRequest(YEAR), stats_path, writer_for(stats_path))
    assert len({r.edition_id for r in services.statistics.exports()}) == 1
    published = services.statistics.publication(YEAR).published
    stats = csv_tables(text_of(stats_path.read_bytes()), published)
    sections = report_sections(text_of(report_path.read_bytes()))

    # 1. The outcome and self-evaluation tables of the report are the export's, cell by cell.
    for table_id in ("outcomes", "evaluation"):
        table = published.table(table_id)
        grid = sections[table.title]
        assert [row[0] for row in grid[1:]] == [label for label, _v in table.rows]
        assert [[value_of(v) for v in row[1:]] for row in grid[1:]] == stats[table_id]

    # 2. Each indicator that counts patients is the export's cell (total column); a progress
    # is only given over a printed number.
    indicators = {row[0]: row for row in sections["Indicateurs et objectifs ACI"][1:]}
    for ind in INDICATORS:
        line = indicators[services.annual_report.report(YEAR).line(ind.code).label]
        value = value_of(line[3])
        if ind.table is not None:
            assert value == stats[ind.table][ind.row][-1], ind.code
        if value == "s":
            assert line[4] == "—", ind.code
        if ind.patients:
            assert line[5] == "non publiée"  # 2024 has no edition in this base
    assert any(value_of(indicators[i][3]) == "s" for i in indicators)  # the test has teeth

    # 3. A published rate stands on published counts only.
    out = stats["outcomes"]
    for rate_row, count_row in OUTCOME_RATE_ROWS.items():
        for c in range(PATHWAY_COLUMNS + 1):
            if out[rate_row][c] not in ("s", "—"):
                assert out[count_row][c] != "s" and out[4 if rate_row in (7, 8) else 9][c] != "s"

    # 4. The integer program: nothing small narrowed, nothing masked pinned.
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    computation = services.statistics.compute(start, end, THRESHOLD)
    true = truth(computation)
    for c, code in enumerate(["mental_health", "usipa", "tnd", "elderly", "other", "*"]):
        for name, measure in (
            ("not_readmitted_30", "outcome_not_readmitted_30"),
            ("not_readmitted_90", "outcome_not_readmitted_90"),
        ):
            true[(name, c)] = computation.cells[(measure, code)].value
    cells = cells_of(stats)
    relations = reader_relations(stats) + year_relations(stats)

    def patients(key) -> bool:
        if key[0] == "outcomes":
            return key[1] in OUTCOME_PATIENT_ROWS
        if key[0] in ("not_readmitted_30", "not_readmitted_90"):
            return True
        return key[0] not in ("evaluation", "reviews_missed") and counts_patients(key)

    small = [
        key
        for key, value in true.items()
        if patients(key) and value is not None and value < THRESHOLD
    ]
    for key in small:
        if key in cells:
            assert cells[key] == "s", key
    assert any(k[0] == "outcomes" for k in small)  # outcome counts under 11 exist here
    shown = {
        k: v
        for k, v in counts_only(cells).items()
        if not (k[0] == "outcomes" and k[1] not in OUTCOME_COUNT_ROWS)
        and not (k[0] == "evaluation" and k[1] not in EVALUATION_COUNT_ROWS)
    }
    masked = sorted((k for k, v in shown.items() if v == "s"), key=repr)
    assert_protected_by_witnesses(shown, relations, sorted(small, key=repr), masked, THRESHOLD)
