"""Patients with a situation presented in the period: age band, sex, commune (small communes
grouped over the whole period), fragility; each attached to one pathway so the pathways add up."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

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
from rcp_desktop.services.statistics.tables.builder import (
    TableBuilder,
    column_labels,
    hidden_counts,
    tr,
)


def _age_band(age: int) -> str:
    for code, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return AGE_BANDS[0][0]


def _commune_key(name: str | None) -> str:
    return commune_key(name) or NO_COMMUNE


# A commune is a row of its own from this many patients (the export floor).
COMMUNE_MIN = 11


def build_patients(b: TableBuilder, d: PeriodData, end: dt.date, t: int) -> None:
    # One pass over the patients: each one's pathway of attachment and attributes.
    info: list[tuple[str, str, str, str, bool, bool, bool]] = []
    commune_names: dict[str, Counter[str]] = defaultdict(Counter)
    # Two age groups no table prints but the tables give away: "over 70" minus "75 and over"
    # (71–74), and the 60–74 band minus those (60–70).
    narrow_ages: Counter[tuple[str, Pathway]] = Counter()
    for row in d.patients:
        ckey = _commune_key(row.commune)
        if ckey != NO_COMMUNE and row.commune is not None:
            commune_names[ckey][row.commune.strip()] += 1
        age = age_on(row.birth_date, end)
        if 60 <= age <= 74:
            narrow_ages[
                ("71-74" if is_fragile_age(row.birth_date, end) else "60-70", row.pathway)
            ] += 1
        info.append(
            (
                row.pathway.value,
                _age_band(age),
                row.sex.value,
                ckey,
                row.ald,
                row.c2s,
                is_fragile_age(row.birth_date, end),
            )
        )
    # Global recoding of communes: fewer than COMMUNE_MIN patients over the whole period →
    # "Autres". The same rows at every export threshold, so that two editions of a year at
    # different thresholds share their rows (and the second masks what the first masked);
    # a lower threshold, on screen only, shows smaller communes.
    commune_min = min(t, COMMUNE_MIN)
    commune_size = Counter(v[3] for v in info)
    info = [
        (pw, band, sex, OTHER_COMMUNES, ald, c2s, old)
        if ckey != NO_COMMUNE and commune_size[ckey] < commune_min
        else (pw, band, sex, ckey, ald, c2s, old)
        for pw, band, sex, ckey, ald, c2s, old in info
    ]
    communes = sorted(
        {v[3] for v in info} - {OTHER_COMMUNES, NO_COMMUNE},
        key=lambda c: commune_names[c].most_common(1)[0][0].casefold(),
    )
    commune_codes = [*communes, OTHER_COMMUNES, NO_COMMUNE]
    commune_labels = [commune_names[c].most_common(1)[0][0] for c in communes] + [
        tr(_N("core", "Autres communes (regroupées)")),
        tr(_N("core", "Non renseignée")),
    ]
    # Every count the tables show, in one pass: (pathway, band, sex, commune), "*" for all.
    counts: Counter[tuple[str, str, str, str]] = Counter()
    flags: Counter[tuple[str, str]] = Counter()
    for pw, band, sex, commune, ald, c2s, old in info:
        counts[(ALL, band, sex, ALL)] += 1
        for p in (pw, ALL):
            for key in ((p, band, ALL, ALL), (p, ALL, sex, ALL), (p, ALL, ALL, commune)):
                counts[key] += 1
            counts[(p, ALL, ALL, ALL)] += 1
            for flag, on in (("ald", ald), ("c2s", c2s), ("over70", old)):
                if on:
                    flags[(flag, p)] += 1

    def pkey(pathway: str = ALL, band: str = ALL, sex: str = ALL, commune: str = ALL) -> Key:
        return ("patients", pathway, band, sex, commune)

    def cell(pathway: str = ALL, band: str = ALL, sex: str = ALL, commune: str = ALL) -> Key:
        key = pkey(pathway, band, sex, commune)
        if key not in b.cells:
            b.add(key, Cell.patients(counts[(pathway, band, sex, commune)]))
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
            b.add(("patients_" + flag, p), Cell.patients(flags[(flag, p)]))
            for p in [*pathways, ALL]
        ]
        b.relate(keys[-1], keys[:-1])
        fragility_rows.append((row_label, keys))
    _hidden_groups(b, cell, flags, narrow_ages)
    b.table(
        "fragility",
        tr(_N("core", "Fragilité des patients")),
        tr(_N("core", "Indicateur")),
        column_labels(CASE_COLUMNS),
        fragility_rows,
        tuple(CASE_COLUMNS),
    )


def _hidden_groups(
    b: TableBuilder,
    cell: Callable[..., Key],
    flags: Counter[tuple[str, str]],
    narrow_ages: Counter[tuple[str, Pathway]],
) -> None:
    """The groups a reader computes from the fragility rows and the age bands: patients without
    ALD, without C2S, not over 70 (all minus the flagged ones), aged 71–74 (over 70 minus 75 and
    over) and 60–70 (the 60–74 band minus those 71–74)."""
    codes = [*(p.value for p in PATHWAYS), ALL]
    for flag in ("ald", "c2s", "over70"):
        counts = {
            p: int(b.cells[cell(pathway=p.value)].value or 0) - flags[(flag, p.value)]
            for p in PATHWAYS
        }
        others = hidden_counts(b, "patients_not_" + flag, counts)
        for code, other in zip(codes, others, strict=True):
            b.relate(cell(pathway=code), [("patients_" + flag, code), other])
    aged_71_74 = hidden_counts(
        b, "patients_71_74", {p: narrow_ages[("71-74", p)] for p in PATHWAYS}
    )
    aged_60_70 = hidden_counts(
        b, "patients_60_70", {p: narrow_ages[("60-70", p)] for p in PATHWAYS}
    )
    for code, older, younger in zip(codes, aged_71_74, aged_60_70, strict=True):
        b.relate(("patients_over70", code), [cell(pathway=code, band="75+"), older])
        b.relate(cell(pathway=code, band="60-74"), [younger, older])
