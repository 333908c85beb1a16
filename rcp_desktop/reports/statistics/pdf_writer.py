"""PDF report for the ARS / CPAM: cover with the key figures, charts (reportlab graphics),
every table, and the method note. Shown values only; the metadata title names no one.

(``type: ignore[assignment]`` below: types-reportlab types chart coordinates as int; reportlab
takes any number.)"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.reports.pdf_base import FONT, FONT_BOLD, build_pdf, para, styles
from rcp_desktop.reports.statistics.common import (
    KEY_FIGURES,
    ChartSpec,
    chart_specs,
    french_number,
    header_lines,
    key_figure,
    number,
    title,
)
from rcp_desktop.services.statistics import PublishedStatistics, PublishedTable

PALETTE = [
    colors.HexColor(c)
    for c in ("#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#1F7F7F", "#A50021")
]
WIDTH = 180 * mm


def _shown(value, decimals: int) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return french_number(value, decimals)
    return str(value)


def _key_figures(published: PublishedStatistics, st) -> Table:
    figures = [
        (translate(label), key_figure(published, table_id, row))
        for label, table_id, row in KEY_FIGURES
    ]
    big = st["title"].clone("big", alignment=1, fontSize=18, leading=22, spaceAfter=0)
    small = st["small"].clone("smallc", alignment=1)
    cells = [
        [para(_shown(v, 0), big) for _l, v in figures],
        [para(label, small) for label, _v in figures],
    ]
    table = Table(cells, colWidths=[WIDTH / len(figures)] * len(figures))
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#2F5597")),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#B4C6E7")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F2F6FC")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _label(value) -> str:
    return french_number(value, 1) if isinstance(value, int | float) else str(value)


def _chart(spec: ChartSpec, width: float = WIDTH) -> Drawing:
    rows = len(spec.categories)
    height = 60 * mm if spec.kind != "hbar" else (22 + 6.5 * rows) * mm
    d = Drawing(width, height)
    d.add(String(0, height - 10, spec.title, fontName=FONT_BOLD, fontSize=9.5))
    grey = colors.HexColor("#555555")
    if not spec.drawable:
        d.add(
            String(
                0,
                height - 28,
                translate(
                    _N(
                        "core",
                        "Effectifs nuls ou masqués par le secret statistique : rien à représenter.",
                    )
                ),
                fontName=FONT,
                fontSize=8,
                fillColor=grey,
            )
        )
        return d
    multi = len(spec.series) > 1
    hbar = spec.kind == "hbar"
    chart = HorizontalBarChart() if hbar else VerticalBarChart()
    data = [[number(v) for v in values] for _name, values in spec.series]
    chart.data = data
    legend_room = 42 * mm if multi else 0
    if hbar:
        chart.x, chart.y = 72 * mm, 10  # type: ignore[assignment]
        chart.width, chart.height = width - 72 * mm - legend_room - 5, height - 26  # type: ignore[assignment]
        chart.categoryAxis.reverseDirection = 1
        chart.categoryAxis.style = "stacked"
    else:
        chart.x, chart.y = 24, 24
        chart.width, chart.height = width - 24 - legend_room - 5, height - 48  # type: ignore[assignment]
        chart.categoryAxis.labels.dy = -2
        chart.barLabels.nudge = 5
        chart.barLabelFormat = "values"
        chart.barLabelArray = [[_label(v) for v in values] for _name, values in spec.series]
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 7
    chart.categoryAxis.categoryNames = list(spec.categories)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    top = (
        max(sum(col) for col in zip(*data, strict=True)) if hbar else max(max(row) for row in data)
    )
    top = max(top, 1)
    step = max(1, round(top / 5))
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = (int(top * 1.15) // step + 1) * step
    for i in range(len(data)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    d.add(chart)
    if multi:
        legend = Legend()
        legend.x, legend.y = width - legend_room + 4, height - 24  # type: ignore[assignment]
        legend.fontName, legend.fontSize = FONT, 8
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], name) for i, (name, _v) in enumerate(spec.series)
        ]
        d.add(legend)
    if spec.masked_note:
        d.add(String(0, 0, spec.masked_note, fontName=FONT, fontSize=7, fillColor=grey))
    return d


def _charts(published: PublishedStatistics) -> list:
    """Bar charts a page wide; those with few categories half a page wide, two by two."""
    out: list = []
    halves: list[Drawing] = []
    for spec in chart_specs(published, published.pathway):
        if spec.small:
            halves.append(_chart(spec, WIDTH / 2 - 3 * mm))
        else:
            out += [_chart(spec), Spacer(1, 5 * mm)]
    for i in range(0, len(halves), 2):
        pair = halves[i : i + 2]
        out += [
            Table(
                [pair],
                colWidths=[WIDTH / 2] * len(pair),
                style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")],
            ),
            Spacer(1, 5 * mm),
        ]
    return out


def _table(table: PublishedTable, st) -> list:
    head = st["cellbold"].clone("statshead", fontSize=7.5, leading=9)
    cell = st["cell"]
    ncols = len(table.columns)
    label_width = 56 * mm if ncols > 3 else 90 * mm
    col_width = (WIDTH - label_width) / ncols
    rows: list[list[Flowable | str]] = [
        [para(table.row_header, head), *(para(c, head) for c in table.columns)]
    ]
    for row_label, values in table.rows:
        rows.append([para(row_label, cell), *(_shown(v, table.decimals) for v in values)])
    t = Table(rows, colWidths=[label_width] + [col_width] * ncols, repeatRows=1)
    style: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9DA9B8")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if table.rows and table.rows[-1][0] == translate(_N("core", "Total")):
        style.append(("FONT", (0, len(rows) - 1), (-1, len(rows) - 1), FONT_BOLD, 8.5))
    if (table.column_pathways and table.column_pathways[-1] == "*") or table.columns[
        -1
    ] == translate(_N("core", "Total")):
        style.append(("FONT", (-1, 1), (-1, -1), FONT_BOLD, 8.5))
    t.setStyle(TableStyle(style))
    block = [para(table.title, st["h3"]), t]
    if table.note:
        block.append(para(table.note, st["small"]))
    return [KeepTogether(block), Spacer(1, 4 * mm)]


def statistics_pdf(published: PublishedStatistics) -> bytes:
    st = styles()
    story: list[Flowable] = [
        para(title(published), st["title"]),
        para(published.cpts_name, st["h2"]),
    ]
    for key, value in header_lines(published)[1:-1]:
        story.append(para(f"{key} : {value}", st["body"]))
    story += [
        Spacer(1, 4 * mm),
        _key_figures(published, st),
        Spacer(1, 3 * mm),
        para(published.legend, st["small"]),
        Spacer(1, 4 * mm),
    ]
    story += _charts(published)
    story.append(PageBreak())
    story.append(para(translate(_N("core", "Tableaux")), st["h2"]))
    for table in published.tables:
        story += _table(table, st)
    story.append(PageBreak())
    story.append(para(translate(_N("core", "Note de méthode")), st["h2"]))
    for term, text in published.definitions:
        story.append(para(term, st["h3"]))
        story.append(para(text, st["body"]))
    footer = translate(_N("core", "{title} — {period} — seuil {threshold}")).format(
        title=title(published), period=published.period_label, threshold=published.threshold
    )
    return build_pdf(story, title=title(published), footer=footer)
