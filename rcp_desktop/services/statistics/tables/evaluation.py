"""The self-evaluation figures that count patients, in the HAS manner: presentations with a
fiche RCP produced, the reviews planned for a day of the period that were held at their
planned date (within 30 days of it), and the presentations whose patient was informed of the
proposal. Protected like every count; a share is shown only when
both its counts are. (The share of sessions with quorum, the decisions done on time and the
delay from referral to presentation are in the other tables.)"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Pathway
from rcp_desktop.services.statistics.definitions import CASE_COLUMNS, PATHWAYS
from rcp_desktop.services.statistics.disclosure import Cell, Key
from rcp_desktop.services.statistics.reader import PeriodData, Tally
from rcp_desktop.services.statistics.tables.builder import (
    TableBuilder,
    column_labels,
    event_counts,
    tr,
)


def _share(b: TableBuilder, measure: str, part: Sequence[Key], whole: Sequence[Key]) -> list[Key]:
    keys = []
    for i, code in enumerate(CASE_COLUMNS):
        top, bottom = b.cells[part[i]].value or 0, b.cells[whole[i]].value or 0
        keys.append(
            b.add(
                (measure, code),
                Cell.derived(
                    100 * top / bottom if bottom else None,
                    b.cells[whole[i]].population,
                    base=part[i],
                    also=(whole[i],),
                ),
            )
        )
    return keys


def _review_tallies(reviews: list[tuple[int, Pathway, bool]]) -> dict[Pathway, Tally]:
    events: Counter[Pathway] = Counter(p for _case, p, _ok in reviews)
    cases: dict[Pathway, set[int]] = defaultdict(set)
    for case, p, _ok in reviews:
        cases[p].add(case)
    return {p: Tally(events[p], len(cases[p])) for p in PATHWAYS}


def build_evaluation(b: TableBuilder, d: PeriodData) -> None:
    presentations = [("presentations", code) for code in CASE_COLUMNS]  # the situations table's
    sheets = event_counts(b, "evaluation_sheets", d.sheets)
    sheet_share = _share(b, "evaluation_sheet_share", sheets, presentations)
    planned = event_counts(b, "evaluation_reviews", _review_tallies(d.reviews))
    held = event_counts(
        b, "evaluation_reviews_held", _review_tallies([r for r in d.reviews if r[2]])
    )
    review_share = _share(b, "evaluation_review_share", held, planned)
    informed = event_counts(b, "evaluation_informed", d.informed)
    informed_share = _share(b, "evaluation_informed_share", informed, presentations)
    b.table(
        "evaluation",
        tr(_N("core", "Auto-évaluation : fiches RCP et revues")),
        tr(_N("core", "Indicateur")),
        column_labels(CASE_COLUMNS),
        [
            (tr(_N("core", "Présentations avec fiche RCP produite")), sheets),
            (tr(_N("core", "Part des présentations avec fiche RCP (%)")), sheet_share),
            (tr(_N("core", "Revues prévues dans la période")), planned),
            (tr(_N("core", "dont tenues à la date prévue (± 30 jours)")), held),
            (tr(_N("core", "Part des revues tenues à la date prévue (%)")), review_share),
            (tr(_N("core", "Présentations dont le patient a été informé")), informed),
            (tr(_N("core", "Part des présentations avec patient informé (%)")), informed_share),
        ],
        tuple(CASE_COLUMNS),
        tr(
            _N(
                "core",
                "Parcours du dossier. Revues prévues : dates de prochaine revue fixées en séance "
                "et tombant dans la période (échues depuis 30 jours au jour de l'édition). "
                "Patient informé : information de la proposition notée sur la présentation.",
            )
        ),
        decimals=1,
    )
