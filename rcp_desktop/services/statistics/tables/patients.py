"""Patients with a situation presented in the period: age band, sex, commune (small communes
grouped over the whole period), fragility; each attached to one pathway so the pathways add up."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from rcp_desktop.domain.ages import age_on, is_fragile_age
from rcp_desktop.domain.text import commune_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Pathway, label
from rcp_desktop.services.statistics.definitions import (
    AGE_BANDS,
    AGE_LABELS,
    ALL,
    CASE_COLUMNS,
    NO_COMMUNE,
    OTHER_COMMUNES,
    PATHWAYS,
    SEXES,
)
from rcp_desktop.services.statistics.disclosure import Cell, Key
from rcp_desktop.services.statistics.reader import PeriodData
from rcp_desktop.services.statistics.tables.builder import TableBuilder, column_labels, tr


def _age_band(age: int) -> str:
    for code, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return AGE_BANDS[0][0]


def _commune_key(name: str | None) -> str:
    return commune_key(name) or NO_COMMUNE


def _pathway_order(p: Pathway) -> int:
    return PATHWAYS.index(p)


def build_patients(b: TableBuilder, d: PeriodData, end: dt.date, t: int) -> None:
    # Attach each patient to the pathway of their first presentation of the period.
    first: dict[int, tuple] = {}
    for _item, _meeting, held_on, case_id, _kind, _triage in d.items:
        pathway, _opened, patient_id = d.cases[case_id]
        rank = (held_on, _pathway_order(pathway))
        if patient_id not in first or rank < first[patient_id]:
            first[patient_id] = rank
    attached = {pid: PATHWAYS[rank[1]].value for pid, rank in first.items()}
    info = {}
    commune_names: dict[str, Counter] = defaultdict(Counter)
    for pid in attached:
        birth, sex, commune, ald, c2s = d.patients[pid]
        age = age_on(birth, end)
        ckey = _commune_key(commune)
        if ckey != NO_COMMUNE:
            commune_names[ckey][commune.strip()] += 1
        info[pid] = (
            _age_band(age),
            sex.value,
            ckey,
            bool(ald),
            bool(c2s),
            is_fragile_age(birth, end),
        )
    # Global recoding of communes: fewer than t patients over the whole period → "Autres".
    commune_size = Counter(v[2] for v in info.values())
    for pid, (band, sex, ckey, ald, c2s, old) in list(info.items()):
        if ckey != NO_COMMUNE and commune_size[ckey] < t:
            info[pid] = (band, sex, OTHER_COMMUNES, ald, c2s, old)
    communes = sorted(
        {v[2] for v in info.values()} - {OTHER_COMMUNES, NO_COMMUNE},
        key=lambda c: commune_names[c].most_common(1)[0][0].casefold(),
    )
    commune_codes = [*communes, OTHER_COMMUNES, NO_COMMUNE]
    commune_labels = [commune_names[c].most_common(1)[0][0] for c in communes] + [
        tr(_N("core", "Autres communes (regroupées)")),
        tr(_N("core", "Non renseignée")),
    ]

    def members(pathway=ALL, band=ALL, sex=ALL, commune=ALL, flag=None) -> set:
        out = set()
        for pid, (pb, ps, pc, ald, c2s, old) in info.items():
            if pathway != ALL and attached[pid] != pathway:
                continue
            if band != ALL and pb != band:
                continue
            if sex != ALL and ps != sex:
                continue
            if commune != ALL and pc != commune:
                continue
            if (
                (flag == "ald" and not ald)
                or (flag == "c2s" and not c2s)
                or (flag == "over70" and not old)
            ):
                continue
            out.add(pid)
        return out

    def pkey(pathway=ALL, band=ALL, sex=ALL, commune=ALL):
        return ("patients", pathway, band, sex, commune)

    def cell(**kw) -> Key:
        key = pkey(**kw)
        if key not in b.cells:
            b.add(key, Cell.patients(members(**kw)))
        return key

    bands = [code for code, _lo, _hi in AGE_BANDS]
    sexes = [s.value for s in SEXES]
    pathways = [p.value for p in PATHWAYS]
    # Age band × sex (all pathways), with its margins.
    grid = {(a, s): cell(band=a, sex=s) for a in [*bands, ALL] for s in [*sexes, ALL]}
    for a in [*bands, ALL]:
        b.relate(grid[(a, ALL)], [grid[(a, s)] for s in sexes])
    for s in [*sexes, ALL]:
        b.relate(grid[(ALL, s)], [grid[(a, s)] for a in bands])
    b.table(
        "age_sex",
        tr(_N("core", "Patients par tranche d'âge et sexe")),
        tr(_N("core", "Tranche d'âge")),
        [label(s) for s in SEXES] + [tr(_N("core", "Total"))],
        [
            (
                tr(AGE_LABELS[a]) if a != ALL else tr(_N("core", "Total")),
                [grid[(a, s)] for s in [*sexes, ALL]],
            )
            for a in [*bands, ALL]
        ],
    )

    def by_pathway(table_id, title, row_header, codes, labels, dim):
        rows = []
        for code, row_label in zip([*codes, ALL], [*labels, tr(_N("core", "Total"))], strict=True):
            keys = [cell(pathway=p, **{dim: code}) for p in [*pathways, ALL]]
            b.relate(keys[-1], keys[:-1])
            rows.append((row_label, keys))
        for col in range(len(pathways) + 1):
            b.relate(rows[-1][1][col], [r[1][col] for r in rows[:-1]])
        b.table(table_id, title, row_header, column_labels(CASE_COLUMNS), rows, tuple(CASE_COLUMNS))

    by_pathway(
        "age_pathway",
        tr(_N("core", "Patients par tranche d'âge et parcours")),
        tr(_N("core", "Tranche d'âge")),
        bands,
        [tr(AGE_LABELS[a]) for a in bands],
        "band",
    )
    by_pathway(
        "sex_pathway",
        tr(_N("core", "Patients par sexe et parcours")),
        tr(_N("core", "Sexe")),
        sexes,
        [label(s) for s in SEXES],
        "sex",
    )
    by_pathway(
        "commune_pathway",
        tr(_N("core", "Patients par commune de résidence et parcours")),
        tr(_N("core", "Commune")),
        commune_codes,
        commune_labels,
        "commune",
    )
    # Fragility.
    fragility_rows = [(tr(_N("core", "Patients")), [cell(pathway=p) for p in [*pathways, ALL]])]
    for flag, row_label in (
        ("ald", tr(_N("core", "dont en affection de longue durée (ALD)"))),
        ("c2s", tr(_N("core", "dont bénéficiaires de la C2S"))),
        ("over70", tr(_N("core", "dont âgés de plus de 70 ans"))),
    ):
        keys = [
            b.add(("patients_" + flag, p), Cell.patients(members(pathway=p, flag=flag)))
            for p in [*pathways, ALL]
        ]
        b.relate(keys[-1], keys[:-1])
        fragility_rows.append((row_label, keys))
    b.table(
        "fragility",
        tr(_N("core", "Fragilité des patients")),
        tr(_N("core", "Indicateur")),
        column_labels(CASE_COLUMNS),
        fragility_rows,
        tuple(CASE_COLUMNS),
    )
