"""Sessions held and the professionals they mobilised (no patient in them: PLAIN cells, shown
as they are), by the session's own pathway."""

from __future__ import annotations

from collections import Counter

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Pathway, Profession, label
from rcp_desktop.services.statistics.definitions import ALL, NO_PATHWAY, SESSION_COLUMNS
from rcp_desktop.services.statistics.disclosure import Cell, Key
from rcp_desktop.services.statistics.reader import PeriodData
from rcp_desktop.services.statistics.tables.builder import TableBuilder, column_labels, tr


def _by_code(counts: Counter[Pathway | None]) -> Counter[str]:
    out: Counter[str] = Counter()
    for pathway, n in counts.items():
        out[pathway.value if pathway is not None else NO_PATHWAY] += n
        out[ALL] += n
    return out


def build_sessions(b: TableBuilder, d: PeriodData, quorum: int) -> None:
    held, presences, quorate = (
        _by_code(d.sessions),
        _by_code(d.presences),
        _by_code(d.sessions_with_quorum),
    )
    rows: dict[str, list[Key]] = {
        name: [] for name in ("sessions", "presences", "mean", "quorum", "share")
    }
    for code in SESSION_COLUMNS:
        n, present, with_quorum = held[code], presences[code], quorate[code]
        rows["sessions"].append(b.add(("sessions", code), Cell.plain(n)))
        rows["presences"].append(b.add(("presences", code), Cell.plain(present)))
        rows["mean"].append(
            b.add(("attendance_mean", code), Cell.plain(present / n if n else None))
        )
        rows["quorum"].append(b.add(("quorum_sessions", code), Cell.plain(with_quorum)))
        rows["share"].append(
            b.add(("quorum_share", code), Cell.plain(100.0 * with_quorum / n if n else None))
        )
    b.table(
        "sessions",
        tr(_N("core", "Séances tenues et participation")),
        tr(_N("core", "Indicateur")),
        column_labels(SESSION_COLUMNS),
        [
            (tr(_N("core", "Séances tenues")), rows["sessions"]),
            (tr(_N("core", "Présences de professionnels (cumul)")), rows["presences"]),
            (tr(_N("core", "Présence moyenne par séance")), rows["mean"]),
            (tr(_N("core", "Séances avec quorum")), rows["quorum"]),
            (tr(_N("core", "Part des séances avec quorum (%)")), rows["share"]),
        ],
        tuple(SESSION_COLUMNS),
        tr(_N("core", "Quorum : au moins {quorum} professions différentes présentes.")).format(
            quorum=quorum
        ),
        decimals=1,
    )


# A profession printed on its own needs at least this many professionals: with the public
# directory beside it, "1 psychiatrist" names a clinician.
MIN_PROFESSIONALS = 3
OTHER_PROFESSIONS = "__other__"


def group_professions(counts: Counter[Profession]) -> tuple[list[Profession], int]:
    """The professions printed on their own (largest first) and the size of the group of the
    others: every profession under :data:`MIN_PROFESSIONALS`, and then the smallest printed
    ones as long as the group would still be under that size (a group of one or two
    professionals of a single profession would give it away)."""
    named = sorted(
        (p for p in counts if counts[p] >= MIN_PROFESSIONALS), key=lambda p: (-counts[p], label(p))
    )
    grouped = sum(n for p, n in counts.items() if n < MIN_PROFESSIONALS)
    while 0 < grouped < MIN_PROFESSIONALS and named:
        grouped += counts[named.pop()]
    return named, grouped


def build_professionals(b: TableBuilder, d: PeriodData) -> None:
    counts: Counter[Profession] = Counter(pro.profession for pro in d.professionals)
    by_pathway: Counter[tuple[str, bool]] = Counter()
    for pro in d.professionals:
        for code in (*pro.session_pathways, ALL):
            by_pathway[(code, pro.member)] += 1
    named, grouped = group_professions(counts)
    rows = [(label(p), [b.add(("pros", p.value), Cell.plain(counts[p]))]) for p in named]
    if grouped:
        rows.append(
            (
                tr(_N("core", "Autres professions (regroupées)")),
                [b.add(("pros", OTHER_PROFESSIONS), Cell.plain(grouped))],
            )
        )
    rows.append((tr(_N("core", "Total")), [b.add(("pros", ALL), Cell.plain(len(d.professionals)))]))
    b.table(
        "professions",
        tr(_N("core", "Professionnels mobilisés par profession")),
        tr(_N("core", "Profession")),
        [tr(_N("core", "Professionnels"))],
        rows,
        note=tr(
            _N(
                "core",
                "Les professions représentées par moins de {n} professionnels sont regroupées, "
                "avec au besoin les moins nombreuses, pour qu'aucun professionnel ne soit "
                "reconnaissable.",
            )
        ).format(n=MIN_PROFESSIONALS),
    )
    by_rows: dict[str, list[Key]] = {"member": [], "other": [], ALL: []}
    for code in SESSION_COLUMNS:
        m, o = by_pathway[(code, True)], by_pathway[(code, False)]
        by_rows["member"].append(b.add(("pros_pathway", code, "member"), Cell.plain(m)))
        by_rows["other"].append(b.add(("pros_pathway", code, "other"), Cell.plain(o)))
        by_rows[ALL].append(b.add(("pros_pathway", code, ALL), Cell.plain(m + o)))
    b.table(
        "professionals",
        tr(_N("core", "Professionnels mobilisés par parcours de séance")),
        tr(_N("core", "Professionnels distincts")),
        column_labels(SESSION_COLUMNS),
        [
            (tr(_N("core", "Membres de la CPTS")), by_rows["member"]),
            (tr(_N("core", "Autres professionnels")), by_rows["other"]),
            (tr(_N("core", "Total")), by_rows[ALL]),
        ],
        tuple(SESSION_COLUMNS),
        tr(
            _N(
                "core",
                "Un professionnel venu à des séances de plusieurs parcours compte dans "
                "chacun : les parcours ne s'additionnent pas.",
            )
        ),
    )
