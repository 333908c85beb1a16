"""Every create / update / delete leaves a chained audit entry; tampering is detected."""

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from rcp_desktop.models import AuditEntry, Patient, Sex
from rcp_desktop.services.integrity import check_database
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.storage.audit import AuditError


def draft(**kw):
    values = dict(
        birth_name="Durand", first_names="Léa", birth_date=dt.date(1990, 5, 4), sex=Sex.FEMALE
    )
    values.update(kw)
    return PatientDraft(**values)


def entries(db):
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_create_update_delete_are_audited_with_who_and_what(services, db):
    patient = services.patients.create(draft())
    services.patients.update(
        patient.id, draft(commune="Morangis"), expected_version=patient.version
    )
    with db.write(services.ctx.actor) as s:
        s.delete(s.get(Patient, patient.id))
    log = [e for e in entries(db) if e.entity == "patient"]
    assert [e.action for e in log] == ["create", "update", "delete"]
    assert all(e.entity_id == patient.id for e in log)
    assert all(e.os_user == "testeur" and e.operator == "Dr Test" for e in log)
    assert log[1].fields == "commune"
    # Field names only, never values.
    assert "Durand" not in " ".join(e.fields for e in log)
    assert log[2].row_digest is None
    assert check_database(db).ok


def test_entries_are_hash_chained(services, db):
    services.patients.create(draft())
    services.patients.create(draft(birth_name="Petit", first_names="Noé"))
    log = entries(db)
    assert log[0].prev_hash == "0" * 64
    for previous, entry in zip(log, log[1:], strict=False):
        assert entry.prev_hash == previous.entry_hash


def test_write_without_actor_is_refused(db):
    with pytest.raises(AuditError), db.read() as s:
        s.add(
            Patient(birth_name="X", first_names="Y", birth_date=dt.date(2000, 1, 1), sex=Sex.MALE)
        )
        s.commit()


def test_bulk_update_bypassing_the_audit_is_refused(services, db):
    services.patients.create(draft())
    with pytest.raises(AuditError), db.write(services.ctx.actor) as s:
        s.execute(update(Patient).values(commune="Ailleurs"))


def test_tampered_audit_entry_is_detected(services, db):
    services.patients.create(draft())
    services.patients.create(draft(birth_name="Petit", first_names="Noé"))
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET operator = 'quelqu''un' WHERE id = 1"))
    report = check_database(db)
    assert not report.ok
    assert any("entrée n° 1" in line for line in report.chain)


def test_row_edited_behind_the_apps_back_is_detected(services, db):
    patient = services.patients.create(draft())
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE patient SET birth_name = 'FALSIFIE' WHERE id = :id"), {"id": patient.id}
        )
    report = check_database(db)
    assert report.rows == [f"Ligne modifiée hors de l'application : patient n° {patient.id}."]


def test_rows_inserted_or_deleted_behind_the_apps_back_are_detected(services, db):
    patient = services.patients.create(draft())
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM patient WHERE id = :id"), {"id": patient.id})
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('intrus', '1')"))
    lines = check_database(db).rows
    assert any("supprimée hors de l'application : patient" in line for line in lines)
    assert any("absente du journal : setting" in line for line in lines)
