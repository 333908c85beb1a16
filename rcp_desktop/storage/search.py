"""The patient search index: an SQLite FTS5 table inside the encrypted file.

``patient_search`` holds one row per patient (``rowid`` = ``patient.id``) with three columns:
the names (birth name, used name, first names, used first name), the birth date
(``14/07/1985``; other forms people type are rewritten by :func:`match_query`) and the numbers
of the patient's case files.
The ``unicode61 remove_diacritics 2`` tokenizer folds case and accents ("chloe" finds
"Chloé"). Triggers on ``patient`` and ``case_file`` keep it in sync within the writing
transaction (migration ``0002_patient_search``); the index is derived data, outside the ORM
metadata, so the audit log and the model-vs-migration comparison leave it alone.

A migration that rebuilds ``patient`` or ``case_file`` (Alembic batch mode on SQLite copies the
table) drops their triggers: such a migration must run :func:`trigger_statements` again
(``tests/services/test_search.py`` fails otherwise).
"""

from __future__ import annotations

import re

SEARCH_TABLE = "patient_search"
TOKENIZE = "unicode61 remove_diacritics 2"

_NAMES = (
    "coalesce({p}.birth_name, '') || ' ' || coalesce({p}.used_name, '') || ' ' || "
    "coalesce({p}.first_names, '') || ' ' || coalesce({p}.used_first_name, '')"
)
_BIRTH = "coalesce(strftime('%d/%m/%Y', {p}.birth_date), '')"
_NUMBERS = "coalesce((SELECT group_concat(number, ' ') FROM case_file WHERE patient_id = {id}), '')"

TRIGGER_NAMES = (
    "patient_search_patient_insert",
    "patient_search_patient_update",
    "patient_search_patient_delete",
    "patient_search_case_insert",
    "patient_search_case_update",
    "patient_search_case_delete",
)


def table_statement() -> str:
    return f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(names, birth, numbers, tokenize = '{TOKENIZE}')"


def trigger_statements() -> list[str]:
    """The triggers keeping the index in sync (to recreate after rebuilding a table)."""
    new_names, new_birth = _NAMES.format(p="NEW"), _BIRTH.format(p="NEW")
    return [
        f"""CREATE TRIGGER patient_search_patient_insert AFTER INSERT ON patient BEGIN
            INSERT INTO {SEARCH_TABLE} (rowid, names, birth, numbers)
            VALUES (NEW.id, {new_names}, {new_birth}, {_NUMBERS.format(id="NEW.id")});
        END""",
        f"""CREATE TRIGGER patient_search_patient_update
            AFTER UPDATE OF birth_name, used_name, first_names, used_first_name, birth_date ON patient
        BEGIN
            UPDATE {SEARCH_TABLE} SET names = {new_names}, birth = {new_birth} WHERE rowid = NEW.id;
        END""",
        f"""CREATE TRIGGER patient_search_patient_delete AFTER DELETE ON patient BEGIN
            DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;
        END""",
        f"""CREATE TRIGGER patient_search_case_insert AFTER INSERT ON case_file BEGIN
            UPDATE {SEARCH_TABLE} SET numbers = {_NUMBERS.format(id="NEW.patient_id")}
            WHERE rowid = NEW.patient_id;
        END""",
        f"""CREATE TRIGGER patient_search_case_update AFTER UPDATE OF number, patient_id ON case_file
        BEGIN
            UPDATE {SEARCH_TABLE} SET numbers = {_NUMBERS.format(id="OLD.patient_id")}
            WHERE rowid = OLD.patient_id;
            UPDATE {SEARCH_TABLE} SET numbers = {_NUMBERS.format(id="NEW.patient_id")}
            WHERE rowid = NEW.patient_id;
        END""",
        f"""CREATE TRIGGER patient_search_case_delete AFTER DELETE ON case_file BEGIN
            UPDATE {SEARCH_TABLE} SET numbers = {_NUMBERS.format(id="OLD.patient_id")}
            WHERE rowid = OLD.patient_id;
        END""",
    ]


def source_rows_statement() -> str:
    """The rows the index must hold, computed from the patient and case_file tables."""
    return (
        f"SELECT p.id, {_NAMES.format(p='p')}, {_BIRTH.format(p='p')}, {_NUMBERS.format(id='p.id')} "
        "FROM patient AS p"
    )


def fill_statement() -> str:
    """(Re)fill the index from the patient and case_file tables."""
    return f"INSERT INTO {SEARCH_TABLE} (rowid, names, birth, numbers) {source_rows_statement()}"


def install_statements() -> list[str]:
    """Create the index and its triggers, then fill it from existing rows."""
    return [table_statement(), *trigger_statements(), fill_statement()]


def drop_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES] + [
        f"DROP TABLE IF EXISTS {SEARCH_TABLE}"
    ]


def rebuild_statements() -> list[str]:
    """Empty the index and fill it again (repair, or after a table rebuild)."""
    return [f"DELETE FROM {SEARCH_TABLE}", fill_statement()]


def is_search_table(name: str | None) -> bool:
    """The FTS table and its shadow tables (``patient_search_data``, ``_idx``…)."""
    return name is not None and (name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_"))


def include_name(name, type_, _parent_names) -> bool:
    """Alembic ``include_name`` hook: the search index is not part of the ORM metadata."""
    return not (type_ == "table" and is_search_table(name))


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
# 5 to 8 digits starting with a day and a month (4 digits could be a year: left alone).
_COMPACT_DATE = re.compile(r"^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{1,4})$")


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def _date_alternative(word: str) -> str | None:
    """The jj/mm/aaaa form of a date typed otherwise: 1985-07-14, 1985-07, 14071985, 140719…"""
    iso = _ISO_DATE.match(word)
    if iso:
        year, month, day = iso.groups()
        return f"{day}/{month}/{year}" if day else f"{month}/{year}"
    compact = _COMPACT_DATE.match(word)
    if compact:
        return "/".join(compact.groups())
    return None


def match_query(text: str) -> str | None:
    """An FTS5 MATCH expression for what a user typed: every word must match, each as a quoted
    phrase whose last token is a prefix (``"d'art"*`` finds "d'Artagnan", ``"14/07"*`` the
    birth date 14/07/…, ``"2026-00"*`` the case 2026-0012); a date typed 1985-07-14 or
    14071985 also matches as 14/07/1985. Quotes are doubled, so no input is FTS syntax. Words
    without a letter or digit (punctuation, emoji) are ignored; None when nothing is left."""
    terms = []
    for word in text.split():
        if not any(ch.isalnum() for ch in word):
            continue
        alternative = _date_alternative(word)
        if alternative is None:
            terms.append(_phrase(word))
        else:
            terms.append(f"({_phrase(word)} OR {_phrase(alternative)})")
    # Explicit AND: FTS5 has no implicit AND after a parenthesised group.
    return " AND ".join(terms) if terms else None
