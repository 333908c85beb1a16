"""stats: the anonymised ACI statistics of a calendar year, as CSV, XLSX or PDF, recorded in the
register; exports: the register."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.domain.dates import fr_date, fr_datetime

# The parser is built without the statistics and the models (their imports are not on the way
# to --help and --version): their values, which tests/cli check against the real ones.
ALL = "*"  # services.statistics.ALL
PATHWAY_CODES = [ALL, "mental_health", "usipa", "tnd", "elderly", "other"]  # ALL + models.Pathway
EXPORT_MIN_THRESHOLD = 11  # services.statistics.periods.EXPORT_MIN_THRESHOLD


def register(sub) -> None:
    p = sub.add_parser(
        "stats",
        help="statistiques ACI anonymisées d'une année civile (CSV, XLSX ou PDF), inscrites "
        "au registre des exports",
        description="Statistiques ACI anonymisées d'une année civile terminée : aucun nom, "
        "date de naissance, NIR, adresse ni texte libre ; tout effectif de patients sous le "
        "seuil (11 au moins) est masqué, avec secret secondaire vérifié sur l'ensemble du "
        "fichier. Le premier export d'une année en fixe l'édition : les suivants la "
        "reprennent. Chaque export est inscrit au registre (rcp-desktop exports). Le format "
        "suit l'extension du fichier (.csv, .xlsx, .pdf).",
    )
    add_db_argument(p)
    period = p.add_argument_group("période (une année civile terminée)")
    period.add_argument("--year", type=int, metavar="AAAA", help="l'année à exporter")
    period.add_argument(
        "--from", dest="start", metavar="AAAA-MM-JJ", help="premier jour (le 1er janvier)"
    )
    period.add_argument(
        "--to", dest="end", metavar="AAAA-MM-JJ", help="dernier jour (le 31 décembre, inclus)"
    )
    p.add_argument("--out", required=True, type=Path, metavar="FICHIER.csv|.xlsx|.pdf")
    p.add_argument(
        "--threshold",
        type=int,
        metavar="N",
        help=f"seuil de secret statistique, {EXPORT_MIN_THRESHOLD} au moins (défaut : le "
        "paramètre de la base ; une année déjà publiée garde le seuil de son édition)",
    )
    p.add_argument(
        "--pathway",
        choices=PATHWAY_CODES,
        default=ALL,
        help="un seul parcours (avec le total) ; par défaut, tous",
    )
    p.add_argument(
        "--new-edition",
        action="store_true",
        help="remplacer l'édition de l'année par une nouvelle (après correction des données) : "
        "les deux éditions pourraient être comparées",
    )
    p.set_defaults(handler=cmd_stats)

    e = sub.add_parser(
        "exports",
        help="le registre des exports de statistiques (qui, quand, période, parcours, seuil, "
        "format, SHA-256 du fichier)",
    )
    add_db_argument(e)
    e.add_argument("--json", action="store_true", help="sortie JSON")
    e.set_defaults(handler=cmd_exports)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} : date invalide « {text} » (attendu AAAA-MM-JJ).") from None


def _year(args: argparse.Namespace) -> int:
    from rcp_desktop.services.statistics.periods import year_of

    if args.year is not None:
        if args.start or args.end:
            raise CliError("--year ou bien --from et --to, pas les deux.")
        return int(args.year)
    if not (args.start and args.end):
        raise CliError("Indiquez l'année : --year AAAA (ou --from AAAA-01-01 --to AAAA-12-31).")
    start = _date(args.start, "--from")
    end = _date(args.end, "--to")
    if end < start:
        raise CliError("Période inversée : --to précède --from.")
    year = year_of(start, end)
    if year is None:
        raise CliError(
            "Un export porte sur une année civile entière (--from AAAA-01-01 --to AAAA-12-31) : "
            "deux exports de périodes qui se chevauchent permettraient, par différence, de "
            "reconnaître des patients."
        )
    return year


def cmd_stats(args: argparse.Namespace) -> int:
    from rcp_desktop.reports.statistics import FORMATS, writer_for
    from rcp_desktop.services.statistics import ExportRequest, pathway_label
    from rcp_desktop.services.statistics.periods import MAX_THRESHOLD

    year = _year(args)
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise CliError(
            f"Extension inconnue « {out.suffix or out.name} » : choisissez .csv, .xlsx ou .pdf."
        )
    if args.threshold is not None and not EXPORT_MIN_THRESHOLD <= args.threshold <= MAX_THRESHOLD:
        raise CliError(
            f"--threshold : entre {EXPORT_MIN_THRESHOLD} et {MAX_THRESHOLD} pour un export "
            "(règle du SNDS et du CASD)."
        )
    if not out.parent.is_dir():
        raise CliError(f"Dossier inexistant : {out.parent}")
    request = ExportRequest(year, args.pathway, args.threshold, args.new_edition)
    with open_services(args) as services:
        record = services.statistics.export(request, out, writer_for(out))
    scope = "" if record.pathway == ALL else f", parcours {pathway_label(record.pathway)}"
    print(
        f"Statistiques écrites : {out} ({record.size} octets), année {year}{scope}, "
        f"seuil {record.threshold}, édition du {fr_datetime(record.edition_created_at)} ; "
        f"export n° {record.id} inscrit au registre (SHA-256 {record.sha256})."
    )
    return EXIT_OK


def cmd_exports(args: argparse.Namespace) -> int:
    from rcp_desktop.services.statistics import pathway_label

    with open_services(args) as services:
        records = services.statistics.exports()
    if args.json:
        json.dump([r.as_json() for r in records], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    if not records:
        print("Aucun export de statistiques.")
    for r in records:
        scope = "tous parcours" if r.pathway == ALL else pathway_label(r.pathway)
        print(
            f"{r.id:>4}  {fr_datetime(r.exported_at)}  {r.operator}  "
            f"{fr_date(r.start)}–{fr_date(r.end)}  {scope}  seuil {r.threshold}  "
            f"{r.format.upper():<4} {r.file_name}  {r.size} octets  SHA-256 {r.sha256}"
        )
    return EXIT_OK
