"""Exports go through the service: whole past calendar years only, threshold 11 at least, one
edition per year reprinted by every later export, each file recorded in the audited register."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat

import pytest
from sqlalchemy import select

from rcp_desktop.models import (
    AgendaItem,
    AuditEntry,
    CaseFile,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Patient,
    Sex,
    StatisticsExport,
)
from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.integrity import check_database
from rcp_desktop.services.statistics import ExportRequest
from tests.statistics.conftest import END, START
from tests.statistics.reading import csv_tables
from tests.statistics.test_exports import csv_text, population


def export(services, tmp_path, name="aci-2025.csv", **request):
    path = tmp_path / name
    record = services.statistics.export(ExportRequest(2025, **request), path, writer_for(path))
    return path, record


def add_late_patient(services, day=dt.date(2025, 12, 20)):
    """A patient presented at a session of the exported year, entered after the export."""
    with services.db.write(services.ctx.actor) as s:
        meeting = Meeting(held_on=day, start_time=dt.time(20), status=MeetingStatus.HELD)
        patient = Patient(
            birth_name="TARDIF",
            first_names="Léa",
            birth_date=dt.date(1940, 5, 5),
            sex=Sex.FEMALE,
            ald=True,
        )
        s.add_all([meeting, patient])
        s.flush()
        case = CaseFile(
            number="2025-LATE",
            patient_id=patient.id,
            pathway=Pathway.ELDERLY,
            opened_on=day,
            referral_reason="r",
            question="q",
        )
        s.add(case)
        s.flush()
        s.add(AgendaItem(meeting_id=meeting.id, case_id=case.id, kind=ItemKind.NEW))


def test_an_export_writes_the_file_privately_and_records_it_in_the_audit_chain(
    services, known, tmp_path
):
    path, record = export(services, tmp_path)
    data = path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert record.sha256 == hashlib.sha256(data).hexdigest() and record.size == len(data)
    assert (record.start, record.end, record.threshold) == (START, END, 11)
    assert (record.format, record.file_name, record.pathway) == ("csv", "aci-2025.csv", "*")
    assert record.operator == "Dr Test" and record.os_user == "testeur"
    assert record.exported_at == dt.datetime(2026, 3, 10, 14, 0)
    assert services.statistics.exports() == [record]
    with services.db.read() as s:
        entities = {e for (e,) in s.execute(select(AuditEntry.entity))}
    assert {"statistics_edition", "statistics_export"} <= entities
    assert check_database(services.db).ok


def test_every_export_of_a_year_reprints_its_edition_whatever_changed_since(services, tmp_path):
    population(services)  # 52 patients presented in 2025
    first, record = export(services, tmp_path, "first.csv")
    assert (
        services.statistics.publication(2025).published.table("situations").value(0, "Total") == 52
    )
    add_late_patient(services)
    # On screen, the figures follow the data…
    fresh = services.statistics.report(START, END)
    assert fresh.table("situations").value(0, "Total") == 53
    # …but every export of 2025 prints the edition fixed by the first one.
    second, again = export(services, tmp_path, "second.csv")
    assert again.edition_id == record.edition_id
    edition = services.statistics.publication(2025)
    assert edition.edition is not None and edition.edition.id == record.edition_id

    def tables(path):
        return csv_tables(csv_text(path.read_bytes()), edition.published)

    assert tables(first) == tables(second)
    assert first.read_bytes() == second.read_bytes()
    # A new edition, asked for explicitly, takes the corrections in, and is recorded too.
    third, renewed = export(services, tmp_path, "third.csv", new_edition=True)
    assert renewed.edition_id != record.edition_id
    assert tables(third)["situations"] != tables(first)["situations"]
    assert [r.id for r in services.statistics.exports()] == [renewed.id, again.id, record.id]


def test_only_a_whole_calendar_year_that_is_over_can_be_exported(services, known, tmp_path):
    with pytest.raises(RefusedError) as err:
        export_year = ExportRequest(2026)  # "today" is 10/03/2026
        services.statistics.export(export_year, tmp_path / "x.csv", writer_for(tmp_path / "x.csv"))
    assert "2026 n'est pas terminée" in err.value.message
    assert "1er janvier 2027" in err.value.message
    with pytest.raises(RefusedError) as err:
        services.statistics.publication(2026)
    assert not (tmp_path / "x.csv").exists()
    assert services.statistics.exports() == []
    # Any other period is for the screen only, and says so.
    assert services.statistics.report(START, dt.date(2025, 12, 30)).internal
    assert services.statistics.report(START, END, threshold=5).internal
    assert not services.statistics.report(START, END).internal


def test_exports_use_a_threshold_of_eleven_at_least(services, known, tmp_path):
    with pytest.raises(RefusedError) as err:
        export(services, tmp_path, threshold=5)
    assert "Seuil 5 refusé" in err.value.message and "11" in err.value.message
    assert not (tmp_path / "aci-2025.csv").exists()
    # A setting under the floor (an older base) still exports at 11.
    services.settings.set(settings_mod.STATS_THRESHOLD, 5)
    _path, record = export(services, tmp_path)
    assert record.threshold == 11
    # The year is published at 11: another threshold would be a second, comparable release.
    with pytest.raises(RefusedError) as err:
        export(services, tmp_path, "other.csv", threshold=15)
    assert "déjà publiée au seuil 11" in err.value.message
    _path, record = export(services, tmp_path, "other.csv", threshold=15, new_edition=True)
    assert record.threshold == 15


def test_a_pathway_export_is_a_view_of_the_edition(services, known, tmp_path):
    whole, _ = export(services, tmp_path, "all.csv")
    usipa, record = export(services, tmp_path, "usipa.csv", pathway="usipa")
    assert record.pathway == "usipa"
    published = services.statistics.publication(2025).published
    full = csv_tables(csv_text(whole.read_bytes()), published)
    view = published.for_pathway("usipa")
    part = csv_tables(csv_text(usipa.read_bytes()), view)
    assert set(part) < set(full)  # tables without a pathway breakdown are left out
    for table in view.tables:
        columns = published.table(table.id).column_pathways
        cols = [columns.index("usipa"), columns.index("*")]
        assert part[table.id] == [[row[c] for c in cols] for row in full[table.id]]
    assert "Parcours;USIPA" in csv_text(usipa.read_bytes())


def test_a_file_that_cannot_be_written_leaves_no_record(services, known, tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        export(services, folder)
    assert services.statistics.exports() == []
    with services.db.read() as s:
        assert s.scalar(select(StatisticsExport.id)) is None
    # The edition was not kept either: the next export fixes it.
    assert services.statistics.publication(2025).edition is None


def test_the_figures_are_cached_until_the_data_change(services, known):
    first = services.statistics.report(START, END)
    assert services.statistics.cached_report(START, END) is first
    assert services.statistics.report(START, END) is first
    add_late_patient(services)
    assert services.statistics.cached_report(START, END) is None
    assert services.statistics.report(START, END) is not first
    services.settings.set(settings_mod.QUORUM_PROFESSIONS, 2)  # a setting is a change too
    assert services.statistics.cached_report(START, END) is None


def test_a_record_that_cannot_be_committed_leaves_no_file(services, known, tmp_path, monkeypatch):
    from rcp_desktop.services.statistics import service as service_mod

    def broken(**_fields):
        raise RuntimeError("the transaction fails after the file is written")

    monkeypatch.setattr(service_mod, "ExportRecord", broken)
    with pytest.raises(RuntimeError):
        export(services, tmp_path)
    assert not (tmp_path / "aci-2025.csv").exists()
    monkeypatch.undo()
    assert services.statistics.exports() == []
