"""Directory import from the CPTS's own CSV and from the Annuaire Santé extraction.

Two steps, both safe to run off the GUI thread:

* :meth:`DirectoryImportService.analyse` reads the file (streamed: a national extraction is far
  bigger than memory needs to be), matches columns **by header name**, detects the encoding
  (UTF-8 or Windows-1252) and the separator, keeps the rows inside the chosen territory, merges
  the several rows of one professional (one per place of activity), and compares the result with
  the directory. Nothing is written; the :class:`ImportPlan` carries a preview report.
* :meth:`DirectoryImportService.apply` writes the plan in **one** audited transaction: existing
  professionals (matched on RPPS, else ADELI, else — only for records without any identifier —
  on the name) are updated with the fields the file carries, never blanking a field; the others
  are added. Cancelling or any error rolls everything back: the directory stays as it was.

Every row left out is reported with its reason (no identifier, invalid RPPS, outside the
territory, same professional as an earlier row, invalid value…).

One module per job, in pipeline order:

* ``text`` — comparison keys and tidying of cell text;
* ``vocabulary`` — formats, outcomes, skip reasons, field labels, and the professions;
* ``territory`` — which communes, postal/INSEE codes and départements are kept;
* ``source`` — opening and sniffing the file, mapping its columns, streaming its rows;
* ``rows`` — one row of either format → a :class:`Candidate`;
* ``parse`` — the whole file → candidates inside the territory, rows merged per professional;
* ``matching`` — candidates against the directory: add, update, unchanged or left out;
* ``report`` — the :class:`ImportReport` and the log of rows left out;
* ``progress`` — progress reports and cancellation;
* ``service`` — :class:`DirectoryImportService`, the pipeline over the others.
"""

from rcp_desktop.services.directory_import.matching import FLUSH_EVERY
from rcp_desktop.services.directory_import.progress import (
    CHECK_EVERY,
    CancelFn,
    ImportCancelled,
    ProgressFn,
)
from rcp_desktop.services.directory_import.report import MAX_EXAMPLES, ImportReport, ReportLine
from rcp_desktop.services.directory_import.rows import Candidate
from rcp_desktop.services.directory_import.service import DirectoryImportService, ImportPlan
from rcp_desktop.services.directory_import.source import (
    ANNUAIRE_COLUMNS,
    ANNUAIRE_REQUIRED,
    CSV_COLUMNS,
    CSV_REQUIRED,
    HEAD_BYTES,
    MAX_RECORD_LINES,
    detect_format,
    sniff_delimiter,
    sniff_encoding,
)
from rcp_desktop.services.directory_import.territory import Territory, department_of
from rcp_desktop.services.directory_import.text import (
    clean_value,
    nice_commune,
    nice_phone,
)
from rcp_desktop.services.directory_import.vocabulary import (
    ANNUAIRE_PROFESSION_CODES,
    FIELD_LABELS,
    FORMAT_LABELS,
    IMPORTED_FIELDS,
    MODE_LABELS,
    OUTCOME_LABELS,
    PHYSICIAN_CODE,
    SKIP_LABELS,
    SPECIALTY_CODES,
    ImportFormat,
    Outcome,
    SkipReason,
    annuaire_profession,
    keeps_profession,
    profession_from_text,
)

__all__ = [
    "ANNUAIRE_COLUMNS",
    "ANNUAIRE_PROFESSION_CODES",
    "ANNUAIRE_REQUIRED",
    "CHECK_EVERY",
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "FIELD_LABELS",
    "FLUSH_EVERY",
    "FORMAT_LABELS",
    "HEAD_BYTES",
    "IMPORTED_FIELDS",
    "MAX_EXAMPLES",
    "MAX_RECORD_LINES",
    "MODE_LABELS",
    "OUTCOME_LABELS",
    "PHYSICIAN_CODE",
    "SKIP_LABELS",
    "SPECIALTY_CODES",
    "CancelFn",
    "Candidate",
    "DirectoryImportService",
    "ImportCancelled",
    "ImportFormat",
    "ImportPlan",
    "ImportReport",
    "Outcome",
    "ProgressFn",
    "ReportLine",
    "SkipReason",
    "Territory",
    "annuaire_profession",
    "clean_value",
    "department_of",
    "detect_format",
    "keeps_profession",
    "nice_commune",
    "nice_phone",
    "profession_from_text",
    "sniff_delimiter",
    "sniff_encoding",
]
