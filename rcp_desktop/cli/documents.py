"""minutes, case-sheet: the session documents as PDF files (written atomically, mode 0600).

Each file made is recorded in the document register (produced, then saved: the audit chain).
A pseudonymised document's review — what still looks like an identifier — goes to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.files import atomic_write_bytes

if TYPE_CHECKING:
    from rcp_desktop.services.documents import Produced


def register(sub) -> None:
    p = sub.add_parser("minutes", help="compte rendu d'une séance en PDF")
    add_db_argument(p)
    p.add_argument("--session", required=True, type=int, metavar="ID", help="numéro de la séance")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--pseudonymise",
        action="store_true",
        help="situations désignées par une lettre propre au document (Situation A, B…) ; noms, "
        "dates de naissance, NIR, téléphones, adresses… masqués dans les textes ; ce qui "
        "ressemble encore à un identifiant est listé sur la sortie d'erreur",
    )
    p.add_argument(
        "--mask",
        action="append",
        default=[],
        metavar="TERME",
        help="avec --pseudonymise : masquer aussi ce mot ou ce numéro (option répétable)",
    )
    p.add_argument("--pdfa", action="store_true", help="au format PDF/A-2b (archivage)")
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
    p.add_argument("--pdfa", action="store_true", help="au format PDF/A-2b (archivage)")
    p.set_defaults(handler=cmd_case_sheet)


def _archival(build):
    from rcp_desktop.reports.pdfa import archival

    return archival(build)


def _check_out(out: Path) -> Path:
    out = Path(out)
    if not out.parent.is_dir():
        raise CliError(f"Dossier inexistant : {out.parent}")
    if out.is_dir():
        raise CliError(f"{out} est un dossier : indiquez un nom de fichier.")
    return out


def _save(services, produced: Produced, out: Path) -> None:
    from rcp_desktop.models import DocumentAction
    from rcp_desktop.services.documents import DocumentRegister

    atomic_write_bytes(out, produced.content)
    DocumentRegister(services.ctx).record_use(
        produced.record_id, DocumentAction.SAVED, produced.content
    )


def cmd_minutes(args) -> int:
    from rcp_desktop.models import DocumentKind
    from rcp_desktop.reports.minutes import build_minutes
    from rcp_desktop.services.documents import DocumentRegister

    out = _check_out(args.out)
    if args.mask and not args.pseudonymise:
        raise CliError("--mask ne s'emploie qu'avec --pseudonymise.")
    with open_services(args) as services:
        produced = DocumentRegister(services.ctx).produce(
            DocumentKind.MINUTES,
            args.session,
            _archival(build_minutes) if getattr(args, "pdfa", False) else build_minutes,
            pseudonymise=args.pseudonymise,
            extra_terms=args.mask,
        )
        _save(services, produced, out)
    print(f"Compte rendu écrit : {out}")
    if produced.review is not None:
        lines = produced.review.suspect_lines()
        if lines:
            print(
                f"À relire : {len(lines)} élément(s) ressemblent encore à un identifiant "
                "(--mask TERME pour les masquer) :",
                file=sys.stderr,
            )
            for line in lines:
                print(f"  {line}", file=sys.stderr)
        else:
            print("À relire : rien ne ressemble plus à un identifiant.", file=sys.stderr)
    return EXIT_OK


def cmd_case_sheet(args) -> int:
    from rcp_desktop.models import DocumentKind
    from rcp_desktop.reports.case_sheet import build_case_sheet
    from rcp_desktop.services.documents import DocumentRegister, DocumentService

    out = _check_out(args.out)
    with open_services(args) as services:
        documents = DocumentService(services.ctx)
        raw = str(args.case).strip()
        case_id = int(raw) if raw.isdigit() else documents.case_id_for_number(raw)
        build = _archival(build_case_sheet) if getattr(args, "pdfa", False) else build_case_sheet
        produced = DocumentRegister(services.ctx).produce(
            DocumentKind.CASE_SHEET, args.session, build, case_id=case_id
        )
        _save(services, produced, out)
    print(f"Fiche RCP écrite : {out}")
    return EXIT_OK
