"""CSV for a French Excel: one file, ';' separator, UTF-8 with a BOM, decimal comma, CRLF.

One file with one section per table (a title line, a header line, the rows, a blank line)
rather than one file per table in a zip: the board opens a single file by double-click, and the
period, the threshold and the generation date head it, so no table travels without them.
"""

from __future__ import annotations

import csv
import io

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.reports.statistics.common import french_number, header_lines, safe_text, title
from rcp_desktop.services.statistics import PublishedStatistics


def _cell(value, decimals: int) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return french_number(value, decimals)
    return safe_text(value)


def statistics_csv(published: PublishedStatistics) -> bytes:
    buffer = io.StringIO()
    out = csv.writer(
        buffer, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    out.writerow([title(published)])
    for key, value in header_lines(published):
        out.writerow([key, safe_text(value)])
    out.writerow([])
    for table in published.tables:
        out.writerow([safe_text(table.title)])
        out.writerow([safe_text(table.row_header), *(safe_text(c) for c in table.columns)])
        for row_label, values in table.rows:
            out.writerow([safe_text(row_label), *(_cell(v, table.decimals) for v in values)])
        if table.note:
            out.writerow([safe_text(table.note)])
        out.writerow([])
    out.writerow([translate(_N("core", "Note de méthode"))])
    for term, text in published.definitions:
        out.writerow([safe_text(term), safe_text(text)])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
