"""import-directory: import professionals from the CPTS's CSV or the Annuaire Santé extraction."""

from __future__ import annotations

from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.files import atomic_write_bytes

# ImportFormat's values (tests/cli check they agree), named here so that building the parser
# does not import the importer.
IMPORT_FORMATS = ("auto", "annuaire", "csv")


def register(sub) -> None:
    p = sub.add_parser(
        "import-directory",
        help="importer des professionnels (liste CSV de la CPTS ou extraction de l'Annuaire Santé)",
        description=(
            "Ajoute les professionnels nouveaux et met à jour ceux déjà présents (même RPPS ou "
            "ADELI) sans effacer ce qui a été saisi ; tout ou rien (une seule transaction)."
        ),
    )
    add_db_argument(p)
    p.add_argument("--file", required=True, type=Path, metavar="FICHIER", help=".csv, .txt ou .zip")
    p.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default="auto",
        help="annuaire (extraction de l'Annuaire Santé), csv (liste de la CPTS) ou auto (défaut)",
    )
    scope = p.add_mutually_exclusive_group()
    scope.add_argument(
        "--territory",
        metavar="LISTE",
        help="communes, codes postaux ou départements séparés par des virgules "
        "(défaut pour l'Annuaire Santé : les communes déjà dans l'annuaire)",
    )
    scope.add_argument(
        "--whole-file", action="store_true", help="tout le fichier, sans restriction de territoire"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="analyser seulement : rien n'est enregistré"
    )
    p.add_argument(
        "--report", type=Path, metavar="RAPPORT.csv", help="écrire le rapport détaillé en CSV"
    )
    p.set_defaults(handler=cmd_import_directory)


def cmd_import_directory(args) -> int:
    from rcp_desktop.reports.directory_import import import_report_csv
    from rcp_desktop.services.directory_import import ImportFormat, Territory

    if args.report is not None and not args.report.parent.is_dir():
        raise CliError(f"Dossier inexistant : {args.report.parent}")
    with open_services(args) as services:
        importer = services.directory_import
        fmt = ImportFormat(args.format)
        if args.whole_file:
            territory = Territory()
        elif args.territory is not None:
            territory = Territory.parse(args.territory)
        elif (
            fmt if fmt is not ImportFormat.AUTO else importer.detect_file_format(args.file)
        ) is ImportFormat.ANNUAIRE:
            territory = importer.default_territory()
        else:
            territory = Territory()
        plan = importer.analyse(args.file, fmt, territory)
        report = plan.preview if args.dry_run else importer.apply(plan)
    if territory.is_empty:
        print("Territoire : tout le fichier.")
    else:
        print(f"Territoire : {territory.text}")
    print(report.summary())
    for reason, count in report.reasons():
        print(f"  écartées — {reason} : {count}")
    if args.dry_run:
        print("Analyse seule : rien n'a été enregistré.")
    if args.report is not None:
        atomic_write_bytes(args.report, import_report_csv(report))
        print(f"Rapport écrit : {args.report}")
    return EXIT_OK
