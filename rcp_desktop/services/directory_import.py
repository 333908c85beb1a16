"""Directory import from the CPTS's own CSV and from the Annuaire Santé extraction.

Two steps, both safe to run off the GUI thread:

* :meth:`DirectoryImportService.analyse` reads the file (streamed: a national extraction is far
  bigger than memory needs to be), matches columns **by header name**, detects the encoding
  (UTF-8 or Windows-1252) and the separator, keeps the rows inside the chosen territory, merges
  the several rows of one professional (one per place of activity), and compares the result with
  the directory. Nothing is written; the :class:`ImportPlan` carries a preview report.
* :meth:`DirectoryImportService.apply` writes the plan in **one** audited transaction: existing
  professionals (matched on RPPS, else ADELI, else — only for records without any identifier —
  on the name) are updated with the fields the file carries, never blanking a field; the others
  are added. Cancelling or any error rolls everything back: the directory stays as it was.

Every row left out is reported with its reason (no identifier, invalid RPPS, outside the
territory, same professional as an earlier row, invalid value…).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Profession, Professional, label
from rcp_desktop.models.enums import MEDICAL_PROFESSIONS as _MEDICAL
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.directory import (
    EMAIL_PATTERN,
    MAX_EMAIL,
    DirectoryService,
    ProfessionalDraft,
    clean_professional,
)
from rcp_desktop.services.errors import RefusedError, ServiceError, ValidationError
from rcp_desktop.services.validation import luhn_is_valid

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

HEAD_BYTES = 256 * 1024
CHECK_EVERY = 500  # rows between two progress reports / cancel checks
FLUSH_EVERY = 1000  # new rows per flush while applying
MAX_EXAMPLES = 1000  # report lines kept per skip reason (counts stay exact)
MAX_RECORD_LINES = 20  # a CSV record spanning more lines has an unclosed quote


class ImportFormat(StrEnum):
    AUTO = "auto"
    ANNUAIRE = "annuaire"
    CSV = "csv"


FORMAT_LABELS = {
    ImportFormat.AUTO: _N("core", "Détection automatique"),
    ImportFormat.ANNUAIRE: _N("core", "Extraction de l'Annuaire Santé"),
    ImportFormat.CSV: _N("core", "Liste CSV de la CPTS"),
}


class ImportCancelled(ServiceError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__(_N("core", "Import annulé : l'annuaire n'a pas été modifié."))


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


OUTCOME_LABELS = {
    Outcome.ADDED: _N("core", "Ajouté"),
    Outcome.UPDATED: _N("core", "Mis à jour"),
    Outcome.UNCHANGED: _N("core", "Inchangé"),
    Outcome.SKIPPED: _N("core", "Écarté"),
}


class SkipReason(StrEnum):
    NO_NAME = "no_name"
    NO_IDENTIFIER = "no_identifier"
    INVALID_RPPS = "invalid_rpps"
    INVALID_ADELI = "invalid_adeli"
    OUTSIDE_TERRITORY = "outside_territory"
    SAME_PROFESSIONAL = "same_professional"
    DUPLICATE_ROW = "duplicate_row"
    MALFORMED = "malformed"
    INVALID_VALUE = "invalid_value"
    AMBIGUOUS = "ambiguous"
    CONFLICT = "conflict"


SKIP_LABELS = {
    SkipReason.NO_NAME: _N("core", "Nom manquant"),
    SkipReason.NO_IDENTIFIER: _N("core", "Ni RPPS ni ADELI"),
    SkipReason.INVALID_RPPS: _N("core", "RPPS invalide (11 chiffres attendus)"),
    SkipReason.INVALID_ADELI: _N("core", "ADELI invalide (9 caractères attendus)"),
    SkipReason.OUTSIDE_TERRITORY: _N("core", "Hors du territoire choisi"),
    SkipReason.SAME_PROFESSIONAL: _N("core", "Autre lieu d'exercice (lignes fusionnées)"),
    SkipReason.DUPLICATE_ROW: _N("core", "Ligne en double"),
    SkipReason.MALFORMED: _N("core", "Ligne mal formée (nombre de colonnes)"),
    SkipReason.INVALID_VALUE: _N("core", "Valeur refusée"),
    SkipReason.AMBIGUOUS: _N("core", "Plusieurs professionnels de l'annuaire portent ce nom"),
    SkipReason.CONFLICT: _N("core", "Le RPPS et l'ADELI désignent deux professionnels différents"),
}

FIELD_LABELS = {
    "last_name": _N("core", "nom"),
    "first_name": _N("core", "prénom"),
    "profession": _N("core", "profession"),
    "profession_detail": _N("core", "spécialité / précision"),
    "rpps": _N("core", "RPPS"),
    "adeli": _N("core", "ADELI"),
    "structure": _N("core", "structure"),
    "commune": _N("core", "commune"),
    "email": _N("core", "e-mail"),
    "phone": _N("core", "téléphone"),
    "secure_email": _N("core", "messagerie sécurisée"),
    "cpts_member": _N("core", "membre CPTS"),
    "active": _N("core", "actif"),
    "notes": _N("core", "notes"),
}

# Professional fields an import may set, in display order.
IMPORTED_FIELDS = tuple(FIELD_LABELS)


# --- text helpers ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise_key(text: str | None) -> str:
    """Case-, accent- and punctuation-insensitive form of a header, a commune or a name."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize(
            "NFKD", text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
        )
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


@functools.lru_cache(maxsize=1 << 14)
def _commune_key(text: str | None) -> str:
    key = normalise_key(text)
    key = re.sub(r"^(st|ste) ", lambda m: "saint " if m.group(1) == "st" else "sainte ", key)
    key = re.sub(r" (st|ste) ", lambda m: " saint " if m.group(1) == "st" else " sainte ", key)
    return re.sub(r" cedex( \d+)?$", "", key)


def clean_value(value: str | None) -> str:
    """A cell as typed, minus surrounding blanks, stray quotes and control characters."""
    if not value:
        return ""
    value = _CONTROL.sub("", value.replace("\t", " ")).strip()
    while len(value) >= 1 and value[0] == '"':
        value = value[1:].lstrip()
    while value.endswith('"'):
        value = value[:-1].rstrip()
    return value.replace('""', '"')


_SMALL_WORDS = {
    "le",
    "la",
    "les",
    "de",
    "du",
    "des",
    "sur",
    "sous",
    "en",
    "et",
    "aux",
    "l",
    "d",
    "lès",
    "lez",
}


def nice_commune(text: str) -> str:
    """'SAINT-GERMAIN-LES-ARPAJON' → 'Saint-Germain-les-Arpajon'; mixed case is kept."""
    if not text or text != text.upper():
        return text
    out = []
    for i, part in enumerate(re.split(r"([ \-'’])", text.lower())):
        out.append(part if (i > 0 and part in _SMALL_WORDS) else part[:1].upper() + part[1:])
    return "".join(out)


def nice_phone(text: str) -> str:
    digits = re.sub(r"[\s.\-]", "", text)
    if len(digits) == 10 and digits.isdigit():
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return text


def _yes_no(text: str) -> bool | None:
    key = normalise_key(text)
    if key in {"oui", "o", "yes", "y", "1", "x", "vrai", "true", "membre", "adherent"}:
        return True
    if key in {"non", "n", "no", "0", "faux", "false"}:
        return False
    return None


# --- the professions ---------------------------------------------------------------------------

_PROFESSION_ALIASES: dict[Profession, tuple[str, ...]] = {
    Profession.GENERAL_PRACTITIONER: (
        "medecin generaliste",
        "generaliste",
        "mg",
        "medecin",
        "medecin traitant",
        "medecine generale",
    ),
    Profession.PSYCHIATRIST: ("psychiatre", "pedopsychiatre", "psychiatrie", "pedopsychiatrie"),
    Profession.PAEDIATRICIAN: ("pediatre", "pediatrie"),
    Profession.GERIATRICIAN: ("geriatre", "geriatrie"),
    Profession.NURSE: (
        "infirmier",
        "infirmiere",
        "ide",
        "idel",
        "infirmier liberal",
        "infirmiere liberale",
        "infirmier diplome d etat",
        "infirmiere diplomee d etat",
    ),
    Profession.ADVANCED_PRACTICE_NURSE: (
        "ipa",
        "infirmier en pratique avancee",
        "infirmiere en pratique avancee",
    ),
    Profession.MIDWIFE: ("sage femme", "sages femmes", "maieuticien"),
    Profession.PHARMACIST: ("pharmacien", "pharmacienne", "pharmacien d officine"),
    Profession.DENTIST: ("dentiste", "chirurgien dentiste", "chirurgienne dentiste"),
    Profession.PHYSIOTHERAPIST: (
        "kine",
        "kinesitherapeute",
        "masseur kinesitherapeute",
        "masseuse kinesitherapeute",
        "mk",
    ),
    Profession.SPEECH_THERAPIST: ("orthophoniste",),
    Profession.ORTHOPTIST: ("orthoptiste",),
    Profession.OCCUPATIONAL_THERAPIST: ("ergotherapeute", "ergo"),
    Profession.PSYCHOMOTOR_THERAPIST: ("psychomotricien", "psychomotricienne"),
    Profession.PODIATRIST: ("podologue", "pedicure podologue"),
    Profession.DIETITIAN: ("dieteticien", "dieteticienne"),
    Profession.PSYCHOLOGIST: ("psychologue", "neuropsychologue"),
    Profession.OSTEOPATH: ("osteopathe",),
    Profession.SOPHROLOGIST: ("sophrologue",),
    Profession.ADAPTED_PHYSICAL_ACTIVITY_TEACHER: (
        "apa",
        "enseignant apa",
        "enseignante apa",
        "enseignant en activite physique adaptee",
    ),
    Profession.AMBULANCE_DRIVER: ("ambulancier", "ambulanciere"),
    Profession.SOCIAL_WORKER: (
        "assistant social",
        "assistante sociale",
        "assistant de service social",
        "assistante de service social",
        "travailleur social",
    ),
    Profession.EDUCATOR: (
        "educateur",
        "educatrice",
        "educateur specialise",
        "educatrice specialisee",
    ),
    Profession.COORDINATOR: (
        "coordinateur",
        "coordinatrice",
        "coordinateur cpts",
        "coordinatrice cpts",
        "coordinateur de cpts",
        "coordinatrice de cpts",
    ),
    Profession.CARDIOLOGIST: ("cardiologue",),
    Profession.ENDOCRINOLOGIST: ("endocrinologue",),
    Profession.RHEUMATOLOGIST: ("rhumatologue",),
    Profession.RADIOLOGIST: ("radiologue",),
    Profession.BIOLOGIST: ("biologiste",),
    Profession.SURGEON: ("chirurgien", "chirurgienne"),
    Profession.OCCUPATIONAL_PHYSICIAN: ("medecin du travail",),
}


@functools.cache
def _profession_lookup() -> dict[str, Profession]:
    table: dict[str, Profession] = {}
    for member in Profession:
        table[normalise_key(member.value)] = member
        table[normalise_key(label(member))] = member
    for member, aliases in _PROFESSION_ALIASES.items():
        for alias in aliases:
            table[alias] = member
    return table


def profession_from_text(text: str) -> Profession | None:
    """Our nomenclature for a profession typed in a CSV ('Infirmière', 'kiné', 'IPA'…)."""
    key = normalise_key(text)
    if not key:
        return None
    return _profession_lookup().get(key)


# Annuaire Santé "Code profession" (nomenclature TRE_G15). The label is tried first (it is always
# published and says the same thing), the code is the fallback; anything else → OTHER with the
# published label kept in ``profession_detail``.
ANNUAIRE_PROFESSION_CODES: dict[str, Profession] = {
    "21": Profession.PHARMACIST,
    "40": Profession.DENTIST,
    "50": Profession.MIDWIFE,
    "60": Profession.NURSE,
    "70": Profession.PHYSIOTHERAPIST,
    "80": Profession.PODIATRIST,
    "91": Profession.SPEECH_THERAPIST,
    "92": Profession.ORTHOPTIST,
    "94": Profession.OCCUPATIONAL_THERAPIST,
    "95": Profession.DIETITIAN,
    "96": Profession.PSYCHOMOTOR_THERAPIST,
}
PHYSICIAN_CODE = "10"

# A physician's specialty from the savoir-faire label (checked in this order), then its code.
_SPECIALTY_KEYWORDS: tuple[tuple[str, Profession], ...] = (
    ("medecine generale", Profession.GENERAL_PRACTITIONER),
    ("psychiatr", Profession.PSYCHIATRIST),
    ("chirurg", Profession.SURGEON),
    ("pediatr", Profession.PAEDIATRICIAN),
    ("geriatr", Profession.GERIATRICIAN),
    ("gerontolog", Profession.GERIATRICIAN),
    ("cardiolog", Profession.CARDIOLOGIST),
    ("endocrinolog", Profession.ENDOCRINOLOGIST),
    ("rhumatolog", Profession.RHEUMATOLOGIST),
    ("radiodiagnostic", Profession.RADIOLOGIST),
    ("radiologie", Profession.RADIOLOGIST),
    ("imagerie medicale", Profession.RADIOLOGIST),
    ("biologie medicale", Profession.BIOLOGIST),
    ("medecine du travail", Profession.OCCUPATIONAL_PHYSICIAN),
)
SPECIALTY_CODES: dict[str, Profession] = {
    "SM26": Profession.GENERAL_PRACTITIONER,  # Qualifié en médecine générale
    "SM53": Profession.GENERAL_PRACTITIONER,  # Spécialiste en médecine générale
    "SM54": Profession.GENERAL_PRACTITIONER,  # Médecine générale
    "SM40": Profession.PAEDIATRICIAN,
    "SM42": Profession.PSYCHIATRIST,
    "SM43": Profession.PSYCHIATRIST,  # option enfant et adolescent
}
MODE_LABELS = {"L": _N("core", "libéral"), "S": _N("core", "salarié"), "B": _N("core", "bénévole")}


def annuaire_profession(
    code: str, label_text: str, sf_code: str, sf_label: str
) -> tuple[Profession, str | None]:
    """Our profession and the detail to keep, for an Annuaire Santé row."""
    label_key = normalise_key(label_text)
    if code == PHYSICIAN_CODE or label_key == "medecin":
        key = normalise_key(sf_label)
        for keyword, profession in _SPECIALTY_KEYWORDS:
            if keyword in key:
                return profession, sf_label or None
        if sf_code.upper() in SPECIALTY_CODES and not key:
            return SPECIALTY_CODES[sf_code.upper()], None
        if sf_label:
            return Profession.OTHER_SPECIALIST, sf_label
        return Profession.OTHER_SPECIALIST, translate(
            _N("core", "Médecin — spécialité non renseignée")
        )
    profession = profession_from_text(label_text)
    if profession is None or profession is Profession.OTHER:
        profession = ANNUAIRE_PROFESSION_CODES.get(code)
    if profession is Profession.NURSE and "pratique avancee" in normalise_key(sf_label):
        return Profession.ADVANCED_PRACTICE_NURSE, sf_label
    if profession is None or profession is Profession.OTHER:
        return Profession.OTHER, label_text or (code and f"Code profession {code}") or None
    return profession, sf_label or None


def keeps_profession(current: Profession, incoming: Profession) -> bool:
    """True when the directory's profession is at least as precise as the file's."""
    if incoming is current or incoming is Profession.OTHER:
        return True
    if incoming is Profession.OTHER_SPECIALIST and current in _MEDICAL:
        return True
    return incoming is Profession.NURSE and current is Profession.ADVANCED_PRACTICE_NURSE


# --- the columns -------------------------------------------------------------------------------

ANNUAIRE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id_type": ("Type d'identifiant PP",),
    "id_pp": ("Identifiant PP",),
    "id_nat": ("Identification nationale PP",),
    "last_name": ("Nom d'exercice",),
    "first_name": ("Prénom d'exercice",),
    "prof_code": ("Code profession",),
    "prof_label": ("Libellé profession",),
    "sf_type": ("Code type savoir-faire",),
    "sf_code": ("Code savoir-faire",),
    "sf_label": ("Libellé savoir-faire",),
    "mode": ("Code mode exercice",),
    "company": ("Raison sociale site",),
    "brand": ("Enseigne commerciale site",),
    "postal_code": ("Code postal (coord. structure)",),
    "commune_code": ("Code commune (coord. structure)",),
    "commune": ("Libellé commune (coord. structure)",),
    "phone": ("Téléphone (coord. structure)",),
    "phone2": ("Téléphone 2 (coord. structure)",),
    "email": ("Adresse e-mail (coord. structure)",),
    "department": ("Code Département (structure)",),
}
# Any of each group must be present.
ANNUAIRE_REQUIRED: tuple[tuple[str, ...], ...] = (
    ("id_pp", "id_nat"),
    ("last_name",),
    ("prof_code", "prof_label"),
)

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "last_name": ("Nom", "Nom de famille", "Nom d'exercice", "Last name"),
    "first_name": ("Prénom", "Prénom d'exercice", "Prenom", "First name"),
    "profession": ("Profession", "Métier", "Libellé profession"),
    "profession_detail": (
        "Spécialité",
        "Détail",
        "Précision",
        "Spécialité / détail",
        "Spécialité ou détail",
        "Détail profession",
    ),
    "rpps": ("RPPS", "N° RPPS", "Numéro RPPS", "Identifiant RPPS"),
    "adeli": ("ADELI", "N° ADELI", "Numéro ADELI"),
    "structure": ("Structure", "Établissement", "Cabinet", "Lieu d'exercice"),
    "commune": ("Commune", "Ville", "Localité"),
    "postal_code": ("Code postal", "CP"),
    "email": ("Email", "E-mail", "Courriel", "Mail", "Adresse e-mail", "Adresse électronique"),
    "phone": ("Téléphone", "Tél", "Tél.", "Tel", "Portable"),
    "secure_email": (
        "Messagerie sécurisée",
        "MSSanté",
        "Messagerie sécurisée de santé",
        "Adresse MSSanté",
        "BAL MSSanté",
        "Mail sécurisé",
    ),
    "cpts_member": ("Membre CPTS", "Adhérent CPTS", "Membre de la CPTS", "CPTS"),
    "active": ("Actif", "Active"),
    "notes": ("Notes", "Remarques", "Commentaire", "Commentaires"),
}
CSV_REQUIRED: tuple[tuple[str, ...], ...] = (("last_name",), ("profession",))


def _header_index(header: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    wanted = {normalise_key(alias): key for key, aliases in columns.items() for alias in aliases}
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        key = wanted.get(normalise_key(clean_value(name)))
        if key is not None and key not in index:
            index[key] = position
    return index


def _missing(index: dict[str, int], required, columns) -> list[str]:
    return [columns[group[0]][0] for group in required if not any(k in index for k in group)]


def detect_format(header: list[str]) -> ImportFormat:
    keys = {normalise_key(clean_value(h)) for h in header}
    annuaire_marks = {
        normalise_key(n)
        for n in (
            "Identifiant PP",
            "Identification nationale PP",
            "Nom d'exercice",
            "Code profession",
        )
    }
    return ImportFormat.ANNUAIRE if len(keys & annuaire_marks) >= 2 else ImportFormat.CSV


# --- the territory -----------------------------------------------------------------------------

_DEPARTMENT = re.compile(r"^(\d{2}|2A|2B|97\d|98\d)$", re.IGNORECASE)
_FIVE_DIGITS = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)


@dataclass(frozen=True)
class Territory:
    """Communes (by name), postal or INSEE codes, départements; empty = the whole file."""

    communes: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    text: str = ""
    spellings: tuple[tuple[str, str], ...] = ()  # commune key → as the user typed it

    @classmethod
    def parse(cls, text: str | None) -> Territory:
        communes, codes, departments, spellings = set(), set(), set(), {}
        for token in re.split(r"[,;\n]+", text or ""):
            token = token.strip()
            if not token:
                continue
            if _FIVE_DIGITS.match(token):
                codes.add(token.upper())
            elif _DEPARTMENT.match(token):
                departments.add(token.upper())
            elif _commune_key(token):
                communes.add(_commune_key(token))
                spellings.setdefault(_commune_key(token), token)
        return cls(
            frozenset(communes),
            frozenset(codes),
            frozenset(departments),
            (text or "").strip(),
            tuple(spellings.items()),
        )

    @classmethod
    def of_communes(cls, communes: list[str]) -> Territory:
        return cls.parse(", ".join(communes))

    @property
    def is_empty(self) -> bool:
        return not (self.communes or self.codes or self.departments)

    def contains(
        self,
        commune: str | None,
        postal_code: str | None,
        commune_code: str | None,
        department: str | None,
    ) -> bool:
        if self.is_empty:
            return True
        if commune and _commune_key(commune) in self.communes:
            return True
        if postal_code and postal_code.upper() in self.codes:
            return True
        if commune_code and commune_code.upper() in self.codes:
            return True
        return bool(department and department.upper() in self.departments)


def department_of(postal_code: str | None, commune_code: str | None) -> str | None:
    code = (commune_code or "").upper()
    if len(code) == 5:
        return code[:3] if code.startswith(("97", "98")) else code[:2]
    code = postal_code or ""
    if len(code) == 5 and code.isdigit():
        return code[:3] if code.startswith(("97", "98")) else code[:2]
    return None


# --- parsed rows -------------------------------------------------------------------------------


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


@dataclass
class ImportPlan:
    """The analysed file: candidates to write, rows left out, and the preview report."""

    path: Path
    format: ImportFormat
    territory: Territory
    candidates: list[Candidate]
    parse_skip_counts: Counter
    parse_skip_lines: list[ReportLine]
    preview: ImportReport


class _SkipLog:
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


# --- reading the file --------------------------------------------------------------------------


class _WrongEncoding(Exception):
    pass


@dataclass
class _Source:
    stream: io.BufferedIOBase
    size: int
    name: str


@contextmanager
def _open_source(path: Path) -> Iterator[_Source]:
    """The bytes to read: the file itself, or the single text member of a zip archive."""
    path = Path(path)
    if not path.exists():
        raise RefusedError(_N("core", "Fichier introuvable : {path}"), path=path)
    if path.is_dir():
        raise RefusedError(_N("core", "{path} est un dossier, pas un fichier."), path=path)
    size = path.stat().st_size
    if size == 0:
        raise RefusedError(_N("core", "Le fichier est vide."))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.infolist()
                if not m.is_dir() and m.filename.lower().endswith((".txt", ".csv"))
            ]
            if len(members) != 1:
                raise RefusedError(
                    _N(
                        "core",
                        "L'archive doit contenir un seul fichier .txt ou .csv (elle en contient {n}).",
                    ),
                    n=len(members),
                )
            with archive.open(members[0]) as stream:
                yield _Source(stream, members[0].file_size or 1, members[0].filename)
        return
    with open(path, "rb") as stream:
        yield _Source(stream, size, path.name)


def sniff_encoding(head: bytes) -> str:
    """'utf-8-sig', 'utf-16', 'utf-8' or 'cp1252' from the first bytes of a file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise RefusedError(
            _N(
                "core",
                "Ce fichier n'est pas un fichier texte (CSV ou extraction de l'Annuaire Santé).",
            )
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


class _Reader:
    """Streams the rows of a file as lists of cells, with their line numbers."""

    def __init__(self, source: _Source, encoding: str, fmt: ImportFormat) -> None:
        self.source = source
        self.encoding = encoding
        errors = "strict" if encoding.startswith("utf") else "replace"
        self.text = io.TextIOWrapper(source.stream, encoding=encoding, errors=errors, newline="")
        first = self._first_line()
        self.requested = fmt
        self.delimiter = "|" if fmt is ImportFormat.ANNUAIRE else sniff_delimiter(first)
        self._lines = _chain_first(first, self.text)
        quoting = csv.QUOTE_NONE if self.delimiter == "|" else csv.QUOTE_MINIMAL
        self.reader = csv.reader(
            self._lines, delimiter=self.delimiter, quoting=quoting, strict=False
        )
        try:
            self.header = next(self.reader)
        except StopIteration:
            raise RefusedError(_N("core", "Le fichier est vide.")) from None
        except UnicodeDecodeError as exc:
            raise _WrongEncoding from exc
        self.header_line = self.reader.line_num

    def _first_line(self) -> str:
        try:
            for line in self.text:
                if line.strip():
                    return line
        except UnicodeDecodeError as exc:
            raise _WrongEncoding from exc
        raise RefusedError(_N("core", "Le fichier est vide."))

    def position(self) -> int:
        try:
            return self.source.stream.tell()
        except (OSError, ValueError):
            return 0

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        previous = self.reader.line_num
        try:
            for row in self.reader:
                line = self.reader.line_num
                if line - previous > MAX_RECORD_LINES:
                    raise RefusedError(
                        _N(
                            "core",
                            "Guillemet non refermé vers la ligne {line} : corrigez le fichier puis recommencez.",
                        ),
                        line=previous + 1,
                    )
                yield previous + 1, row
                previous = line
        except UnicodeDecodeError as exc:
            raise _WrongEncoding from exc
        except csv.Error as exc:
            raise RefusedError(
                _N(
                    "core",
                    "Fichier illisible après la ligne {line} : guillemet non refermé ou "
                    "ligne démesurée. Corrigez le fichier puis recommencez.",
                ),
                line=previous,
            ) from exc


def _chain_first(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest


# --- the service -------------------------------------------------------------------------------


class _Existing:
    """The directory indexed for matching."""

    def __init__(self, professionals, territory: Territory | None = None) -> None:
        self.by_rpps: dict[str, object] = {}
        self.by_adeli: dict[str, list] = {}
        self.by_name: dict[tuple[str, str], list] = {}
        self.by_name_without_id: dict[tuple[str, str], list] = {}
        self.communes: dict[str, str] = {}
        for p in professionals:
            self.add(p)
            if p.commune:
                self.communes.setdefault(_commune_key(p.commune), p.commune)
        for key, spelling in territory.spellings if territory else ():
            self.communes.setdefault(key, spelling)

    def add(self, pro) -> None:
        if pro.rpps:
            self.by_rpps[pro.rpps] = pro
        if pro.adeli:
            self.by_adeli.setdefault(pro.adeli, []).append(pro)
        key = (normalise_key(pro.last_name), normalise_key(pro.first_name))
        self.by_name.setdefault(key, []).append(pro)
        if not pro.rpps and not pro.adeli:
            self.by_name_without_id.setdefault(key, []).append(pro)

    def match(self, cand: Candidate, fmt: ImportFormat):
        """(professional or None, skip reason or None, note)."""
        rpps, adeli = cand.values.get("rpps"), cand.values.get("adeli")
        by_rpps = self.by_rpps.get(rpps) if rpps else None
        by_adeli = self.by_adeli.get(adeli, []) if adeli else []
        if by_rpps is not None:
            if any(p is not by_rpps for p in by_adeli):
                return None, SkipReason.CONFLICT, ""
            return by_rpps, None, ""
        if by_adeli:
            if len(by_adeli) > 1:
                return None, SkipReason.AMBIGUOUS, ""
            if rpps and by_adeli[0].rpps and by_adeli[0].rpps != rpps:
                return None, SkipReason.CONFLICT, ""
            return by_adeli[0], None, ""
        # No identifier match: the name, only towards records that carry no identifier at all
        # and have the same profession (or, for a row without identifier, any namesake).
        if rpps or adeli:
            namesakes = [
                p
                for p in self.by_name_without_id.get(cand.name_key, ())
                if not p.rpps and not p.adeli and p.profession is cand.values.get("profession")
            ]
            if len(namesakes) == 1:
                return namesakes[0], None, translate(_N("core", "rapproché par le nom"))
            return None, None, ""
        namesakes = self.by_name.get(cand.name_key, [])
        if len(namesakes) == 1:
            return namesakes[0], None, translate(_N("core", "rapproché par le nom"))
        if len(namesakes) > 1:
            return None, SkipReason.AMBIGUOUS, ""
        return None, None, ""


def _same(field_name: str, old, new) -> bool:
    if isinstance(new, str) and isinstance(old, str):
        if field_name in (
            "last_name",
            "first_name",
            "structure",
            "commune",
            "email",
            "secure_email",
        ):
            return normalise_key(old) == normalise_key(new) and (
                field_name not in ("email", "secure_email") or old.casefold() == new.casefold()
            )
        if field_name == "phone":
            return re.sub(r"\D", "", old) == re.sub(r"\D", "", new)
    return old == new


def _changes(pro, cand: Candidate, fmt: ImportFormat) -> dict[str, object]:
    """The fields to set on *pro*: only those the file carries, never a blank over a value."""
    changes: dict[str, object] = {}
    incoming = cand.values
    profession = incoming.get("profession")
    profession_changes = profession is not None and not keeps_profession(pro.profession, profession)
    for name, value in incoming.items():
        if value is None or value == "":
            continue
        old = getattr(pro, name)
        if name == "profession":
            if profession_changes:
                changes[name] = value
            continue
        if name == "profession_detail" and fmt is ImportFormat.ANNUAIRE:
            # The published specialty fills a blank or follows a change of profession; it never
            # replaces what the user wrote about this professional.
            if old and not profession_changes:
                continue
            if pro.profession is not profession and not profession_changes:
                continue
        if not _same(name, old, value):
            changes[name] = value
    return changes


def _draft_values(pro, changes: dict[str, object]) -> ProfessionalDraft:
    draft = ProfessionalDraft.of(pro) if pro is not None else ProfessionalDraft()
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def _new_values(cand: Candidate) -> dict[str, object]:
    values = dict(cand.values)
    values.setdefault("profession", Profession.OTHER)
    return values


def _describe_changes(changes: dict[str, object]) -> str:
    return ", ".join(translate(FIELD_LABELS[name]) for name in IMPORTED_FIELDS if name in changes)


def _cell_reader(row: list[str], index: dict[str, int]):
    """``cell(key)``: the cleaned value of the column mapped to *key* in *row* ('' if absent)."""

    def cell(key: str) -> str:
        position = index.get(key)
        return clean_value(row[position]) if position is not None else ""

    return cell


def _full_name(cell) -> str:
    return f"{cell('first_name')} {cell('last_name')}".strip()


class DirectoryImportService(ServiceBase):
    """Import professionals from a file; see the module docstring."""

    # --- analysis (no write) ------------------------------------------------------------------

    def default_territory(self) -> Territory:
        """The communes already in the directory (empty directory: no restriction)."""
        return Territory.of_communes(DirectoryService(self.ctx).communes())

    @staticmethod
    def detect_file_format(path: Path | str) -> ImportFormat | None:
        """The format of a file from its header line alone; None if it cannot be read."""
        try:
            with _open_source(Path(path)) as source:
                encoding = sniff_encoding(source.stream.read(HEAD_BYTES))
            with _open_source(Path(path)) as source:
                return detect_format(_Reader(source, encoding, ImportFormat.AUTO).header)
        except (ServiceError, _WrongEncoding, OSError, zipfile.BadZipFile, csv.Error):
            return None

    def analyse(
        self,
        path: Path | str,
        fmt: ImportFormat | str = ImportFormat.AUTO,
        territory: Territory | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportPlan:
        """Read and check the file, compare it with the directory; write nothing."""
        started = time.perf_counter()
        fmt = ImportFormat(fmt)
        territory = territory or Territory()
        progress = progress or (lambda done, total: None)
        cancel = cancel or (lambda: False)
        path = Path(path)
        with _open_source(path) as source:
            encoding = sniff_encoding(source.stream.read(HEAD_BYTES))
        try:
            parsed = self._parse(path, encoding, fmt, territory, progress, cancel)
        except _WrongEncoding:
            # A Windows-1252 byte after the first quarter megabyte: read again as such.
            parsed = self._parse(path, "cp1252", fmt, territory, progress, cancel)
        report, candidates, skips = parsed
        parse_counts, parse_lines = Counter(skips.counts), list(skips.lines)
        with self._read() as s:
            existing = _Existing(list(s.scalars(select(Professional))), territory)
        self._decide(candidates, existing, report, skips, dry_run=True, cancel=cancel)
        report.seconds = time.perf_counter() - started
        return ImportPlan(
            path, report.format, territory, candidates, parse_counts, parse_lines, report
        )

    def _parse(self, path, encoding, fmt, territory, progress, cancel):
        skips = _SkipLog()
        with _open_source(path) as source:
            reader = _Reader(source, encoding, fmt)
            actual = fmt if fmt is not ImportFormat.AUTO else detect_format(reader.header)
            columns = ANNUAIRE_COLUMNS if actual is ImportFormat.ANNUAIRE else CSV_COLUMNS
            required = ANNUAIRE_REQUIRED if actual is ImportFormat.ANNUAIRE else CSV_REQUIRED
            index = _header_index(reader.header, columns)
            missing = _missing(index, required, columns)
            if missing:
                raise RefusedError(
                    _N(
                        "core",
                        "Colonnes obligatoires absentes ({format}) : {names}. Vérifiez la ligne d'en-tête du fichier.",
                    ),
                    format=translate(FORMAT_LABELS[actual]),
                    names=", ".join(f"« {m} »" for m in missing),
                )
            used = set(index.values())
            report = ImportReport(
                file_name=source.name,
                format=actual,
                encoding=encoding,
                delimiter=reader.delimiter,
                territory=territory.text,
                ignored_columns=[
                    clean_value(h)
                    for i, h in enumerate(reader.header)
                    if i not in used and clean_value(h)
                ]
                if actual is ImportFormat.CSV
                else [],
            )
            width = max(index.values()) + 1
            header_width = len(reader.header)
            people: dict[object, Candidate] = {}
            outside: dict[object, list] = {}  # key → [rows, commune]
            outside_lines: dict[int, object] = {}  # example line → key
            outside_communes: Counter = Counter()
            seen_rows: set[tuple] = set()
            row_fn = self._annuaire_row if actual is ImportFormat.ANNUAIRE else self._csv_row
            rows = 0
            for line, row in reader.rows():
                if not any(cell.strip() for cell in row):
                    continue
                rows += 1
                if rows % CHECK_EVERY == 0:
                    if cancel():
                        raise ImportCancelled
                    progress(reader.position(), source.size)
                extra = row[header_width:]
                if len(row) < width or any(clean_value(c) for c in extra):
                    skips.add(
                        SkipReason.MALFORMED,
                        line,
                        detail=translate(_N("core", "{n} colonne(s) au lieu de {expected}")).format(
                            n=len(row), expected=header_width
                        ),
                    )
                    continue
                cand = row_fn(row, index, line, skips)
                if cand is None:
                    continue
                key = self._key(cand, actual)
                if key is None:
                    skips.add(SkipReason.NO_IDENTIFIER, line, cand.name)
                    continue
                inside = territory.contains(
                    str(cand.values.get("commune") or ""),
                    cand.postal_code,
                    cand.commune_code,
                    cand.department,
                )
                if not inside:
                    commune = str(cand.values.get("commune") or "") or translate(
                        _N("core", "sans adresse")
                    )
                    skips.add(
                        SkipReason.OUTSIDE_TERRITORY, line, cand.name, cand.identifier, commune
                    )
                    if skips.counts[SkipReason.OUTSIDE_TERRITORY] <= MAX_EXAMPLES:
                        outside_lines[line] = key
                    if key not in outside:
                        outside[key] = [0, commune]
                        outside_communes[commune] += 1
                    outside[key][0] += 1
                    continue
                previous = people.get(key)
                signature = (
                    key,
                    tuple(sorted((k, str(v)) for k, v in cand.values.items())),
                    cand.postal_code,
                    cand.commune_code,
                )
                if previous is None:
                    people[key] = cand
                    seen_rows.add(signature)
                    continue
                if actual is ImportFormat.CSV:
                    skips.add(
                        SkipReason.DUPLICATE_ROW,
                        line,
                        cand.name,
                        cand.identifier,
                        translate(_N("core", "même professionnel que la ligne {line}")).format(
                            line=previous.line
                        ),
                    )
                    continue
                duplicate = signature in seen_rows
                seen_rows.add(signature)
                people[key] = self._merge(previous, cand)
                skips.add(
                    SkipReason.DUPLICATE_ROW if duplicate else SkipReason.SAME_PROFESSIONAL,
                    line,
                    cand.name,
                    cand.identifier,
                    translate(
                        _N("core", "identique à une ligne précédente")
                        if duplicate
                        else _N("core", "même professionnel que la ligne {line}")
                    ).format(line=previous.line),
                )
            progress(source.size, source.size)
        # People with a row inside the territory are not "left out": their other rows are
        # other places of activity.
        for key in [k for k in outside if k in people]:
            moved, commune = outside.pop(key)
            outside_communes[commune] -= 1
            skips.counts[SkipReason.OUTSIDE_TERRITORY] -= moved
            skips.counts[SkipReason.SAME_PROFESSIONAL] += moved
        if skips.counts[SkipReason.OUTSIDE_TERRITORY] <= 0:
            del skips.counts[SkipReason.OUTSIDE_TERRITORY]
        label_same = translate(SKIP_LABELS[SkipReason.SAME_PROFESSIONAL])
        for i, entry in enumerate(skips.lines):
            if (
                entry.reason is SkipReason.OUTSIDE_TERRITORY
                and outside_lines.get(entry.line) in people
            ):
                detail = translate(_N("core", "hors du territoire"))
                skips.lines[i] = ReportLine(
                    Outcome.SKIPPED,
                    entry.line,
                    entry.name,
                    entry.identifier,
                    f"{label_same} : {detail}",
                    SkipReason.SAME_PROFESSIONAL,
                )
        report.rows_read = rows
        report.outside_people = len(outside)
        report.outside_communes = [(c, n) for c, n in outside_communes.most_common(10) if n > 0]
        report.professionals_in_file = len(people) + len(outside)
        return report, list(people.values()), skips

    @staticmethod
    def _key(cand: Candidate, fmt: ImportFormat):
        if cand.values.get("rpps"):
            return ("rpps", cand.values["rpps"])
        if cand.values.get("adeli"):
            return ("adeli", cand.values["adeli"])
        if fmt is ImportFormat.CSV:
            return ("name", *cand.name_key, cand.values.get("profession"))
        return None

    @staticmethod
    def _merge(first: Candidate, other: Candidate) -> Candidate:
        """Keep the best-placed row's address and contacts; fill what it lacks from the other."""
        best, second = (other, first) if other.rank > first.rank else (first, other)
        values = dict(best.values)
        for name, value in second.values.items():
            values.setdefault(name, value)
        # The profession and its detail come from the row that says most about them.
        for cand in (best, second):
            if cand.values.get("profession") not in (
                None,
                Profession.OTHER,
                Profession.OTHER_SPECIALIST,
            ):
                values["profession"] = cand.values["profession"]
                if cand.values.get("profession_detail"):
                    values["profession_detail"] = cand.values["profession_detail"]
                break
        return Candidate(
            line=min(first.line, other.line),
            values=values,
            postal_code=best.postal_code,
            commune_code=best.commune_code,
            department=best.department,
            rank=best.rank,
            notes=first.notes + [n for n in other.notes if n not in first.notes],
        )

    # --- one row of each format ---------------------------------------------------------------

    @staticmethod
    def _identifiers(
        cand_values: dict,
        id_type: str,
        id_pp: str,
        id_nat: str,
        line: int,
        name: str,
        skips: _SkipLog,
    ) -> bool:
        ident = re.sub(r"\s", "", id_pp)
        kind = id_type.strip()
        if not ident and id_nat:
            nat = re.sub(r"\s", "", id_nat)
            kind = kind or nat[:1]
            ident = nat[1:] if nat[:1] in ("8", "0") else nat
        if not kind:
            kind = "8" if len(ident) == 11 and ident.isdigit() else ("0" if len(ident) == 9 else "")
        if not ident:
            skips.add(SkipReason.NO_IDENTIFIER, line, name)
            return False
        if kind == "8":
            if len(ident) != 11 or not ident.isdigit():
                skips.add(SkipReason.INVALID_RPPS, line, name, ident)
                return False
            cand_values["rpps"] = ident
        elif kind == "0":
            if len(ident) != 9:
                skips.add(SkipReason.INVALID_ADELI, line, name, ident)
                return False
            cand_values["adeli"] = ident
        else:
            skips.add(
                SkipReason.NO_IDENTIFIER,
                line,
                name,
                ident,
                translate(_N("core", "type d'identifiant « {kind} » inconnu")).format(kind=kind),
            )
            return False
        return True

    def _annuaire_row(self, row: list[str], index: dict[str, int], line: int, skips: _SkipLog):
        cell = _cell_reader(row, index)
        last, first, name = cell("last_name"), cell("first_name"), _full_name(cell)
        if not last:
            skips.add(SkipReason.NO_NAME, line, name)
            return None
        values: dict[str, object] = {"last_name": last}
        if first:
            values["first_name"] = first
        if not self._identifiers(
            values, cell("id_type"), cell("id_pp"), cell("id_nat"), line, name, skips
        ):
            return None
        profession, detail = annuaire_profession(
            cell("prof_code"), cell("prof_label"), cell("sf_code"), cell("sf_label")
        )
        mode = MODE_LABELS.get(cell("mode").upper())
        if mode:
            detail = translate(
                _N("core", "{detail} — exercice {mode}")
                if detail
                else _N("core", "Exercice {mode}")
            ).format(detail=detail, mode=translate(mode))
        values["profession"] = profession
        if detail:
            values["profession_detail"] = detail
        structure = cell("company") or cell("brand")
        if structure:
            values["structure"] = structure
        commune = cell("commune")
        if commune:
            values["commune"] = commune
        phone = cell("phone") or cell("phone2")
        if phone:
            values["phone"] = nice_phone(phone)
        cand = Candidate(line=line, values=values)
        email = cell("email")
        if email:
            if _email_ok(email):
                values["email"] = email
            else:
                cand.notes.append(_invalid_address("email"))
        cand.postal_code = cell("postal_code") or None
        cand.commune_code = cell("commune_code") or None
        cand.department = cell("department") or department_of(cand.postal_code, cand.commune_code)
        cand.rank = (
            (4 if cell("mode").upper() == "L" else 0)
            + (2 if cell("sf_type").upper() == "S" else 0)
            + sum(1 for k in ("structure", "commune", "phone", "email") if k in values)
        )
        return cand

    def _csv_row(self, row: list[str], index: dict[str, int], line: int, skips: _SkipLog):
        cell = _cell_reader(row, index)
        last, first, name = cell("last_name"), cell("first_name"), _full_name(cell)
        if not last:
            skips.add(SkipReason.NO_NAME, line, name)
            return None
        values: dict[str, object] = {"last_name": last}
        cand = Candidate(line=line, values=values)
        if first:
            values["first_name"] = first
        rpps = re.sub(r"\s", "", cell("rpps"))
        if rpps:
            if len(rpps) != 11 or not rpps.isdigit():
                skips.add(SkipReason.INVALID_RPPS, line, name, rpps)
                return None
            values["rpps"] = rpps
            if not luhn_is_valid(rpps):
                cand.notes.append(translate(_N("core", "clé de contrôle du RPPS incorrecte")))
        adeli = re.sub(r"\s", "", cell("adeli"))
        if adeli:
            if len(adeli) != 9:
                skips.add(SkipReason.INVALID_ADELI, line, name, adeli)
                return None
            values["adeli"] = adeli
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
        for key in ("structure", "commune", "notes"):
            if cell(key):
                values[key] = cell(key)
        if cell("phone"):
            values["phone"] = nice_phone(cell("phone"))
        for key in ("email", "secure_email"):
            value = cell(key)
            if value:
                if _email_ok(value):
                    values[key] = value
                else:
                    cand.notes.append(_invalid_address(key))
        for key in ("cpts_member", "active"):
            flag = _yes_no(cell(key))
            if flag is not None:
                values[key] = flag
        cand.postal_code = cell("postal_code") or None
        cand.department = department_of(cand.postal_code, None)
        return cand

    # --- matching and writing -----------------------------------------------------------------

    def _decide(
        self,
        candidates: list[Candidate],
        existing: _Existing,
        report: ImportReport,
        skips: _SkipLog,
        *,
        dry_run: bool,
        cancel: CancelFn,
        session=None,
        progress: ProgressFn | None = None,
    ) -> None:
        """Match each candidate; count (and, unless *dry_run*, write) adds and updates."""
        report.added = report.updated = report.unchanged = 0
        fmt = report.format
        total = len(candidates)
        pending = 0
        for i, cand in enumerate(candidates, 1):
            if i % CHECK_EVERY == 0:
                if cancel():
                    raise ImportCancelled
                if progress is not None:
                    progress(i, total)
            if "commune" in cand.values:
                commune = str(cand.values["commune"])
                cand.values["commune"] = existing.communes.get(
                    _commune_key(commune)
                ) or nice_commune(commune)
            pro, reason, note = existing.match(cand, fmt)
            if reason is not None:
                skips.add(reason, cand.line, cand.name, cand.identifier)
                continue
            notes = ([note] if note else []) + cand.notes
            if pro is None:
                values = _new_values(cand)
                try:
                    cleaned, warnings = clean_professional(ProfessionalDraft(**values))
                except ValidationError as exc:
                    skips.add(
                        SkipReason.INVALID_VALUE,
                        cand.line,
                        cand.name[:200],
                        cand.identifier,
                        _field_messages(exc),
                    )
                    continue
                report.added += 1
                detail = "; ".join(notes + [translate(w) for w in warnings])
                report.lines.append(
                    ReportLine(Outcome.ADDED, cand.line, cand.name, cand.identifier, detail)
                )
                if not dry_run:
                    new = Professional(**cleaned)
                    session.add(new)
                    pending += 1
                    if pending >= FLUSH_EVERY:
                        session.flush()
                        pending = 0
                # Later rows of the file may name the same person (CSV without identifiers).
                existing.add(_Shadow(cleaned) if dry_run else new)
                continue
            changes = _changes(pro, cand, fmt)
            if not changes:
                report.unchanged += 1
                continue
            try:
                cleaned, _warnings = clean_professional(_draft_values(pro, changes))
            except ValidationError as exc:
                skips.add(
                    SkipReason.INVALID_VALUE,
                    cand.line,
                    cand.name[:200],
                    cand.identifier,
                    _field_messages(exc),
                )
                continue
            report.updated += 1
            report.lines.append(
                ReportLine(
                    Outcome.UPDATED,
                    cand.line,
                    cand.name,
                    cand.identifier,
                    "; ".join([_describe_changes(changes)] + notes),
                )
            )
            if not dry_run:  # *pro* belongs to this write session
                for name in changes:
                    if getattr(pro, name) != cleaned[name]:
                        setattr(pro, name, cleaned[name])
        report.skipped = Counter(skips.counts)
        report.lines.extend(skips.lines)
        if progress is not None:
            progress(total, total)

    def apply(
        self,
        plan: ImportPlan,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Write *plan* in one audited transaction; all or nothing."""
        started = time.perf_counter()
        cancel = cancel or (lambda: False)
        preview = plan.preview
        report = ImportReport(
            file_name=preview.file_name,
            format=preview.format,
            encoding=preview.encoding,
            delimiter=preview.delimiter,
            rows_read=preview.rows_read,
            professionals_in_file=preview.professionals_in_file,
            territory=preview.territory,
            committed=True,
            outside_people=preview.outside_people,
            outside_communes=list(preview.outside_communes),
            ignored_columns=list(preview.ignored_columns),
        )
        skips = _SkipLog()
        skips.counts = Counter(plan.parse_skip_counts)
        skips.lines = list(plan.parse_skip_lines)
        with self._write() as s:
            existing = _Existing(list(s.scalars(select(Professional))), plan.territory)
            self._decide(
                [_copy(c) for c in plan.candidates],
                existing,
                report,
                skips,
                dry_run=False,
                cancel=cancel,
                session=s,
                progress=progress,
            )
            if cancel():
                raise ImportCancelled
        report.seconds = time.perf_counter() - started
        return report

    def import_file(
        self,
        path: Path | str,
        fmt: ImportFormat | str = ImportFormat.AUTO,
        territory: Territory | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Analyse then apply (the headless command)."""
        plan = self.analyse(path, fmt, territory, cancel=cancel)
        return self.apply(plan, progress=progress, cancel=cancel)


class _Shadow:
    """A professional that a dry run would add (for matching the rest of the file)."""

    _ids = iter(range(-1, -(10**12), -1))

    def __init__(self, values: dict) -> None:
        self.id = next(self._ids)
        for name in IMPORTED_FIELDS:
            setattr(self, name, values.get(name))


def _copy(cand: Candidate) -> Candidate:
    return Candidate(
        cand.line,
        dict(cand.values),
        cand.postal_code,
        cand.commune_code,
        cand.department,
        cand.rank,
        list(cand.notes),
    )


def _invalid_address(field_name: str) -> str:
    return translate(_N("core", "adresse invalide ignorée ({field})")).format(
        field=translate(FIELD_LABELS[field_name])
    )


def _email_ok(value: str) -> bool:
    return len(value) <= MAX_EMAIL and bool(EMAIL_PATTERN.match(value))


def _field_messages(exc: ValidationError) -> str:
    return "; ".join(
        f"{translate(FIELD_LABELS.get(name, name))} — {message}"
        for name, message in exc.errors.items()
    )
