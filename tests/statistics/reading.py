"""The export as its reader sees it, for the attacker tests: the files parsed back (CSV, XLSX,
PDF tables and charts) into cells keyed (table id, row, column), and every additive relation a
reader can state from the meaning of the tables alone — margins, pathway totals, the same
figure in several tables, breakdowns, and the groups one computes without them being printed
(patients without ALD = patients − patients with ALD…). Written from the tables' definitions,
independently of the code under test.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Hashable

# Columns of the tables broken down by case pathway: five pathways, then the total.
PATHWAY_COLUMNS = 5
TOTAL = 5

Key = tuple[Hashable, ...]
Relation = tuple[Key, list[Key]]


def value_of(text: str) -> int | float | str:
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+,\d+", text):
        return float(text.replace(",", "."))
    return text


def csv_tables(text: str, published) -> dict[str, list[list[int | float | str]]]:
    """Tables read back from the CSV file as a reader would: table id → rows of values."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    tables = {}
    for table in published.tables:
        i = rows.index([table.title])
        body = rows[i + 2 : i + 2 + len(table.rows)]
        tables[table.id] = [[value_of(v) for v in r[1:]] for r in body]
    return tables


def cells_of(tables: dict[str, list[list[int | float | str]]]) -> dict[Key, int | float | str]:
    return {
        (table_id, r, c): value
        for table_id, rows in tables.items()
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
    }


def _pathway_sum(table: str, row: int) -> Relation:
    return ((table, row, TOTAL), [(table, row, c) for c in range(PATHWAY_COLUMNS)])


def reader_relations(tables: dict[str, list[list[int | float | str]]]) -> list[Relation]:
    """Every equality between counts a reader of the tables can write down."""
    rel: list[Relation] = []
    cols = range(PATHWAY_COLUMNS + 1)
    # Rows broken down by pathway add up to their total (counts only: not the medians,
    # durations and rates).
    for table, rows in {
        "situations": range(6),
        "decisions": range(4),
        "crisis_plans": range(2),
        "fragility": range(4),
        "usipa": [0, 1, 2, 3, 4, 5, 6, 8],
        "age_pathway": range(6),
        "sex_pathway": range(4),
        "commune_pathway": range(len(tables.get("commune_pathway", []))),
    }.items():
        if table in tables:
            rel += [_pathway_sum(table, r) for r in rows]
    # Patients: bands, sexes and communes add up to the total row, column by column.
    for table in ("age_pathway", "sex_pathway", "commune_pathway"):
        if table in tables:
            last = len(tables[table]) - 1
            rel += [((table, last, c), [(table, r, c) for r in range(last)]) for c in cols]
    if "age_sex" in tables:
        for r in range(6):
            rel.append((("age_sex", r, 3), [("age_sex", r, s) for s in range(3)]))
            rel.append((("age_sex", r, 3), [("age_pathway", r, TOTAL)]))
        for s in range(4):
            rel.append((("age_sex", 5, s), [("age_sex", r, s) for r in range(5)]))
        for s in range(3):
            rel.append((("age_sex", 5, s), [("sex_pathway", s, TOTAL)]))
    for c in cols:
        # Presentations: new + follow-up, discussed + listed.
        rel.append((("situations", 1, c), [("situations", 2, c), ("situations", 3, c)]))
        rel.append((("situations", 1, c), [("situations", 4, c), ("situations", 5, c)]))
        # USIPA exits by outcome; the groups one computes: included before the period
        # (followed − included) and still followed at its end (followed − exits).
        rel.append((("usipa", 2, c), [("usipa", r, c) for r in (3, 4, 5, 6)]))
        rel.append((("usipa", 1, c), [("usipa", 0, c), ("carried_over", c)]))
        rel.append((("usipa", 1, c), [("usipa", 2, c), ("still_followed", c)]))
        # The same patients in four tables.
        patients = ("fragility", 0, c)
        for table in ("age_pathway", "sex_pathway", "commune_pathway"):
            if table in tables:
                rel.append((patients, [(table, len(tables[table]) - 1, c)]))
        # Fragility: the patients without each trait.
        for r, name in ((1, "no_ald"), (2, "no_c2s"), (3, "not_over_70")):
            rel.append((patients, [("fragility", r, c), (name, c)]))
        # "Over 70" is 71 and over: minus "75 and over" it gives the 71–74, and the 60–74
        # band minus those gives the 60–70.
        if "age_pathway" in tables:
            rel.append((("fragility", 3, c), [("age_pathway", 4, c), ("aged_71_74", c)]))
            rel.append((("age_pathway", 3, c), [("aged_60_70", c), ("aged_71_74", c)]))
    for name in (
        "carried_over",
        "still_followed",
        "no_ald",
        "no_c2s",
        "not_over_70",
        "aged_71_74",
        "aged_60_70",
    ):
        rel.append(((name, TOTAL), [(name, c) for c in range(PATHWAY_COLUMNS)]))
    return rel


# The unprinted groups of reader_relations → the cells of the code under test that count them
# (ground truth for the tests), by pathway code.
HIDDEN_NAMES = {
    "carried_over": "usipa_carried",
    "still_followed": "usipa_ongoing",
    "no_ald": "patients_not_ald",
    "no_c2s": "patients_not_c2s",
    "not_over_70": "patients_not_over70",
    "aged_71_74": "patients_71_74",
    "aged_60_70": "patients_60_70",
}
PATHWAY_CODES = ["mental_health", "usipa", "tnd", "elderly", "other", "*"]


def truth(computation) -> dict[Key, int | float | None]:
    """The true value behind every reader key (printed cells and unprinted groups)."""
    out: dict[Key, int | float | None] = {}
    for table_id, rows in computation.table_keys:
        for r, (_label, keys) in enumerate(rows):
            for c, key in enumerate(keys):
                if key is not None:
                    out[(table_id, r, c)] = computation.cells[key].value
    for name, measure in HIDDEN_NAMES.items():
        for c, code in enumerate(PATHWAY_CODES):
            out[(name, c)] = computation.cells[(measure, code)].value
    return out


# The TND table (one column): rows counting children, rows of medians.
TND_CHILD_ROWS = (0, 2, 4, 6, 8, 9)
TND_MEDIAN_ROWS = (1, 3, 5, 7, 10, 12)

# Which reader keys count patients (or case files, episodes: one patient each).
PATIENT_ROWS = {
    "situations": {0},
    "age_sex": None,
    "age_pathway": None,
    "sex_pathway": None,
    "commune_pathway": None,
    "fragility": None,
    "crisis_plans": None,
    "usipa": {0, 1, 2, 3, 4, 5, 6},
    # The TND pathway: children at each step (the other rows are medians, and the steps
    # started, a count of events).
    "tnd": set(TND_CHILD_ROWS),
}


def counts_patients(key: Key) -> bool:
    if key[0] in HIDDEN_NAMES:
        return True
    rows = PATIENT_ROWS.get(key[0], set())
    return rows is None or key[1] in rows


def counts_only(cells: dict[Key, int | float | str]) -> dict[Key, int | float | str]:
    """The cells that take part in the relations (counts; not means, medians, rates)."""
    return {
        k: v
        for k, v in cells.items()
        if k[0] not in ("sessions", "professions", "professionals")
        and not (k[0] == "situations" and k[1] == 6)
        and not (k[0] == "usipa" and k[1] in (7, 9))
        and not (k[0] == "tnd" and k[1] in TND_MEDIAN_ROWS)
    }
