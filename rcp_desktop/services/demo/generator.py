"""The demo generator: the steps in order, and the one transaction they run in."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceContext
from rcp_desktop.services.demo.attachments import make_attachments
from rcp_desktop.services.demo.cases import make_cases, make_status_history
from rcp_desktop.services.demo.data import CPTS_NAME
from rcp_desktop.services.demo.directory import make_professionals
from rcp_desktop.services.demo.meetings import make_meetings
from rcp_desktop.services.demo.participation import make_participation
from rcp_desktop.services.demo.patient_docs import make_patient_documents
from rcp_desktop.services.demo.requests import make_requests
from rcp_desktop.services.demo.sizes import STANDARD, DemoSize
from rcp_desktop.services.demo.state import DemoReport, DemoRun, ProgressFn
from rcp_desktop.services.demo.tnd import make_tnd
from rcp_desktop.services.demo.usipa import make_usipa
from rcp_desktop.services.demo.year import make_year


def generate(
    ctx: ServiceContext,
    *,
    years: int = 2,
    seed: int = 1,
    progress: ProgressFn | None = None,
    size: DemoSize = STANDARD,
) -> DemoReport:
    """Fill the database with *years* of fictional activity ending today, in one audited
    transaction; the same seed, size and day give the same data."""
    if not 1 <= years <= 30:
        raise ValueError("years must be between 1 and 30")
    run = DemoRun(ctx, years=years, seed=seed, size=size, progress=progress)
    with ctx.db.write(ctx.actor) as session:
        report = run_steps(run, session)
        settings_mod.put(session, settings_mod.CPTS_NAME, CPTS_NAME)
        settings_mod.put(session, settings_mod.DEMO, True)
    make_patient_documents(ctx)  # after the transaction: through the documents' own service
    return report


def run_steps(run: DemoRun, session: Session) -> DemoReport:
    """Directory, patients and cases, USIPA, sessions (with agendas, decisions and crisis
    plans), then the case status histories, attachments and TND pathways, then the year's data
    (targets, health events, evaluations). The order is part of the seed's contract: every step
    draws from the same random generator."""
    run.progress(0, 1)
    # Rows refer to rows of the same batch (ids are handed out as they are made): the foreign
    # keys are checked at commit, as for any transaction.
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    pros = make_professionals(run, session)
    cases = make_cases(run, session, pros)
    make_usipa(run, session, pros, cases)
    days = make_meetings(run, session, pros, cases)
    make_status_history(run, session, cases, days)
    make_attachments(run, session, cases, days)
    run.flush(session)
    make_tnd(run, session, pros, cases)  # its own random generator, after the batch
    make_requests(run, session, pros, cases)
    make_participation(run, session)
    make_year(run, session, cases)
    return run.report
