"""Sessions held and the professionals they mobilised (no patient in them: PLAIN cells, shown
as they are), by the session's own pathway."""

from __future__ import annotations

from collections import Counter, defaultdict

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import label
from rcp_desktop.services.statistics.definitions import ALL, NO_PATHWAY, SESSION_COLUMNS
from rcp_desktop.services.statistics.disclosure import Cell, Key
from rcp_desktop.services.statistics.reader import PeriodData
from rcp_desktop.services.statistics.tables.builder import TableBuilder, column_labels, tr


def build_sessions(b: TableBuilder, d: PeriodData, quorum: int) -> None:
    meeting_pathway = {mid: (p.value if p else NO_PATHWAY) for mid, p in d.meetings}
    professions: dict[int, set] = defaultdict(set)
    presences: Counter = Counter()
    for mid, _pro, profession, _member in d.presences:
        professions[mid].add(profession)
        presences[mid] += 1
    rows: dict[str, list[Key]] = {
        name: [] for name in ("sessions", "presences", "mean", "quorum", "share")
    }
    for code in SESSION_COLUMNS:
        ids = [mid for mid, p in meeting_pathway.items() if code == ALL or p == code]
        n = len(ids)
        present = sum(presences[m] for m in ids)
        with_quorum = sum(1 for m in ids if len(professions[m]) >= quorum)
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
    meeting_pathway = {mid: (p.value if p else NO_PATHWAY) for mid, p in d.meetings}
    pro_info: dict[int, tuple] = {}
    by_pathway: dict[str, set] = defaultdict(set)
    for mid, pro, profession, member in d.presences:
        pro_info[pro] = (profession, bool(member))
        by_pathway[meeting_pathway[mid]].add(pro)
        by_pathway[ALL].add(pro)
    counts: Counter = Counter()
    for profession, member in pro_info.values():
        counts[(profession, member)] += 1
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
    members = sum(1 for _p, m in pro_info.values() if m)
    rows.append(
        (
            tr(_N("core", "Total")),
            [
                b.add(("pros", ALL, "member"), Cell.plain(members)),
                b.add(("pros", ALL, "other"), Cell.plain(len(pro_info) - members)),
                b.add(("pros", ALL, ALL), Cell.plain(len(pro_info))),
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
        pros = by_pathway.get(code, set())
        m = sum(1 for p in pros if pro_info[p][1])
        by_rows["member"].append(b.add(("pros_pathway", code, "member"), Cell.plain(m)))
        by_rows["other"].append(b.add(("pros_pathway", code, "other"), Cell.plain(len(pros) - m)))
        by_rows[ALL].append(b.add(("pros_pathway", code, ALL), Cell.plain(len(pros))))
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
