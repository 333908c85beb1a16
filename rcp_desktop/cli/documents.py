"""minutes, case-sheet: the session documents as PDF files (written atomically, mode 0600)."""

from __future__ import annotations

from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.files import atomic_write_bytes


def register(sub) -> None:
    p = sub.add_parser("minutes", help="compte rendu d'une séance en PDF")
    add_db_argument(p)
    p.add_argument("--session", required=True, type=int, metavar="ID", help="numéro de la séance")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--pseudonymise",
        action="store_true",
        help="patients désignés par leur numéro de dossier (ni nom, ni date de naissance, ni NIR)",
    )
    p.set_defaults(handler=cmd_minutes)

    p = sub.add_parser("case-sheet", help="fiche RCP d'un patient pour une séance, en PDF")
    add_db_argument(p)
    p.add_argument("--session", required=True, type=int, metavar="ID", help="numéro de la séance")
    p.add_argument(
        "--case",
        required=True,
        metavar="ID",
        help="identifiant du dossier (ou son numéro, ex. 2025-0012), à l'ordre du jour de la séance",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_case_sheet)


def _check_out(out: Path) -> Path:
    out = Path(out)
    if not out.parent.is_dir():
        raise CliError(f"Dossier inexistant : {out.parent}")
    if out.is_dir():
        raise CliError(f"{out} est un dossier : indiquez un nom de fichier.")
    return out


def cmd_minutes(args) -> int:
    from rcp_desktop.reports.minutes import build_minutes
    from rcp_desktop.services.documents import DocumentService

    out = _check_out(args.out)
    with open_services(args) as services:
        data = DocumentService(services.ctx).minutes(args.session, pseudonymise=args.pseudonymise)
    pdf = build_minutes(data)
    atomic_write_bytes(out, pdf)
    print(f"Compte rendu écrit : {out}")
    return EXIT_OK


def cmd_case_sheet(args) -> int:
    from rcp_desktop.reports.case_sheet import build_case_sheet
    from rcp_desktop.services.documents import DocumentService

    out = _check_out(args.out)
    with open_services(args) as services:
        documents = DocumentService(services.ctx)
        raw = str(args.case).strip()
        case_id = int(raw) if raw.isdigit() else documents.case_id_for_number(raw)
        data = documents.case_sheet(args.session, case_id)
    pdf = build_case_sheet(data)
    atomic_write_bytes(out, pdf)
    print(f"Fiche RCP écrite : {out}")
    return EXIT_OK
