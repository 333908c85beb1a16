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


def build_professionals(b: TableBuilder, d: PeriodData) -> None:
    counts: Counter[tuple[Profession, bool]] = Counter()
    by_pathway: Counter[tuple[str, bool]] = Counter()
    for pro in d.professionals:
        counts[(pro.profession, pro.member)] += 1
        for code in (*pro.session_pathways, ALL):
            by_pathway[(code, pro.member)] += 1
    professions = sorted(
        {p for p, _m in counts},
        key=lambda p: (-(counts[(p, True)] + counts[(p, False)]), label(p)),
    )
    rows = []
    for profession in professions:
        keys = [
            b.add(("pros", profession.value, "member"), Cell.plain(counts[(profession, True)])),
            b.add(("pros", profession.value, "other"), Cell.plain(counts[(profession, False)])),
            b.add(
                ("pros", profession.value, ALL),
                Cell.plain(counts[(profession, True)] + counts[(profession, False)]),
            ),
        ]
        rows.append((label(profession), keys))
    members = sum(1 for pro in d.professionals if pro.member)
    everyone = len(d.professionals)
    rows.append(
        (
            tr(_N("core", "Total")),
            [
                b.add(("pros", ALL, "member"), Cell.plain(members)),
                b.add(("pros", ALL, "other"), Cell.plain(everyone - members)),
                b.add(("pros", ALL, ALL), Cell.plain(everyone)),
            ],
        )
    )
    b.table(
        "professions",
        tr(_N("core", "Professionnels mobilisés par profession")),
        tr(_N("core", "Profession")),
        [
            tr(_N("core", "Membres de la CPTS")),
            tr(_N("core", "Autres")),
            tr(_N("core", "Total")),
        ],
        rows,
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
