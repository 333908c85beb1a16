"""The import report: what an import did (or, for a preview, would do), line by line, and a
French summary of it; the log of rows left out, with their reasons."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.services.directory_import.vocabulary import (
    OUTCOME_LABELS,
    SKIP_LABELS,
    ImportFormat,
    Outcome,
    SkipReason,
)

MAX_EXAMPLES = 1000  # report lines kept per skip reason (counts stay exact)


@dataclass(frozen=True)
class ReportLine:
    outcome: Outcome
    line: int | None
    name: str
    identifier: str
    detail: str
    reason: SkipReason | None = None

    @property
    def outcome_label(self) -> str:
        return translate(OUTCOME_LABELS[self.outcome])


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    file_name: str = ""
    format: ImportFormat = ImportFormat.CSV
    encoding: str = ""
    delimiter: str = ""
    rows_read: int = 0
    professionals_in_file: int = 0
    territory: str = ""
    committed: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)  # SkipReason → rows
    outside_people: int = 0
    outside_communes: list[tuple[str, int]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    lines: list[ReportLine] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def examples(self, outcome: Outcome | None = None) -> list[ReportLine]:
        return [line for line in self.lines if outcome is None or line.outcome is outcome]

    def reasons(self) -> list[tuple[str, int]]:
        return [(translate(SKIP_LABELS[r]), n) for r, n in self.skipped.most_common()]

    def summary(self) -> str:
        """A French paragraph: what was (or would be) added, updated, left out and why."""
        lines = [
            translate(
                _N("core", "{rows} ligne(s) lue(s) : {people} professionnel(s) distinct(s).")
            ).format(rows=_n(self.rows_read), people=_n(self.professionals_in_file))
        ]
        if self.committed:
            head = _N(
                "core",
                "{added} ajouté(s), {updated} mis à jour, {unchanged} inchangé(s), {skipped} ligne(s) écartée(s).",
            )
        else:
            head = _N(
                "core",
                "À importer : {added} ajout(s), {updated} mise(s) à jour, {unchanged} inchangé(s) ; {skipped} ligne(s) écartée(s).",
            )
        lines.append(
            translate(head).format(
                added=_n(self.added),
                updated=_n(self.updated),
                unchanged=_n(self.unchanged),
                skipped=_n(self.skipped_total),
            )
        )
        if self.outside_people:
            top = ", ".join(f"{c} ({_n(n)})" for c, n in self.outside_communes[:6])
            lines.append(
                translate(
                    _N(
                        "core",
                        "Laissés de côté hors du territoire : {n} professionnel(s) ({rows} ligne(s)){top}.",
                    )
                ).format(
                    n=_n(self.outside_people),
                    rows=_n(self.skipped.get(SkipReason.OUTSIDE_TERRITORY, 0)),
                    top=translate(_N("core", " — surtout {communes}")).format(communes=top)
                    if top
                    else "",
                )
            )
        if self.ignored_columns:
            lines.append(
                translate(_N("core", "Colonnes non reprises : {names}.")).format(
                    names=", ".join(self.ignored_columns[:8])
                    + ("…" if len(self.ignored_columns) > 8 else "")
                )
            )
        return "\n".join(lines)


def _n(number: int) -> str:
    """12345 → '12 345' (French thousands, narrow no-break space)."""
    return f"{number:,}".replace(",", "\u202f")


class SkipLog:
    """Counts every skipped row; keeps at most MAX_EXAMPLES lines per reason."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.lines: list[ReportLine] = []

    def add(
        self,
        reason: SkipReason,
        line: int | None,
        name: str = "",
        identifier: str = "",
        detail: str = "",
    ) -> None:
        self.counts[reason] += 1
        if self.counts[reason] <= MAX_EXAMPLES:
            text = translate(SKIP_LABELS[reason]) + (f" : {detail}" if detail else "")
            self.lines.append(ReportLine(Outcome.SKIPPED, line, name, identifier, text, reason))
