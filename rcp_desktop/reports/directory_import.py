"""The directory import report as CSV for a French Excel (';', UTF-8 with a BOM, CRLF)."""

from __future__ import annotations

import csv
import io

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.reports.statistics.common import safe_text
from rcp_desktop.services.directory_import import FORMAT_LABELS, MAX_EXAMPLES, ImportReport


def import_report_csv(report: ImportReport) -> bytes:
    buffer = io.StringIO()
    out = csv.writer(
        buffer, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    out.writerow(
        [
            translate(
                _N("core", "Rapport d'import de l'annuaire")
                if report.committed
                else _N("core", "Aperçu d'import de l'annuaire (rien n'a été enregistré)")
            )
        ]
    )
    out.writerow([translate(_N("core", "Fichier")), safe_text(report.file_name)])
    out.writerow([translate(_N("core", "Format")), translate(FORMAT_LABELS[report.format])])
    out.writerow([translate(_N("core", "Encodage")), report.encoding])
    out.writerow(
        [
            translate(_N("core", "Territoire")),
            safe_text(report.territory) or translate(_N("core", "tout le fichier")),
        ]
    )
    for summary_line in report.summary().splitlines():
        out.writerow([safe_text(summary_line)])
    out.writerow([])
    out.writerow([translate(_N("core", "Motif d'écart")), translate(_N("core", "Lignes"))])
    for reason, count in report.reasons():
        out.writerow([safe_text(reason), count])
    out.writerow([])
    out.writerow(
        [
            translate(_N("core", "Exemples : au plus {n} lignes par motif d'écart.")).format(
                n=MAX_EXAMPLES
            )
        ]
    )
    out.writerow(
        [
            translate(_N("core", "Résultat")),
            translate(_N("core", "Ligne")),
            translate(_N("core", "Nom")),
            translate(_N("core", "Identifiant")),
            translate(_N("core", "Détail")),
        ]
    )
    for line in report.lines:
        out.writerow(
            [
                line.outcome_label,
                line.line or "",
                safe_text(line.name),
                safe_text(line.identifier),
                safe_text(line.detail),
            ]
        )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
