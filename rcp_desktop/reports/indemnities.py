"""Indemnisation documents: a professional's annual statement (PDF) and the accountant's file
(CSV for a French Excel). Both are built from :mod:`rcp_desktop.services.indemnities` data,
which carries nothing about patients."""

from __future__ import annotations

import csv
import io

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from rcp_desktop.domain.dates import fr_date, short_time
from rcp_desktop.domain.money import decimal_hours, euros, hours
from rcp_desktop.domain.text import normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import key_values, letterhead
from rcp_desktop.reports.pdf_base import build_pdf, para, styles, table
from rcp_desktop.reports.statistics.common import safe_text
from rcp_desktop.services.documents import Letterhead
from rcp_desktop.services.indemnities import IndemnityYear, ProfessionalYear


def statement_title(year: int) -> str:
    return tr(_N("core", "Relevé annuel de participation aux RCP — {year}")).format(year=year)


def statement_file_name(pro: ProfessionalYear, year: int) -> str:
    """A file name without accents nor spaces: releve-2025-dupont-claire-12.pdf."""
    slug = "-".join(
        normalise_key(part).replace(" ", "-") for part in (pro.last_name, pro.first_name) if part
    )
    return f"releve-{year}-{slug}-{pro.professional_id}.pdf"


def _rates_rows(data: IndemnityYear) -> list[tuple[str, str]]:
    return [
        (
            tr(_N("core", "Taux horaire")),
            euros(data.rate_cents) if data.rate_cents else tr(_N("core", "non défini")),
        ),
        (
            tr(_N("core", "Plafond annuel")),
            euros(data.cap_cents) if data.cap_cents else tr(_N("core", "aucun")),
        ),
    ]


def build_statement(data: IndemnityYear, pro: ProfessionalYear, head: Letterhead) -> bytes:
    """One professional's year: every session attended, its times and amount, the total, the
    cap applied."""
    sheet = styles()
    story: list[Flowable] = letterhead(head, statement_title(data.year), pro.name)
    rows = [
        (tr(_N("core", "Professionnel")), pro.name),
        (tr(_N("core", "Profession")), pro.profession),
    ]
    if pro.rpps:
        rows.append((tr(_N("core", "RPPS")), pro.rpps))
    if pro.structure:
        rows.append((tr(_N("core", "Structure")), pro.structure))
    rows.append((tr(_N("core", "Année")), str(data.year)))
    story += key_values(rows + _rates_rows(data))
    story.append(Spacer(1, 4 * mm))
    grid: list[list[object]] = [
        [
            tr(_N("core", "Date")),
            tr(_N("core", "Séance")),
            tr(_N("core", "Arrivée")),
            tr(_N("core", "Départ")),
            tr(_N("core", "Temps")),
            tr(_N("core", "Montant")),
        ]
    ]
    for t in pro.sessions:
        duration = hours(t.minutes)
        if t.correction:
            duration += " *"
        grid.append(
            [
                fr_date(t.held_on),
                t.session or "—",
                short_time(t.arrived_at),
                short_time(t.left_at),
                duration,
                euros(t.amount_cents),
            ]
        )
    grid.append(
        [
            tr(_N("core", "Total")),
            tr(_N("core", "{n} séance(s)")).format(n=len(pro.sessions)),
            "",
            "",
            hours(pro.minutes),
            euros(pro.computed_cents),
        ]
    )
    story.append(
        table(
            grid,
            [24 * mm, 70 * mm, 18 * mm, 18 * mm, 22 * mm, 28 * mm],
            extra_style=[("FONTNAME", (0, -1), (-1, -1), "DejaVuSans-Bold")],
        )
    )
    story.append(Spacer(1, 4 * mm))
    if any(t.correction for t in pro.sessions):
        story.append(
            para(
                tr(_N("core", "* Temps corrigé par la coordination (motif conservé au journal).")),
                sheet["small"],
            )
        )
    due = tr(_N("core", "Montant dû : {amount}")).format(amount=euros(pro.due_cents))
    story.append(para(due, sheet["h3"]))
    if pro.cap_reached:
        story.append(
            para(
                tr(
                    _N(
                        "core",
                        "Plafond annuel atteint : le montant calculé ({computed}) est ramené au "
                        "plafond de {cap}.",
                    )
                ).format(computed=euros(pro.computed_cents), cap=euros(data.cap_cents)),
                sheet["body"],
            )
        )
    story.append(Spacer(1, 8 * mm))
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "Établi d'après les feuilles d'émargement des séances. Visa de la "
                    "coordination : ________________________",
                )
            ),
            sheet["body"],
        )
    )
    footer = tr(
        _N(
            "core",
            "{cpts} — relevé de temps de participation aux RCP, année {year}. "
            "Ce relevé ne contient aucune donnée de patient.",
        )
    ).format(cpts=head.cpts_name, year=data.year)
    return build_pdf(story, title=statement_title(data.year), footer=footer)


CSV_HEADER = (
    _N("core", "Nom"),
    _N("core", "Prénom"),
    _N("core", "Profession"),
    _N("core", "RPPS"),
    _N("core", "Séances"),
    _N("core", "Heures"),
    _N("core", "Taux horaire (€)"),
    _N("core", "Montant calculé (€)"),
    _N("core", "Plafond annuel (€)"),
    _N("core", "Montant dû (€)"),
    _N("core", "Plafond atteint"),
)


def indemnities_csv(data: IndemnityYear, cpts_name: str) -> bytes:
    """One line per professional: French Excel (';', UTF-8 BOM, decimal comma, CRLF)."""
    buffer = io.StringIO()
    out = csv.writer(
        buffer, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    out.writerow(
        [
            safe_text(
                tr(_N("core", "{cpts} — indemnisation du temps de RCP, année {year}")).format(
                    cpts=cpts_name, year=data.year
                )
            )
        ]
    )
    out.writerow([tr(h) for h in CSV_HEADER])
    yes, no = tr(_N("core", "oui")), tr(_N("core", "non"))
    cap = euros(data.cap_cents, symbol=False) if data.cap_cents else ""
    for r in data.rows:
        out.writerow(
            [
                safe_text(r.last_name),
                safe_text(r.first_name),
                safe_text(r.profession),
                r.rpps or "",
                len(r.sessions),
                decimal_hours(r.minutes),
                euros(data.rate_cents, symbol=False),
                euros(r.computed_cents, symbol=False),
                cap,
                euros(r.due_cents, symbol=False),
                yes if r.cap_reached else no,
            ]
        )
    out.writerow(
        [
            tr(_N("core", "Total")),
            "",
            "",
            "",
            sum(len(r.sessions) for r in data.rows),
            decimal_hours(data.total_minutes),
            "",
            euros(sum(r.computed_cents for r in data.rows), symbol=False),
            "",
            euros(data.total_due_cents, symbol=False),
            "",
        ]
    )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
