"""Reading a whole file into candidates: streamed row by row (a national extraction is far bigger
than memory needs to be), each row read by its format's reader (``rows``), kept if inside the
territory, and the several rows of one professional (one per place of activity) merged into one.
Every row left out is logged with its reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Profession
from rcp_desktop.services.directory_import.progress import (
    CHECK_EVERY,
    CancelFn,
    ImportCancelled,
    ProgressFn,
)
from rcp_desktop.services.directory_import.report import (
    MAX_EXAMPLES,
    ImportReport,
    ReportLine,
    SkipLog,
)
from rcp_desktop.services.directory_import.rows import Candidate, RowFn, annuaire_row, csv_row
from rcp_desktop.services.directory_import.source import (
    Reader,
    WrongEncoding,
    detect_format,
    head_encoding,
    ignored_columns,
    map_columns,
    open_source,
)
from rcp_desktop.services.directory_import.territory import Territory
from rcp_desktop.services.directory_import.text import clean_value
from rcp_desktop.services.directory_import.vocabulary import (
    SKIP_LABELS,
    ImportFormat,
    Outcome,
    SkipReason,
)

Parsed = tuple[ImportReport, list[Candidate], SkipLog]


def read_file(
    path: Path,
    fmt: ImportFormat,
    territory: Territory,
    progress: ProgressFn,
    cancel: CancelFn,
) -> Parsed:
    """The preview report (file facts and counts, no matching yet), the candidates inside the
    territory, and the rows left out."""
    encoding = head_encoding(path)
    try:
        return _read(path, encoding, fmt, territory, progress, cancel)
    except WrongEncoding:
        # A Windows-1252 byte after the first quarter megabyte: read again as such.
        return _read(path, "cp1252", fmt, territory, progress, cancel)


def _read(
    path: Path,
    encoding: str,
    fmt: ImportFormat,
    territory: Territory,
    progress: ProgressFn,
    cancel: CancelFn,
) -> Parsed:
    skips = SkipLog()
    with open_source(path) as source:
        reader = Reader(source, encoding, fmt)
        actual = fmt if fmt is not ImportFormat.AUTO else detect_format(reader.header)
        index = map_columns(reader.header, actual)
        report = ImportReport(
            file_name=source.name,
            format=actual,
            encoding=encoding,
            delimiter=reader.delimiter,
            territory=territory.text,
            ignored_columns=ignored_columns(reader.header, index)
            if actual is ImportFormat.CSV
            else [],
        )
        people = _People(actual, territory, skips)
        row_fn: RowFn = annuaire_row if actual is ImportFormat.ANNUAIRE else csv_row
        width = max(index.values()) + 1
        header_width = len(reader.header)
        rows = 0
        for line, row in reader.rows():
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows % CHECK_EVERY == 0:
                if cancel():
                    raise ImportCancelled
                progress(reader.position(), source.size)
            if len(row) != header_width and _malformed(row, width, header_width, line, skips):
                continue
            cand = row_fn(row, index, line, skips)
            if cand is not None:
                people.take(cand, line)
        progress(source.size, source.size)
    people.settle_outside()
    people.count_into(report, rows)
    return report, list(people.inside.values()), skips


def _malformed(row: list[str], width: int, header_width: int, line: int, skips: SkipLog) -> bool:
    """True (and logged) when *row* lacks a mapped column or has values past the header's (a
    row as wide as the header never is: every mapped column lies within the header)."""
    extra = row[header_width:]
    if len(row) < width or any(clean_value(c) for c in extra):
        skips.add(
            SkipReason.MALFORMED,
            line,
            detail=translate(_N("core", "{n} colonne(s) au lieu de {expected}")).format(
                n=len(row), expected=header_width
            ),
        )
        return True
    return False


def person_key(cand: Candidate, fmt: ImportFormat):
    """What makes two rows the same professional: the RPPS, else the ADELI, else (a CSV list
    only) the name and the profession; None if the row cannot be told apart."""
    if cand.values.get("rpps"):
        return ("rpps", cand.values["rpps"])
    if cand.values.get("adeli"):
        return ("adeli", cand.values["adeli"])
    if fmt is ImportFormat.CSV:
        return ("name", *cand.name_key, cand.values.get("profession"))
    return None


def merge_rows(first: Candidate, other: Candidate) -> Candidate:
    """Keep the best-placed row's address and contacts; fill what it lacks from the other."""
    best, second = (other, first) if other.rank > first.rank else (first, other)
    values = dict(best.values)
    for name, value in second.values.items():
        values.setdefault(name, value)
    # The profession and its detail come from the row that says most about them.
    for cand in (best, second):
        if cand.values.get("profession") not in (
            None,
            Profession.OTHER,
            Profession.OTHER_SPECIALIST,
        ):
            values["profession"] = cand.values["profession"]
            if cand.values.get("profession_detail"):
                values["profession_detail"] = cand.values["profession_detail"]
            break
    return Candidate(
        line=min(first.line, other.line),
        values=values,
        postal_code=best.postal_code,
        commune_code=best.commune_code,
        department=best.department,
        rank=best.rank,
        notes=first.notes + [n for n in other.notes if n not in first.notes],
    )


class _People:
    """The professionals of the file so far: those with a row inside the territory (their rows
    merged), and those seen only outside it (counted)."""

    def __init__(self, fmt: ImportFormat, territory: Territory, skips: SkipLog) -> None:
        self.fmt = fmt
        self.territory = territory
        self.skips = skips
        self.inside: dict[object, Candidate] = {}
        self.outside: dict[object, list] = {}  # key → [rows, commune]
        self.outside_lines: dict[int, object] = {}  # example line → key
        self.outside_communes: Counter = Counter()
        self.seen_rows: set[tuple] = set()

    def take(self, cand: Candidate, line: int) -> None:
        key = person_key(cand, self.fmt)
        if key is None:
            self.skips.add(SkipReason.NO_IDENTIFIER, line, cand.name)
            return
        inside = self.territory.contains(
            str(cand.values.get("commune") or ""),
            cand.postal_code,
            cand.commune_code,
            cand.department,
        )
        if inside:
            self._keep(cand, key, line)
        else:
            self._leave_outside(cand, key, line)

    def _leave_outside(self, cand: Candidate, key, line: int) -> None:
        skips = self.skips
        commune = str(cand.values.get("commune") or "") or translate(_N("core", "sans adresse"))
        skips.add(SkipReason.OUTSIDE_TERRITORY, line, cand.name, cand.identifier, commune)
        if skips.counts[SkipReason.OUTSIDE_TERRITORY] <= MAX_EXAMPLES:
            self.outside_lines[line] = key
        if key not in self.outside:
            self.outside[key] = [0, commune]
            self.outside_communes[commune] += 1
        self.outside[key][0] += 1

    def _keep(self, cand: Candidate, key, line: int) -> None:
        previous = self.inside.get(key)
        signature = (
            key,
            tuple(sorted((k, str(v)) for k, v in cand.values.items())),
            cand.postal_code,
            cand.commune_code,
        )
        if previous is None:
            self.inside[key] = cand
            self.seen_rows.add(signature)
            return
        if self.fmt is ImportFormat.CSV:
            self.skips.add(
                SkipReason.DUPLICATE_ROW,
                line,
                cand.name,
                cand.identifier,
                translate(_N("core", "même professionnel que la ligne {line}")).format(
                    line=previous.line
                ),
            )
            return
        duplicate = signature in self.seen_rows
        self.seen_rows.add(signature)
        self.inside[key] = merge_rows(previous, cand)
        self.skips.add(
            SkipReason.DUPLICATE_ROW if duplicate else SkipReason.SAME_PROFESSIONAL,
            line,
            cand.name,
            cand.identifier,
            translate(
                _N("core", "identique à une ligne précédente")
                if duplicate
                else _N("core", "même professionnel que la ligne {line}")
            ).format(line=previous.line),
        )

    def settle_outside(self) -> None:
        """People with a row inside the territory are not "left out": their other rows are
        other places of activity."""
        counts = self.skips.counts
        for key in [k for k in self.outside if k in self.inside]:
            moved, commune = self.outside.pop(key)
            self.outside_communes[commune] -= 1
            counts[SkipReason.OUTSIDE_TERRITORY] -= moved
            counts[SkipReason.SAME_PROFESSIONAL] += moved
        if counts[SkipReason.OUTSIDE_TERRITORY] <= 0:
            del counts[SkipReason.OUTSIDE_TERRITORY]
        self._relabel_outside_examples()

    def _relabel_outside_examples(self) -> None:
        label_same = translate(SKIP_LABELS[SkipReason.SAME_PROFESSIONAL])
        lines = self.skips.lines
        for i, entry in enumerate(lines):
            if (
                entry.reason is SkipReason.OUTSIDE_TERRITORY
                and entry.line is not None
                and self.outside_lines.get(entry.line) in self.inside
            ):
                detail = translate(_N("core", "hors du territoire"))
                lines[i] = ReportLine(
                    Outcome.SKIPPED,
                    entry.line,
                    entry.name,
                    entry.identifier,
                    f"{label_same} : {detail}",
                    SkipReason.SAME_PROFESSIONAL,
                )

    def count_into(self, report: ImportReport, rows: int) -> None:
        report.rows_read = rows
        report.outside_people = len(self.outside)
        report.outside_communes = [
            (c, n) for c, n in self.outside_communes.most_common(10) if n > 0
        ]
        report.professionals_in_file = len(self.inside) + len(self.outside)
