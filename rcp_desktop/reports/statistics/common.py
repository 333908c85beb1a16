"""What the statistics writers share: French number formatting, cell sanitising, header lines,
chart series drawn from the published tables."""

from __future__ import annotations

from dataclasses import dataclass

from rcp_desktop.domain.dates import fr_datetime
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.services.statistics import (
    ALL,
    NO_PATHWAY,
    PublishedStatistics,
    PublishedTable,
    pathway_label,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def french_number(value: int | float, decimals: int = 1) -> str:
    """12 → "12"; 8.46 → "8,5" (decimal comma, as a French Excel reads it)."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}".replace(".", ",")


def safe_text(text: str) -> str:
    """Text a spreadsheet will never run as a formula (a commune typed "=HYPERLINK(…)")."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    return "'" + text if text.startswith(FORMULA_START) else text


def title(published: PublishedStatistics) -> str:
    return translate(_N("core", "Statistiques ACI anonymisées"))


# The key figures heading the PDF and the statistics page: (label, table, row), read in the
# column of the pathway shown.
KEY_FIGURES: tuple[tuple[str, str, int], ...] = (
    (_N("core", "Séances tenues"), "sessions", 0),
    (_N("core", "Situations présentées"), "situations", 0),
    (_N("core", "Présentations"), "situations", 1),
    (_N("core", "Professionnels mobilisés"), "professionals", 2),
    (_N("core", "Patients"), "fragility", 0),
)


def key_figure(published: PublishedStatistics, table_id: str, row: int) -> int | float | str:
    """A figure of *table_id* in the column of the pathway *published* shows ("—" if none)."""
    table = published.table(table_id)
    col = table.column_for(published.pathway)
    return table.rows[row][1][col] if col is not None else "—"


def header_lines(published: PublishedStatistics) -> list[tuple[str, str]]:
    lines = [
        (translate(_N("core", "CPTS")), published.cpts_name),
        (translate(_N("core", "Période")), published.period_label),
    ]
    if published.pathway != ALL:
        lines.append((translate(_N("core", "Parcours")), pathway_label(published.pathway)))
    return [
        *lines,
        (translate(_N("core", "Seuil de secret statistique")), str(published.threshold)),
        (translate(_N("core", "Généré le")), fr_datetime(published.generated_at)),
        (translate(_N("core", "Légende")), published.legend),
    ]


@dataclass(frozen=True)
class ChartSpec:
    """Data of one chart: categories × series of shown values (a number, or the mark "s" of a
    masked value, drawn as a label without a bar)."""

    id: str
    title: str
    kind: str  # "bar" (vertical), "hbar" (horizontal)
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int | float | str, ...]], ...]

    @property
    def masked(self) -> int:
        return sum(1 for _n, values in self.series for v in values if isinstance(v, str))

    @property
    def small(self) -> bool:
        """Few categories: half a page wide is enough."""
        return self.kind == "bar" and len(self.categories) <= 4

    @property
    def drawable(self) -> bool:
        """False when every value is masked or zero: nothing to draw."""
        return any(number(v) for _n, values in self.series for v in values)

    @property
    def masked_note(self) -> str:
        if not self.masked:
            return ""
        return translate(
            _N("core", "{n} valeur(s) masquée(s) « s » par le secret statistique, sans barre.")
        ).format(n=self.masked)


def number(value) -> float:
    """The numeric value to draw: masks and "—" count as 0."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _pathway_columns(table: PublishedTable) -> list[int]:
    return [
        i for i, code in enumerate(table.column_pathways or ()) if code not in (ALL, NO_PATHWAY)
    ]


def _column(table: PublishedTable, pathway: str) -> int:
    column = table.column_for(pathway)
    if column is None:
        raise ValueError(f"table {table.id!r} has no column for pathway {pathway!r}")
    return column


def chart_specs(published: PublishedStatistics, pathway: str = ALL) -> list[ChartSpec]:
    """The charts of the statistics view and of the PDF report. With a *pathway* other than
    "*", they show that pathway only."""
    specs: list[ChartSpec] = []
    if pathway == ALL:
        sessions = published.table("sessions")
        cols = [i for i, code in enumerate(sessions.column_pathways or ()) if code != ALL]
        specs.append(
            ChartSpec(
                "sessions",
                translate(_N("core", "Séances tenues par parcours")),
                "bar",
                tuple(sessions.columns[c] for c in cols),
                (("", tuple(sessions.rows[0][1][c] for c in cols)),),
            )
        )
        situations = published.table("situations")
        cols = _pathway_columns(situations)
        specs.append(
            ChartSpec(
                "presentations",
                translate(_N("core", "Présentations par parcours : nouveaux dossiers et suivis")),
                "bar",
                tuple(situations.columns[c] for c in cols),
                tuple(
                    (situations.rows[r][0], tuple(situations.rows[r][1][c] for c in cols))
                    for r in (2, 3)
                ),
            )
        )
    age = published.table("age_pathway")
    col = _column(age, pathway)
    specs.append(
        ChartSpec(
            "age",
            translate(_N("core", "Patients par tranche d'âge")),
            "bar",
            tuple(row[0] for row in age.rows[:-1]),
            (("", tuple(row[1][col] for row in age.rows[:-1])),),
        )
    )
    sex = published.table("sex_pathway")
    specs.append(
        ChartSpec(
            "sex",
            translate(_N("core", "Patients par sexe")),
            "bar",
            tuple(row[0] for row in sex.rows[:-1]),
            (("", tuple(row[1][col] for row in sex.rows[:-1])),),
        )
    )
    if pathway == ALL:
        pros = published.table("professions")
        top = pros.rows[:-1][:12]
        specs.append(
            ChartSpec(
                "professions",
                translate(_N("core", "Professionnels mobilisés par profession")),
                "hbar",
                tuple(row[0] for row in top),
                (("", tuple(row[1][0] for row in top)),),
            )
        )
    usipa = published.table("usipa")
    col = _column(usipa, pathway)
    outcome_rows = range(3, 7)
    specs.append(
        ChartSpec(
            "usipa_outcomes",
            translate(_N("core", "Sorties d'USIPA par issue")),
            "bar",
            tuple(usipa.rows[r][0].split(":", 1)[-1].strip() for r in outcome_rows),
            (("", tuple(usipa.rows[r][1][col] for r in outcome_rows)),),
        )
    )
    return specs
