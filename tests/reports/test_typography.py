"""French typography where lines break: a closing guillemet, a colon or a question mark never
starts a line alone; a phone number, an hour never split."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Table

from rcp_desktop.domain.dates import fr_time
from rcp_desktop.domain.text import NBSP, french_spacing, unbreakable
from rcp_desktop.reports.pdf_base import build_pdf, para, styles
from tests.reports.factory import Pdf


def test_french_spacing_and_unbreakable_texts():
    assert french_spacing("Cliquez « Nouveau patient… » : voilà ?") == (
        f"Cliquez «{NBSP}Nouveau patient…{NBSP}»{NBSP}: voilà{NBSP}?"
    )
    assert french_spacing("sans espace") == "sans espace"
    assert unbreakable("06 12 34 56 78") == f"06{NBSP}12{NBSP}34{NBSP}56{NBSP}78"
    assert " " not in fr_time(dt.time(19, 30))


def test_no_line_of_a_pdf_starts_with_a_lone_guillemet_or_colon():
    text = " ".join(["Cliquez sur « Nouveau patient » : la fiche s'ouvre ?"] * 12)
    narrow = Table([[para(text, styles()["cell"])]], colWidths=[38 * mm])
    pdf = Pdf(build_pdf([narrow, para(text, styles()["body"])], title="t"))
    lines = [line.strip() for line in pdf.text.splitlines() if line.strip()]
    assert len(lines) > 20
    for line in lines:
        assert not line.startswith(("»", ":", "?")), line
        assert not line.endswith("«"), line
