"""stats: anonymised ACI statistics for a period, as CSV, XLSX or PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.domain.dates import fr_date


def register(sub) -> None:
    p = sub.add_parser(
        "stats",
        help="statistiques ACI anonymisées d'une période (CSV, XLSX ou PDF)",
        description="Statistiques ACI anonymisées : aucun nom, date de naissance, NIR, adresse "
        "ni texte libre ; tout effectif de patients sous le seuil est masqué, avec secret "
        "secondaire. Le format suit l'extension du fichier (.csv, .xlsx, .pdf).",
    )
    add_db_argument(p)
    p.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="AAAA-MM-JJ",
        help="premier jour de la période",
    )
    p.add_argument(
        "--to",
        dest="end",
        required=True,
        metavar="AAAA-MM-JJ",
        help="dernier jour de la période (inclus)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FICHIER.csv|.xlsx|.pdf")
    p.add_argument(
        "--threshold",
        type=int,
        metavar="N",
        help="seuil de secret statistique (défaut : le paramètre de la base, 11)",
    )
    p.set_defaults(handler=cmd_stats)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} : date invalide « {text} » (attendu AAAA-MM-JJ).") from None


def cmd_stats(args) -> int:
    from rcp_desktop.reports.statistics import FORMATS, export_statistics

    start = _date(args.start, "--from")
    end = _date(args.end, "--to")
    if end < start:
        raise CliError("Période inversée : --to précède --from.")
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise CliError(
            f"Extension inconnue « {out.suffix or out.name} » : choisissez .csv, .xlsx ou .pdf."
        )
    if args.threshold is not None and not 2 <= args.threshold <= 1000:
        raise CliError("--threshold : entre 2 et 1000.")
    if not out.parent.is_dir():
        raise CliError(f"Dossier inexistant : {out.parent}")
    with open_services(args) as services:
        published = services.statistics.report(start, end, args.threshold)
    size = export_statistics(published, out)
    print(
        f"Statistiques écrites : {out} ({size} octets), période du {fr_date(start)} au "
        f"{fr_date(end)}, seuil {published.threshold}."
    )
    return EXIT_OK
