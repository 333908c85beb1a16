"""The demo base shows the requests and the people around the patient."""

from sqlalchemy import func, select

from rcp_desktop.models import (
    GuestAttendance,
    GuestRole,
    PatientInformation,
    RequestStatus,
)
from rcp_desktop.services.cases import TimelineKind


def test_demo_has_a_queue_accepted_requests_guests_and_informed_patients(demo_services):
    rows = demo_services.requests.list()
    assert {r.status for r in rows} == set(RequestStatus)
    waiting = demo_services.requests.list((RequestStatus.NEW,))
    assert waiting and waiting[0].urgency.value == "urgent"
    accepted = next(r for r in rows if r.status is RequestStatus.ACCEPTED)
    events = demo_services.cases.timeline(accepted.case_id)
    assert {e.title for e in events if e.kind is TimelineKind.REQUEST} >= {
        "Demande reçue",
        "Demande acceptée",
    }
    with demo_services.db.read() as s:
        roles = set(s.scalars(select(GuestAttendance.role)))
        informed = s.scalar(select(func.count(PatientInformation.id)))
    assert GuestRole.PARTNER_STAFF in roles and roles & {GuestRole.PATIENT, GuestRole.RELATIVE}
    assert informed > 20
