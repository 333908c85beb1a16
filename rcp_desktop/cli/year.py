"""The CPTS's year: the annual activity report (recorded in the export register like the
statistics) and the indemnities (the accountant's CSV and the professionals' statements)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.domain.dates import fr_datetime
from rcp_desktop.domain.money import euros, hours
from rcp_desktop.files import atomic_write_bytes

MIN_YEAR, MAX_YEAR = 2000, 2100


def register(sub) -> None:
    r = sub.add_parser(
        "report",
        help="rapport annuel d'activité d'une année civile terminée (PDF, XLSX ou CSV), inscrit "
        "au registre des exports",
        description="Indicateurs ACI de l'année face à leurs objectifs, année précédente, "
        "événements de santé par parcours, auto-évaluation et texte de la coordination. Les "
        "effectifs de patients sont ceux de l'édition des statistiques de l'année (secret "
        "statistique, seuil 11 au moins) : le rapport n'apprend rien qu'un export des "
        "statistiques n'apprenne. Chaque fichier est inscrit au registre (rcp-desktop exports). "
        "Le format suit l'extension (.pdf, .xlsx, .csv).",
    )
    add_db_argument(r)
    r.add_argument("--year", type=int, required=True, metavar="AAAA", help="l'année civile")
    r.add_argument("--out", required=True, type=Path, metavar="FICHIER.pdf|.xlsx|.csv")
    r.set_defaults(handler=cmd_report)

    p = sub.add_parser(
        "indemnities",
        help="indemnisation du temps de RCP d'une année : fichier CSV pour le comptable et "
        "relevés annuels PDF par professionnel",
        description="Temps passé par chaque professionnel présent aux séances tenues de l'année "
        "(feuilles d'émargement, corrections comprises), au taux horaire et dans le plafond "
        "annuel fixés dans Paramètres. Aucune donnée de patient dans ces fichiers.",
    )
    add_db_argument(p)
    p.add_argument("--year", type=int, required=True, metavar="AAAA", help="l'année civile")
    p.add_argument("--csv", type=Path, metavar="FICHIER.csv", help="le fichier du comptable")
    p.add_argument(
        "--statements",
        type=Path,
        metavar="DOSSIER",
        help="dossier où écrire un relevé PDF par professionnel",
    )
    p.add_argument(
        "--professional",
        type=int,
        metavar="ID",
        help="avec --statements : le relevé de ce seul professionnel (identifiant de l'annuaire)",
    )
    p.set_defaults(handler=cmd_indemnities)


def cmd_report(args: argparse.Namespace) -> int:
    from rcp_desktop.reports.annual_report import REPORT_WRITERS, report_writer_for

    out = Path(args.out)
    if out.suffix.lower() not in REPORT_WRITERS:
        raise CliError(
            f"Extension inconnue « {out.suffix or out.name} » : choisissez .pdf, .xlsx ou .csv."
        )
    if not out.parent.is_dir():
        raise CliError(f"Dossier inexistant : {out.parent}")
    with open_services(args) as services:
        record = services.annual_report.export(args.year, out, report_writer_for(out))
    print(
        f"Rapport annuel écrit : {out} ({record.size} octets), année {args.year}, seuil "
        f"{record.threshold}, édition du {fr_datetime(record.edition_created_at)} ; export "
        f"n° {record.id} inscrit au registre (SHA-256 {record.sha256})."
    )
    return EXIT_OK


def cmd_indemnities(args: argparse.Namespace) -> int:
    from rcp_desktop.reports.indemnities import (
        build_statement,
        indemnities_csv,
        statement_file_name,
    )
    from rcp_desktop.services import settings as settings_mod

    if not MIN_YEAR <= args.year <= MAX_YEAR:
        raise CliError(f"--year : une année entre {MIN_YEAR} et {MAX_YEAR}.")
    if args.csv is None and args.statements is None:
        raise CliError("Indiquez --csv FICHIER.csv, --statements DOSSIER, ou les deux.")
    if args.professional is not None and args.statements is None:
        raise CliError("--professional s'emploie avec --statements.")
    if args.csv is not None:
        if args.csv.suffix.lower() != ".csv":
            raise CliError(f"--csv : un fichier .csv (reçu « {args.csv.name} »).")
        if not args.csv.parent.is_dir():
            raise CliError(f"Dossier inexistant : {args.csv.parent}")
    if args.statements is not None and not args.statements.is_dir():
        raise CliError(f"Dossier inexistant : {args.statements}")
    with open_services(args) as services:
        data = services.indemnities.year(args.year)
        head = services.indemnities.letterhead()
        cpts = services.settings.get(settings_mod.CPTS_NAME)
        rows = list(data.rows)
        if args.professional is not None:
            rows = [r for r in rows if r.professional_id == args.professional]
            if not rows:
                raise CliError(
                    f"Le professionnel n° {args.professional} n'a participé à aucune séance "
                    f"tenue en {args.year}."
                )
        if args.csv is not None:
            atomic_write_bytes(args.csv, indemnities_csv(data, cpts))
            print(f"Fichier du comptable écrit : {args.csv} ({len(data.rows)} professionnel(s)).")
        if args.statements is not None:
            for row in rows:
                atomic_write_bytes(
                    args.statements / statement_file_name(row, args.year),
                    build_statement(data, row, head),
                )
            print(f"{len(rows)} relevé(s) écrit(s) dans {args.statements}.")
    if not data.rate_cents:
        print("Attention : aucun taux horaire n'est fixé (Paramètres) : les montants sont nuls.")
    for row in rows:
        if row.cap_reached:
            print(
                f"Plafond atteint : {row.name} ({hours(row.minutes)}, "
                f"{euros(row.computed_cents)} ramenés à {euros(row.due_cents)})."
            )
    return EXIT_OK
