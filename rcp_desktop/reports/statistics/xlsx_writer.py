"""XLSX workbook: a cover sheet (period, threshold, generation date, legend, method) and one
sheet per table. Numbers are written as numbers, masks ("s") and labels as text —
never as formulas. Built in memory: no temporary file."""

from __future__ import annotations

import io
import re

import xlsxwriter

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.reports.statistics.common import header_lines, title
from rcp_desktop.services.statistics import PublishedStatistics

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(text: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", text).strip()[:28] or "Tableau"
    name, n = base, 2
    while name.casefold() in used:
        name = f"{base[:26]} {n}"
        n += 1
    used.add(name.casefold())
    return name


def statistics_xlsx(published: PublishedStatistics) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": title(published),
            "author": "rcp-desktop",
            "company": "",
            "comments": "",
        }
    )
    bold = book.add_format({"bold": True})
    big = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DCE6F1", "border": 1}
    )
    label_fmt = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    int_fmt = book.add_format({"border": 1, "num_format": "0", "align": "right"})
    dec_fmt = book.add_format({"border": 1, "num_format": "0.0", "align": "right"})
    mask_fmt = book.add_format({"border": 1, "align": "right", "font_color": "#7F7F7F"})
    used: set[str] = set()

    cover = book.add_worksheet(_sheet_name(translate(_N("core", "Présentation")), used))
    cover.set_column(0, 0, 30)
    cover.set_column(1, 1, 100)
    cover.write_string(0, 0, title(published), big)
    row = 2
    for key, text in header_lines(published):
        cover.write_string(row, 0, key, bold)
        cover.write_string(row, 1, text, wrap)
        row += 1
    row += 1
    cover.write_string(row, 0, translate(_N("core", "Tableaux")), bold)
    row += 1
    for table in published.tables:
        cover.write_string(row, 1, table.title)
        row += 1
    row += 1
    cover.write_string(row, 0, translate(_N("core", "Note de méthode")), bold)
    row += 1
    for term, text in published.definitions:
        cover.write_string(row, 0, term, wrap)
        cover.write_string(row, 1, text, wrap)
        row += 1

    for table in published.tables:
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        sheet.write_string(0, 0, table.title, big)
        sheet.write_string(
            1,
            0,
            f"{published.period_label} — "
            + translate(_N("core", "seuil {threshold}")).format(threshold=published.threshold),
        )
        sheet.write_string(3, 0, table.row_header, head)
        for c, column in enumerate(table.columns, start=1):
            sheet.write_string(3, c, column, head)
        for r, (row_label, values) in enumerate(table.rows, start=4):
            sheet.write_string(r, 0, row_label, label_fmt)
            for c, shown in enumerate(values, start=1):
                if isinstance(shown, bool) or not isinstance(shown, int | float):
                    sheet.write_string(r, c, str(shown), mask_fmt)
                elif isinstance(shown, float):
                    sheet.write_number(r, c, shown, dec_fmt)
                else:
                    sheet.write_number(r, c, shown, int_fmt)
        last = 4 + len(table.rows)
        if table.note:
            sheet.write_string(last + 1, 0, table.note)
        sheet.write_string(last + 2, 0, published.legend)
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, len(table.columns), 15)
        sheet.freeze_panes(4, 1)
    book.close()
    return buffer.getvalue()
