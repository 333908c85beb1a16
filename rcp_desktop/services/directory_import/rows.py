"""One row of the file → one :class:`Candidate` (the professional fields it carries), or a
reason to leave it out. One reader per format: the Annuaire Santé extraction, a CPTS CSV list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rcp_desktop.domain.identifiers import (
    adeli_is_well_formed,
    compact,
    luhn_is_valid,
    rpps_is_well_formed,
)
from rcp_desktop.domain.text import normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Civility, Profession
from rcp_desktop.services.directory import EMAIL_PATTERN, MAX_EMAIL
from rcp_desktop.services.directory_import.report import SkipLog
from rcp_desktop.services.directory_import.territory import department_of
from rcp_desktop.services.directory_import.text import clean_value, nice_phone, yes_no
from rcp_desktop.services.directory_import.vocabulary import (
    FIELD_LABELS,
    MODE_LABELS,
    SkipReason,
    annuaire_profession,
    profession_from_text,
)

CellFn = Callable[[str], str]
# The Annuaire Santé's "Code civilité", else its "Code civilité d'exercice" when that is
# Madame / Monsieur (a "DR" or "PR" says nothing of the gender).
ANNUAIRE_CIVILITIES = {"MME": Civility.MADAME, "MLLE": Civility.MADAME, "M": Civility.MONSIEUR}
RowFn = Callable[[list[str], dict[str, int], int, SkipLog], "Candidate | None"]


@dataclass(slots=True)
class Candidate:
    """One professional read from the file (after merging their rows)."""

    line: int
    values: dict[str, object]  # professional fields the file carries (non-empty only)
    postal_code: str | None = None
    commune_code: str | None = None
    department: str | None = None
    rank: int = 0  # how well this row describes the person's place (for merging)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.values.get('first_name') or ''} {self.values.get('last_name') or ''}".strip()

    @property
    def identifier(self) -> str:
        rpps, adeli = self.values.get("rpps"), self.values.get("adeli")
        return f"RPPS {rpps}" if rpps else (f"ADELI {adeli}" if adeli else "")

    @property
    def name_key(self) -> tuple[str, str]:
        return normalise_key(str(self.values.get("last_name") or "")), normalise_key(
            str(self.values.get("first_name") or "")
        )

    def copy(self) -> Candidate:
        return Candidate(
            self.line,
            dict(self.values),
            self.postal_code,
            self.commune_code,
            self.department,
            self.rank,
            list(self.notes),
        )


def cell_reader(row: list[str], index: dict[str, int]) -> CellFn:
    """``cell(key)``: the cleaned value of the column mapped to *key* in *row* ('' if absent)."""

    def cell(key: str) -> str:
        position = index.get(key)
        return clean_value(row[position]) if position is not None else ""

    return cell


def _named(cell: CellFn, line: int, skips: SkipLog) -> tuple[dict[str, object], str] | None:
    """The name fields of a row and the full name; None (skipped) without a last name."""
    last, first = cell("last_name"), cell("first_name")
    name = f"{first} {last}".strip()
    if not last:
        skips.add(SkipReason.NO_NAME, line, name)
        return None
    values: dict[str, object] = {"last_name": last}
    if first:
        values["first_name"] = first
    return values, name


def _take_email(values: dict, notes: list[str], key: str, value: str) -> None:
    if value:
        if _email_ok(value):
            values[key] = value
        else:
            notes.append(_invalid_address(key))


def _email_ok(value: str) -> bool:
    return len(value) <= MAX_EMAIL and bool(EMAIL_PATTERN.match(value))


def _invalid_address(field_name: str) -> str:
    return translate(_N("core", "adresse invalide ignorée ({field})")).format(
        field=translate(FIELD_LABELS[field_name])
    )


# --- the Annuaire Santé extraction -------------------------------------------------------------


def annuaire_row(
    row: list[str], index: dict[str, int], line: int, skips: SkipLog
) -> Candidate | None:
    cell = cell_reader(row, index)
    named = _named(cell, line, skips)
    if named is None:
        return None
    values, name = named
    civility = ANNUAIRE_CIVILITIES.get(cell("civility").upper()) or ANNUAIRE_CIVILITIES.get(
        cell("exercise_civility").upper()
    )
    if civility is not None:
        values["civility"] = civility
    if not _annuaire_identifier(
        values, cell("id_type"), cell("id_pp"), cell("id_nat"), line, name, skips
    ):
        return None
    _annuaire_profession(values, cell)
    cand = Candidate(line=line, values=values)
    _annuaire_contacts(cand, cell)
    _annuaire_place(cand, cell)
    return cand


def _annuaire_identifier(
    values: dict,
    id_type: str,
    id_pp: str,
    id_nat: str,
    line: int,
    name: str,
    skips: SkipLog,
) -> bool:
    """Set the RPPS or the ADELI from the row's identifier columns; False (skipped) if none."""
    ident = compact(id_pp)
    kind = id_type.strip()
    if not ident and id_nat:
        nat = compact(id_nat)
        kind = kind or nat[:1]
        ident = nat[1:] if nat[:1] in ("8", "0") else nat
    if not kind:
        kind = "8" if rpps_is_well_formed(ident) else ("0" if adeli_is_well_formed(ident) else "")
    if not ident:
        skips.add(SkipReason.NO_IDENTIFIER, line, name)
        return False
    if kind == "8":
        if not rpps_is_well_formed(ident):
            skips.add(SkipReason.INVALID_RPPS, line, name, ident)
            return False
        values["rpps"] = ident
    elif kind == "0":
        if not adeli_is_well_formed(ident):
            skips.add(SkipReason.INVALID_ADELI, line, name, ident)
            return False
        values["adeli"] = ident
    else:
        skips.add(
            SkipReason.NO_IDENTIFIER,
            line,
            name,
            ident,
            translate(_N("core", "type d'identifiant «\u00a0{kind}\u00a0» inconnu")).format(
                kind=kind
            ),
        )
        return False
    return True


def _annuaire_profession(values: dict, cell: CellFn) -> None:
    """The profession and its detail (the published specialty, then the mode of practice)."""
    profession, detail = annuaire_profession(
        cell("prof_code"), cell("prof_label"), cell("sf_code"), cell("sf_label")
    )
    mode = MODE_LABELS.get(cell("mode").upper())
    if mode:
        detail = translate(
            _N("core", "{detail} — exercice {mode}") if detail else _N("core", "Exercice {mode}")
        ).format(detail=detail, mode=translate(mode))
    values["profession"] = profession
    if detail:
        values["profession_detail"] = detail


def _annuaire_contacts(cand: Candidate, cell: CellFn) -> None:
    values = cand.values
    structure = cell("company") or cell("brand")
    if structure:
        values["structure"] = structure
    commune = cell("commune")
    if commune:
        values["commune"] = commune
    phone = cell("phone") or cell("phone2")
    if phone:
        values["phone"] = nice_phone(phone)
    _take_email(values, cand.notes, "email", cell("email"))


def _annuaire_place(cand: Candidate, cell: CellFn) -> None:
    """Where the row's place of activity is, and how well it describes the person (a liberal
    practice first, then the main specialty, then the most complete address)."""
    cand.postal_code = cell("postal_code") or None
    cand.commune_code = cell("commune_code") or None
    cand.department = cell("department") or department_of(cand.postal_code, cand.commune_code)
    cand.rank = (
        (4 if cell("mode").upper() == "L" else 0)
        + (2 if cell("sf_type").upper() == "S" else 0)
        + sum(1 for k in ("structure", "commune", "phone", "email") if k in cand.values)
    )


# --- a CPTS CSV list ---------------------------------------------------------------------------


def csv_row(row: list[str], index: dict[str, int], line: int, skips: SkipLog) -> Candidate | None:
    cell = cell_reader(row, index)
    named = _named(cell, line, skips)
    if named is None:
        return None
    values, name = named
    cand = Candidate(line=line, values=values)
    if not _csv_identifiers(cand, cell, line, name, skips):
        return None
    _csv_profession(values, cell)
    _csv_contacts(cand, cell)
    cand.postal_code = cell("postal_code") or None
    cand.department = department_of(cand.postal_code, None)
    return cand


def _csv_identifiers(cand: Candidate, cell: CellFn, line: int, name: str, skips: SkipLog) -> bool:
    """Set the RPPS and the ADELI the row carries; False (skipped) if one is malformed."""
    values = cand.values
    rpps = compact(cell("rpps"))
    if rpps:
        if not rpps_is_well_formed(rpps):
            skips.add(SkipReason.INVALID_RPPS, line, name, rpps)
            return False
        values["rpps"] = rpps
        if not luhn_is_valid(rpps):
            cand.notes.append(translate(_N("core", "clé de contrôle du RPPS incorrecte")))
    adeli = compact(cell("adeli"))
    if adeli:
        if not adeli_is_well_formed(adeli):
            skips.add(SkipReason.INVALID_ADELI, line, name, adeli)
            return False
        values["adeli"] = adeli
    return True


def _csv_profession(values: dict, cell: CellFn) -> None:
    text = cell("profession")
    profession = profession_from_text(text)
    detail = cell("profession_detail")
    if profession is None:
        profession = Profession.OTHER
        # Keep what the file called this profession, with the detail column if any.
        detail = " — ".join(filter(None, [text, detail]))
    values["profession"] = profession
    if detail:
        values["profession_detail"] = detail


def _csv_contacts(cand: Candidate, cell: CellFn) -> None:
    values = cand.values
    for key in ("structure", "commune", "notes"):
        if cell(key):
            values[key] = cell(key)
    if cell("phone"):
        values["phone"] = nice_phone(cell("phone"))
    for key in ("email", "secure_email"):
        _take_email(values, cand.notes, key, cell(key))
    for key in ("cpts_member", "active"):
        flag = yes_no(cell(key))
        if flag is not None:
            values[key] = flag
