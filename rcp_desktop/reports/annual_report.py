"""The annual activity report in three formats: PDF (letterhead, indicators against targets with
a chart, outcomes by pathway, self-evaluation, the coordinator's text, the method), CSV for a
French Excel, XLSX. Every patient figure comes from the year's statistics edition
(:mod:`rcp_desktop.services.annual_report`): the writers only lay it out."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from rcp_desktop.domain.dates import fr_datetime
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.models import DurationFeeling, label
from rcp_desktop.reports.common import letterhead
from rcp_desktop.reports.pdf_base import build_pdf, para, styles, table
from rcp_desktop.reports.statistics.common import ChartSpec, french_number, safe_text
from rcp_desktop.reports.statistics.pdf_writer import _chart, _table
from rcp_desktop.services.annual_report import AnnualReport, ReportLine
from rcp_desktop.services.errors import RefusedError


def report_title(year: int) -> str:
    return tr(_N("core", "Rapport annuel d'activité {year}")).format(year=year)


def shown(value: object, decimals: int = 1) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return french_number(value, decimals)
    return str(value)


def _target(line: ReportLine) -> str:
    return shown(_target_value(line))


def _target_value(line: ReportLine) -> int | float | str:
    if line.target is None:
        return "—"
    return int(line.target) if line.target.is_integer() else line.target


def _progress(line: ReportLine) -> str:
    return f"{shown(line.progress)} %" if line.progress is not None else "—"


def _level(line: ReportLine) -> str:
    return label(line.level) if line.level is not None else "—"


def indicator_rows(report: AnnualReport) -> list[list[str]]:
    """The indicators table as text: header, then one row per indicator."""
    rows = [
        [
            tr(_N("core", "Indicateur")),
            tr(_N("core", "Niveau")),
            tr(_N("core", "Objectif")),
            tr(_N("core", "Réalisé")),
            tr(_N("core", "Atteinte")),
            tr(_N("core", "{year}")).format(year=report.year - 1),
        ]
    ]
    for line in report.lines:
        rows.append(
            [
                line.label,
                _level(line),
                _target(line),
                shown(line.value),
                _progress(line),
                shown(line.previous),
            ]
        )
    return rows


def evaluation_rows(report: AnnualReport) -> list[list[str]]:
    rows = [[tr(_N("core", "Critère")), tr(_N("core", "Résultat"))]]
    for line in report.self_evaluation:
        value = shown(line.value)
        if isinstance(line.value, int | float):
            value = f"{value} {line.unit}"
        rows.append([line.label, value])
    e = report.evaluations
    rows.append(
        [
            tr(_N("core", "Séances évaluées en fin de séance")),
            tr(_N("core", "{n} sur {held}")).format(n=e.evaluated, held=e.sessions_held),
        ]
    )
    if e.evaluated:
        rows.append(
            [tr(_N("core", "Satisfaction moyenne (1 à 5)")), shown(round(e.satisfaction or 0, 1))]
        )
        rows.append(
            [
                tr(_N("core", "Utilité des décisions, moyenne (1 à 5)")),
                shown(round(e.usefulness or 0, 1)),
            ]
        )
        rows.append(
            [
                tr(_N("core", "Durée ressentie")),
                ", ".join(f"{label(d)} : {e.durations[d]}" for d in DurationFeeling),
            ]
        )
    return rows


def _method(report: AnnualReport) -> str:
    edition = (
        tr(_N("core", "édition du {date}")).format(date=fr_datetime(report.edition_date))
        if report.edition_date
        else tr(_N("core", "chiffres que fixera le premier export"))
    )
    previous = (
        ""
        if report.previous_published
        else " "
        + tr(
            _N(
                "core",
                "L'année précédente n'ayant pas d'édition publiée, ses effectifs de patients ne "
                "sont pas repris (« non publiée ») ; ses chiffres d'activité sont exacts.",
            )
        )
    )
    return (
        tr(
            _N(
                "core",
                "Les effectifs de patients sont ceux des statistiques ACI de l'année ({edition}, "
                "seuil {threshold}) : tout effectif de moins de {threshold} patients, et toute "
                "case qui permettrait de le recalculer, est masqué « s ». Les chiffres d'activité "
                "(séances, professionnels, heures) sont exacts. Un taux n'est donné que si les "
                "effectifs dont il est calculé sont publiés.",
            )
        ).format(edition=edition, threshold=report.statistics.threshold)
        + previous
    )


def _chart_spec(report: AnnualReport) -> ChartSpec:
    """Progress towards each target, in %: a masked figure has its "s" and no bar."""
    lines = [line for line in report.lines if line.target is not None]
    return ChartSpec(
        "targets",
        tr(_N("core", "Atteinte des objectifs (%)")),
        "hbar",
        tuple(line.label for line in lines),
        (("", tuple(line.progress if line.progress is not None else "s" for line in lines)),),
    )


def report_pdf(report: AnnualReport) -> bytes:
    st = styles()
    story: list[Flowable] = letterhead(
        report.letterhead, report_title(report.year), report.statistics.period_label
    )
    story.append(para(tr(_N("core", "Indicateurs et objectifs ACI")), st["h2"]))
    story.append(
        table(indicator_rows(report), [58 * mm, 22 * mm, 22 * mm, 26 * mm, 24 * mm, 28 * mm])
    )
    story.append(Spacer(1, 4 * mm))
    spec = _chart_spec(report)
    if spec.categories:
        story.append(_chart(spec))
        story.append(Spacer(1, 4 * mm))
    if report.highlights or report.difficulties:
        story.append(para(tr(_N("core", "Le mot de la coordination")), st["h2"]))
        if report.highlights:
            story.append(para(tr(_N("core", "Faits marquants")), st["h3"]))
            story.append(para(report.highlights, st["body"]))
        if report.difficulties:
            story.append(para(tr(_N("core", "Difficultés")), st["h3"]))
            story.append(para(report.difficulties, st["body"]))
    story.append(PageBreak())
    story.append(para(tr(_N("core", "Évaluation de la RCP")), st["h2"]))
    story.append(table(evaluation_rows(report), [110 * mm, 70 * mm]))
    story.append(Spacer(1, 4 * mm))
    for table_id in ("outcomes", "evaluation"):
        if report.statistics.has_table(table_id):
            story += _table(report.statistics.table(table_id), st)
    story.append(para(tr(_N("core", "Méthode")), st["h3"]))
    story.append(para(_method(report), st["small"]))
    story.append(para(report.statistics.legend, st["small"]))
    footer = tr(_N("core", "{cpts} — {title} — aucune donnée nominative")).format(
        cpts=report.letterhead.cpts_name, title=report_title(report.year)
    )
    return build_pdf(story, title=report_title(report.year), footer=footer)


def _sections(report: AnnualReport) -> list[tuple[str, list[list[object]]]]:
    """The report as titled grids of cells (numbers kept as numbers), for CSV and XLSX."""
    indicators: list[list[object]] = [list(indicator_rows(report)[0])]
    for line in report.lines:
        indicators.append(
            [
                line.label,
                _level(line),
                _target_value(line),
                line.value,
                line.progress if line.progress is not None else "—",
                line.previous,
            ]
        )
    sections: list[tuple[str, list[list[object]]]] = [
        (tr(_N("core", "Indicateurs et objectifs ACI")), indicators),
        (tr(_N("core", "Évaluation de la RCP")), [list(r) for r in evaluation_rows(report)]),
    ]
    for table_id in ("outcomes", "evaluation"):
        if report.statistics.has_table(table_id):
            t = report.statistics.table(table_id)
            grid: list[list[object]] = [[t.row_header, *t.columns]]
            grid += [[row_label, *values] for row_label, values in t.rows]
            sections.append((t.title, grid))
    text: list[list[object]] = []
    if report.highlights:
        text.append([tr(_N("core", "Faits marquants")), report.highlights])
    if report.difficulties:
        text.append([tr(_N("core", "Difficultés")), report.difficulties])
    if text:
        sections.append((tr(_N("core", "Le mot de la coordination")), text))
    sections.append((tr(_N("core", "Méthode")), [[_method(report)], [report.statistics.legend]]))
    return sections


def _csv_cell(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return french_number(value, 1)
    return safe_text(str(value))


def report_csv(report: AnnualReport) -> bytes:
    buffer = io.StringIO()
    out = csv.writer(
        buffer, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    out.writerow([safe_text(report_title(report.year))])
    out.writerow([tr(_N("core", "CPTS")), safe_text(report.letterhead.cpts_name)])
    out.writerow([tr(_N("core", "Période")), report.statistics.period_label])
    out.writerow([])
    for title, grid in _sections(report):
        out.writerow([safe_text(title)])
        for row in grid:
            out.writerow([_csv_cell(v) for v in row])
        out.writerow([])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def report_xlsx(report: AnnualReport) -> bytes:
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
    book.set_properties({"title": report_title(report.year), "author": "rcp-desktop"})
    big = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    number_fmt = book.add_format({"num_format": "0.0"})
    sheet = book.add_worksheet(tr(_N("core", "Rapport annuel"))[:31])
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 8, 16)
    sheet.write_string(0, 0, report_title(report.year), big)
    sheet.write_string(1, 0, report.letterhead.cpts_name, bold)
    row = 3
    for title, grid in _sections(report):
        sheet.write_string(row, 0, title, bold)
        row += 1
        for cells in grid:
            for col, value in enumerate(cells):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(row, col, value, number_fmt)
                else:
                    sheet.write_string(row, col, str(value), wrap)
            row += 1
        row += 1
    book.close()
    return buffer.getvalue()


REPORT_WRITERS: dict[str, Callable[[AnnualReport], bytes]] = {
    ".pdf": report_pdf,
    ".xlsx": report_xlsx,
    ".csv": report_csv,
}


def report_writer_for(path: Path) -> Callable[[AnnualReport], bytes]:
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_WRITERS:
        raise RefusedError(
            _N("core", "Format inconnu « {suffix} » : choisissez un fichier .pdf, .xlsx ou .csv."),
            suffix=suffix or "—",
        )
    return REPORT_WRITERS[suffix]
