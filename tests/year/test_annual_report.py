"""The annual report on a base with known counts (tests/year/indemnity_world.py: 3 sessions
held in 2025, none with the quorum of 3 professions, 2 professionals, 10 h; 1 session in 2024): each indicator against
its target, the previous year, patient counts masked from the edition, every export recorded in
the register and sharing the statistics' edition; the coordinator's text; targets rules."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from rcp_desktop.models import TargetLevel
from rcp_desktop.reports.annual_report import report_writer_for
from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.services.annual_report import INDICATORS, TargetDraft
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.statistics import ExportRequest
from tests.year import indemnity_world


@pytest.fixture
def base(services):
    indemnity_world.build(services)
    services.annual_report.set_targets(
        2025,
        [
            TargetDraft("sessions_held", TargetLevel.CORE, 4),
            TargetDraft("professionals", TargetLevel.CORE, 5),
            TargetDraft("rcp_hours", TargetLevel.OPTIONAL, 8),
            TargetDraft("situations", TargetLevel.CORE, 20),
        ],
    )
    services.annual_report.set_text(2025, "Lancement du parcours TND.", "Recrutement lent.")
    return services


def test_each_indicator_against_its_target_and_the_previous_year(base):
    report = base.annual_report.report(2025)
    line = report.line
    assert (line("sessions_held").value, line("sessions_held").previous) == (3, 1)
    assert line("sessions_held").target == 4 and line("sessions_held").progress == 75.0
    assert line("sessions_held").level is TargetLevel.CORE
    assert (line("professionals").value, line("professionals").previous) == (2, 1)
    assert line("professionals").progress == 40.0
    assert (line("rcp_hours").value, line("rcp_hours").previous) == (10.0, 2.0)
    assert line("rcp_hours").progress == 125.0 and line("rcp_hours").level is TargetLevel.OPTIONAL
    # The quorum takes 3 different professions: a GP and a nurse never make it.
    assert line("quorum_share").value == 0.0 and line("quorum_share").target is None
    # Patient counts come from the edition: all small here, so masked — and no progress.
    for ind in INDICATORS:
        if ind.patients:
            assert line(ind.code).value == "s", ind.code
            assert line(ind.code).previous == "non publiée"
    assert line("situations").progress is None
    assert report.edition_date is None and not report.previous_published
    assert (report.highlights, report.difficulties) == (
        "Lancement du parcours TND.",
        "Recrutement lent.",
    )
    assert report.evaluations.sessions_held == 3 and report.evaluations.evaluated == 0


def text_of(data):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_every_format_is_recorded_and_shares_the_statistics_edition(base, tmp_path):
    records = []
    for ext in ("pdf", "csv", "xlsx"):
        path = tmp_path / f"rapport-2025.{ext}"
        records.append(base.annual_report.export(2025, path, report_writer_for(path)))
    assert len({r.edition_id for r in records}) == 1  # the first export fixed the edition
    register = base.statistics.exports()
    assert [r.file_name for r in register] == [
        "rapport-2025.xlsx",
        "rapport-2025.csv",
        "rapport-2025.pdf",
    ]
    stats = base.statistics.export(
        ExportRequest(2025), tmp_path / "stats.csv", writer_for(tmp_path / "stats.csv")
    )
    assert stats.edition_id == records[0].edition_id
    text = text_of((tmp_path / "rapport-2025.pdf").read_bytes())
    assert "Rapport annuel d'activité 2025" in text
    assert "Séances tenues Socle 4 3 75,0 % 1" in text
    assert "Heures de RCP des professionnels Optionnel 8 10,0 125,0 % 2,0" in text
    assert "Lancement du parcours TND." in text and "Recrutement lent." in text
    assert "Événements de santé et réhospitalisations" in text
    assert "Séances tenues avec quorum 0,0 %" in text
    rows = list(
        csv.reader(
            io.StringIO((tmp_path / "rapport-2025.csv").read_bytes()[3:].decode()), delimiter=";"
        )
    )
    by_label = {r[0]: r for r in rows if r}
    assert by_label["Séances tenues"][1:] == ["Socle", "4", "3", "75,0", "1"]
    assert by_label["Situations présentées"][3] == "s"
    sheet = openpyxl.load_workbook(tmp_path / "rapport-2025.xlsx").active
    values = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    assert values["Séances tenues"][3] == 3 and values["Séances tenues"][4] == 75


def test_an_open_year_is_refused_and_targets_are_checked(base, tmp_path):
    with pytest.raises(RefusedError):
        base.annual_report.report(2026)
    path = tmp_path / "r.pdf"
    with pytest.raises(RefusedError):
        base.annual_report.export(2026, path, report_writer_for(path))
    assert not path.exists() and base.statistics.exports() == []
    with pytest.raises(ValidationError) as exc:
        base.annual_report.set_targets(2025, [TargetDraft("sessions_held", target=-1)])
    assert exc.value.errors == {"sessions_held": "Un objectif entre 0 et 1000000."}
    with pytest.raises(ValidationError):
        base.annual_report.set_targets(2025, [TargetDraft("nope", target=1)])
    # A draft without a target removes it; copying fills an empty year.
    base.annual_report.set_targets(2025, [TargetDraft("situations", target=None)])
    assert sorted(base.annual_report.targets(2025)) == [
        "professionals",
        "rcp_hours",
        "sessions_held",
    ]
    assert base.annual_report.copy_targets(2025, 2026) == 3
    assert base.annual_report.copy_targets(2025, 2026) == 0
    assert base.annual_report.targets(2026)["rcp_hours"].level is TargetLevel.OPTIONAL
