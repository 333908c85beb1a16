"""The recovery sheet printed at database creation: the key written as a recovery code, how to
use it, and a warning. It holds no patient data."""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from rcp_desktop.domain.dates import fr_datetime
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import CONTENT_WIDTH, key_values
from rcp_desktop.reports.pdf_base import FONT_BOLD, build_pdf, para, styles

GROUPS_PER_ROW = 4


def code_grid(code: str) -> Table:
    """The code's groups in a grid, four per row, large and numbered by row."""
    groups = code.split("-")
    sheet = styles()
    cell_style = ParagraphStyle(
        "code",
        parent=sheet["body"],
        fontName=FONT_BOLD,
        fontSize=17,
        leading=22,
        alignment=TA_CENTER,
    )
    rows = []
    for start in range(0, len(groups), GROUPS_PER_ROW):
        chunk = groups[start : start + GROUPS_PER_ROW]
        chunk += [""] * (GROUPS_PER_ROW - len(chunk))
        rows.append(
            [para(f"{start // GROUPS_PER_ROW + 1}.", sheet["small"])]
            + [para(g, cell_style) for g in chunk]
        )
    grid = Table(rows, colWidths=[10 * mm] + [30 * mm] * GROUPS_PER_ROW, hAlign="CENTER")
    grid.setStyle(
        TableStyle(
            [
                ("BOX", (1, 0), (-1, -1), 1.2, colors.black),
                ("INNERGRID", (1, 0), (-1, -1), 0.4, colors.HexColor("#9a9996")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return grid


def metadata_title() -> str:
    return tr(_N("core", "Fiche de secours rcp-desktop"))


def build_recovery_sheet(
    code: str, *, database: str = "", created: dt.datetime | None = None, cpts_name: str = ""
) -> bytes:
    """*code*: the recovery code (``DatabaseKey.recovery_code()``); *database*: the database
    file's name or path, to know which base the code opens."""
    sheet = styles()
    story: list[Flowable] = [
        para(tr(_N("core", "Fiche de secours — rcp-desktop")), sheet["title"]),
        para(
            tr(
                _N(
                    "core",
                    "Code de secours de la base chiffrée. Document strictement confidentiel.",
                )
            ),
            sheet["h3"],
        ),
        Spacer(1, 3 * mm),
    ]
    rows = []
    if cpts_name:
        rows.append((tr(_N("core", "Structure")), cpts_name))
    if database:
        rows.append((tr(_N("core", "Base")), database))
    rows.append((tr(_N("core", "Créée le")), fr_datetime(created or dt.datetime.now())))
    story += key_values(rows, label_width=30 * mm)
    story.append(Spacer(1, 6 * mm))
    story.append(para(tr(_N("core", "Code de secours")), sheet["h2"]))
    story.append(code_grid(code))
    story.append(Spacer(1, 6 * mm))

    story.append(para(tr(_N("core", "À quoi sert ce code ?")), sheet["h2"]))
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "Il ouvre la base si la phrase de passe est oubliée, ou si la clé gardée dans "
                    "le trousseau du système est perdue (nouvel ordinateur, compte réinstallé, "
                    "restauration d'une sauvegarde sur un autre poste). Sans lui, une base dont "
                    "la clé est perdue ne peut plus être lue par personne.",
                )
            ),
            sheet["body"],
        )
    )
    story.append(para(tr(_N("core", "Comment l'utiliser")), sheet["h2"]))
    steps = [
        _N(
            "core",
            "1. Lancez rcp-desktop : dans la fenêtre «\u00a0Ouvrir la base\u00a0», saisissez ce code à la "
            "place de la phrase de passe (les tirets et les espaces sont facultatifs, "
            "majuscules ou minuscules indifférentes).",
        ),
        _N(
            "core",
            "2. En ligne de commande : saisissez-le à l'invite «\u00a0Phrase de passe ou code de "
            "secours\u00a0», ou placez-le dans la variable d'environnement RCP_DESKTOP_PASSPHRASE.",
        ),
        _N(
            "core",
            "3. Une fois la base ouverte, choisissez une nouvelle phrase de passe ou une nouvelle "
            "clé (commande «\u00a0rekey\u00a0») puis imprimez la nouvelle fiche de secours et détruisez "
            "celle-ci.",
        ),
    ]
    for step in steps:
        story.append(para(tr(step), sheet["body"]))
        story.append(Spacer(1, 1.5 * mm))

    story.append(Spacer(1, 3 * mm))
    warning = Table(
        [
            [
                [
                    para(tr(_N("core", "Attention")), sheet["h3"]),
                    para(
                        tr(
                            _N(
                                "core",
                                "Quiconque détient ce code peut lire toutes les données de la base, "
                                "y compris les dossiers des patients. Rangez cette fiche sous clé, "
                                "hors de l'ordinateur et loin de lui (coffre, armoire fermée). Ne "
                                "la photographiez pas, ne la scannez pas, ne l'envoyez pas par "
                                "courriel, ne l'enregistrez pas sur l'ordinateur.",
                            )
                        ),
                        sheet["body"],
                    ),
                ]
            ]
        ],
        colWidths=[CONTENT_WIDTH],
    )
    warning.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, colors.HexColor("#c01c28")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fdf0f0")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story.append(warning)
    footer = tr(_N("core", "Fiche de secours — strictement personnelle, à conserver sous clé."))
    return build_pdf(story, title=metadata_title(), footer=footer)
