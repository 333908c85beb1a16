"""The file: opening it (or the single text member of a zip archive), sniffing its encoding,
separator and format, mapping its columns **by header name**, and streaming its rows as lists of
cells with their line numbers. Both formats: the Annuaire Santé extraction ('|'-separated, no
quoting) and a CPTS's own CSV list (';', ',', tab or '|')."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from rcp_desktop.domain.text import normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.services.directory_import.text import clean_value
from rcp_desktop.services.directory_import.vocabulary import FORMAT_LABELS, ImportFormat
from rcp_desktop.services.errors import RefusedError, ServiceError

HEAD_BYTES = 256 * 1024
MAX_RECORD_LINES = 20  # a CSV record spanning more lines has an unclosed quote


# --- the columns -------------------------------------------------------------------------------

ANNUAIRE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id_type": ("Type d'identifiant PP",),
    "id_pp": ("Identifiant PP",),
    "id_nat": ("Identification nationale PP",),
    "last_name": ("Nom d'exercice",),
    "first_name": ("Prénom d'exercice",),
    "civility": ("Code civilité",),
    "exercise_civility": ("Code civilité d'exercice",),
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


def header_index(header: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
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


def map_columns(header: list[str], fmt: ImportFormat) -> dict[str, int]:
    """Our key → position of its column in *header*; refused if a required column is absent."""
    annuaire = fmt is ImportFormat.ANNUAIRE
    columns = ANNUAIRE_COLUMNS if annuaire else CSV_COLUMNS
    required = ANNUAIRE_REQUIRED if annuaire else CSV_REQUIRED
    index = header_index(header, columns)
    missing = _missing(index, required, columns)
    if missing:
        raise RefusedError(
            _N(
                "core",
                "Colonnes obligatoires absentes ({format}) : {names}. Vérifiez la ligne d'en-tête du fichier.",
            ),
            format=translate(FORMAT_LABELS[fmt]),
            names=", ".join(f"«\u00a0{m}\u00a0»" for m in missing),
        )
    return index


def ignored_columns(header: list[str], index: dict[str, int]) -> list[str]:
    """The named columns of *header* that *index* does not use."""
    used = set(index.values())
    return [clean_value(h) for i, h in enumerate(header) if i not in used and clean_value(h)]


# --- reading the file --------------------------------------------------------------------------


class WrongEncoding(Exception):
    pass


@dataclass
class Source:
    stream: IO[bytes]
    size: int
    name: str


@contextmanager
def open_source(path: Path) -> Iterator[Source]:
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
                yield Source(stream, members[0].file_size or 1, members[0].filename)
        return
    with open(path, "rb") as stream:
        yield Source(stream, size, path.name)


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


class Reader:
    """Streams the rows of a file as lists of cells, with their line numbers."""

    def __init__(self, source: Source, encoding: str, fmt: ImportFormat) -> None:
        self.source = source
        self.encoding = encoding
        errors = "strict" if encoding.startswith("utf") else "replace"
        self.text = io.TextIOWrapper(source.stream, encoding=encoding, errors=errors, newline="")
        first = self._first_line()
        self.requested = fmt
        self.delimiter = "|" if fmt is ImportFormat.ANNUAIRE else sniff_delimiter(first)
        self._lines = _chain_first(first, self.text)
        quoting: Literal[0, 1, 2, 3] = (
            csv.QUOTE_NONE if self.delimiter == "|" else csv.QUOTE_MINIMAL
        )
        self.reader = csv.reader(
            self._lines, delimiter=self.delimiter, quoting=quoting, strict=False
        )
        try:
            self.header = next(self.reader)
        except StopIteration:
            raise RefusedError(_N("core", "Le fichier est vide.")) from None
        except UnicodeDecodeError as exc:
            raise WrongEncoding from exc
        except csv.Error as exc:  # a header line longer than any cell may be (10 MB…)
            raise RefusedError(
                _N(
                    "core",
                    "Ligne d'en-tête illisible : ligne démesurée ou guillemet non refermé. "
                    "Vérifiez qu'il s'agit bien de la liste CSV ou de l'extraction attendue.",
                )
            ) from exc
        self.header_line = self.reader.line_num

    def _first_line(self) -> str:
        try:
            for line in self.text:
                if line.strip():
                    return line
        except UnicodeDecodeError as exc:
            raise WrongEncoding from exc
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
            raise WrongEncoding from exc
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


def head_encoding(path: Path) -> str:
    """The encoding sniffed from the first :data:`HEAD_BYTES` of the file."""
    with open_source(path) as source:
        return sniff_encoding(source.stream.read(HEAD_BYTES))


def file_format(path: Path) -> ImportFormat | None:
    """The format of a file from its header line alone; None if it cannot be read."""
    try:
        encoding = head_encoding(path)
        with open_source(path) as source:
            return detect_format(Reader(source, encoding, ImportFormat.AUTO).header)
    except (ServiceError, WrongEncoding, OSError, zipfile.BadZipFile, csv.Error):
        return None
