"""Demo documents for the patient, the record and the GP, made after the demo's transaction
through the same service the application uses (real documents, recorded on the cases'
timelines): a letter template of its own for the TND pathway; for the last held session's
first discussed case, the letter to the patient and the message file for the GP (whose
directory entry gets a secure address if it has none); the newest crisis plan given to its
patient. Only the records stay in the base (no file is written)."""

from __future__ import annotations

from sqlalchemy import select

from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    AgendaItem,
    CaseFile,
    CrisisPlanVersion,
    Meeting,
    Pathway,
    Patient,
    Professional,
    Triage,
)
from rcp_desktop.services.base import ServiceContext
from rcp_desktop.services.patient_docs import PatientDocumentService

TND_TEMPLATE = (
    "{civilite},\n\n"
    "La situation de votre enfant, {patient}, a été étudiée le {date_seance} par les "
    "professionnels du parcours TND de la {cpts} (plateforme de coordination et d'orientation, "
    "rééducateurs, médecin traitant).\n\n"
    "Ce que nous vous proposons :\n{proposition}\n\n"
    "Les prochaines étapes :\n{actions}\n\n"
    "Vous restez libres de vos choix ; {medecin_traitant} peut en parler avec vous. Prochain "
    "point : {prochaine_revision}.\n\n{signataire}\npour la {cpts}"
)


def _showcase(ctx: ServiceContext) -> tuple[int, int] | None:
    """(session, case) of the last held session's first discussed case whose GP has a secure
    address."""
    with ctx.db.read() as s:
        row = s.execute(
            select(AgendaItem.meeting_id, AgendaItem.case_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .join(Patient, Patient.id == CaseFile.patient_id)
            .join(Professional, Professional.id == Patient.gp_id)
            .where(
                Meeting.status.in_(HELD_MEETING_STATUSES),
                Meeting.held_on <= ctx.today(),
                AgendaItem.triage != Triage.LISTED,
                Professional.secure_email.is_not(None),
            )
            .order_by(Meeting.held_on.desc(), AgendaItem.position)
            .limit(1)
        ).first()
    return (row[0], row[1]) if row else None


def make_patient_documents(ctx: ServiceContext) -> None:
    # The reports lay the documents out; imported here only (the demo makes real ones).
    from rcp_desktop.reports.case_sheet import build_case_sheet
    from rcp_desktop.reports.cda import build_case_sheet_cda
    from rcp_desktop.reports.mssante import build_gp_message
    from rcp_desktop.reports.patient_docs import build_patient_crisis_plan, build_patient_letter
    from rcp_desktop.reports.pdfa import archival

    service = PatientDocumentService(ctx)
    service.set_letter_template(Pathway.TND, TND_TEMPLATE)
    showcase = _showcase(ctx)
    if showcase is not None:
        meeting_id, case_id = showcase
        service.produce_letter(meeting_id, case_id, build_patient_letter)
        service.prepare_gp_message(
            meeting_id, case_id, archival(build_case_sheet), build_case_sheet_cda, build_gp_message
        )
    with ctx.db.read() as s:
        plan_id = s.scalar(
            select(CrisisPlanVersion.id).order_by(CrisisPlanVersion.drawn_up_on.desc()).limit(1)
        )
    if plan_id is not None:
        service.produce_patient_plan(
            plan_id, service.holder_choices(plan_id), build_patient_crisis_plan
        )
