"""RequestService: referral requests received (a filled PDF form imported, or typed in), the
"Demandes" queue, and its triage — accept (link or create the patient, open the case, propose
it for a session), ask for more, refuse with a reason. Each request is created, and each
answer given, in one transaction: a refused import or a failed acceptance leaves nothing."""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    OPEN_REQUEST_STATUSES,
    Attachment,
    CaseFile,
    CaseStatus,
    Consent,
    ConsentKind,
    Meeting,
    MeetingStatus,
    Patient,
    Professional,
    ReferralRequest,
    ReferralRequestStep,
    RequestSource,
    RequestStatus,
    RequestStep,
    label,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.patients import (
    DEFAULT_CONSENT_SCOPE,
    DuplicatePatientError,
    PatientDraft,
    clean_patient,
)
from rcp_desktop.services.requests.drafts import (
    RequestDraft,
    clean_request,
    draft_from_values,
    field_label,
)
from rcp_desktop.services.requests.reading import RequestFormError, read_form
from rcp_desktop.services.validation import Validator

MAX_ANSWER = 5000
MAX_FILENAME = 255


class RequestService(ServiceBase):
    # --- reading --------------------------------------------------------------------------------

    def list(
        self, statuses: tuple[RequestStatus, ...] | None = None
    ) -> builtins.list[ReferralRequest]:
        """Requests, the urgent and the oldest first among those waiting."""
        stmt = select(ReferralRequest).options(
            selectinload(ReferralRequest.referrer), selectinload(ReferralRequest.case)
        )
        if statuses:
            stmt = stmt.where(ReferralRequest.status.in_(statuses))
        with self._read() as s:
            rows = list(s.scalars(stmt))
        rank = {"urgent": 0, "soon": 1, "routine": 2}
        rows.sort(key=lambda r: (r.number,))
        rows.sort(key=lambda r: (r.received_on, r.id), reverse=True)
        rows.sort(
            key=lambda r: (
                r.status not in OPEN_REQUEST_STATUSES,
                rank.get(r.urgency.value, 3) if r.status in OPEN_REQUEST_STATUSES else 0,
            )
        )
        return rows

    def waiting_count(self) -> int:
        with self._read() as s:
            return int(
                s.scalar(
                    select(func.count(ReferralRequest.id)).where(
                        ReferralRequest.status.in_(OPEN_REQUEST_STATUSES)
                    )
                )
                or 0
            )

    def get(self, request_id: int) -> ReferralRequest:
        with self._read() as s:
            return self._get(
                s,
                ReferralRequest,
                request_id,
                options=(
                    selectinload(ReferralRequest.steps),
                    selectinload(ReferralRequest.referrer),
                    selectinload(ReferralRequest.patient),
                    selectinload(ReferralRequest.case),
                ),
            )

    def form_content(self, request_id: int) -> bytes | None:
        """The filled form as received, if the request came from one."""
        with self._read() as s:
            return self._get(s, ReferralRequest, request_id).form_content

    def candidates(self, request_id: int) -> builtins.list[Patient]:
        """Patients of the base who may be the request's patient: same NIR, or same birth
        name, first first name and birth date."""
        request = self.get(request_id)
        first = request.first_names.split(" ")[0].lower()
        with self._read() as s:
            found = {
                p.id: p
                for p in s.scalars(
                    select(Patient).where(
                        func.lower(Patient.birth_name) == request.birth_name.lower(),
                        Patient.birth_date == request.birth_date,
                    )
                )
                if p.first_names.split(" ")[0].lower() == first
            }
            if request.nir:
                for p in s.scalars(select(Patient).where(Patient.nir == request.nir)):
                    found[p.id] = p
        return sorted(found.values(), key=lambda p: p.id)

    # --- receiving ------------------------------------------------------------------------------

    def import_form(
        self, content: bytes, filename: str, *, received_on: dt.date | None = None
    ) -> ReferralRequest:
        """A filled request form (PDF with the form's fields) entered in the queue; a file that
        is not the form, or a form with missing or invalid fields, is refused with the list of
        what to correct, and nothing is recorded."""
        values = read_form(content)
        draft, errors = draft_from_values(values)
        try:
            return self.create(
                draft,
                source=RequestSource.FORM,
                received_on=received_on,
                form=(filename, content),
                errors=errors,
            )
        except ValidationError as exc:
            raise RequestFormError(
                _N(
                    "core",
                    "Formulaire incomplet ou invalide, rien n'a été enregistré. À corriger :\n{lines}",
                ),
                lines="\n".join(
                    f"• {field_label(e.field)} : {e.message}" for e in exc.field_errors
                ),
            ) from None

    def create(
        self,
        draft: RequestDraft,
        *,
        source: RequestSource = RequestSource.TYPED,
        received_on: dt.date | None = None,
        form: tuple[str, bytes] | None = None,
        errors=None,
    ) -> ReferralRequest:
        today = self.ctx.today()
        values = clean_request(draft, today, errors)
        received_on = received_on or today
        if received_on > today:
            v = Validator()
            v.add("received_on", _N("core", "La date ne peut pas être dans le futur."))
            v.raise_if_any()
        filename = None
        if form is not None:
            filename = (form[0] or "demande.pdf").strip()[-MAX_FILENAME:] or "demande.pdf"
        with self._write() as s:
            self._link_referrer(s, values)
            request = ReferralRequest(
                number=self._next_number(s, received_on.year),
                received_on=received_on,
                source=source,
                status=RequestStatus.NEW,
                form_filename=filename,
                form_content=form[1] if form is not None else None,
                recorded_by=self.ctx.actor.operator,
                **values,
            )
            s.add(request)
            s.flush()
            self._step(s, request, RequestStep.RECEIVED, received_on, None)
        return self.get(request.id)

    def update(
        self, request_id: int, draft: RequestDraft, *, expected_version: int | None = None
    ) -> ReferralRequest:
        """Correct or complete a waiting request; one waiting for more information goes back
        to the queue as completed."""
        values = clean_request(draft, self.ctx.today())
        with self._write() as s:
            request = self._get(s, ReferralRequest, request_id, expected_version)
            self._refuse_if_answered(request)
            self._link_referrer(s, values)
            for key, value in values.items():
                setattr(request, key, value)
            if request.status is RequestStatus.INFO_REQUESTED:
                request.status = RequestStatus.NEW
                self._step(s, request, RequestStep.COMPLETED, self.ctx.today(), None)
        return self.get(request_id)

    # --- triage ---------------------------------------------------------------------------------

    def ask_more(
        self, request_id: int, text: str, *, expected_version: int | None = None
    ) -> ReferralRequest:
        """Ask the referrer for more information (what is asked is required)."""
        v = Validator()
        text = v.required_text("answer", text, max_length=MAX_ANSWER)
        v.raise_if_any()
        with self._write() as s:
            request = self._get(s, ReferralRequest, request_id, expected_version)
            self._refuse_if_answered(request)
            request.status = RequestStatus.INFO_REQUESTED
            request.answer = text
            self._step(s, request, RequestStep.INFO_REQUESTED, self.ctx.today(), text)
        return self.get(request_id)

    def refuse(
        self, request_id: int, reason: str, *, expected_version: int | None = None
    ) -> ReferralRequest:
        """Refuse the request; the reason is required and is what the referrer is told."""
        v = Validator()
        reason = v.required_text("answer", reason, max_length=MAX_ANSWER)
        v.raise_if_any()
        with self._write() as s:
            request = self._get(s, ReferralRequest, request_id, expected_version)
            self._refuse_if_answered(request)
            request.status = RequestStatus.REFUSED
            request.answer = reason
            request.answered_on = self.ctx.today()
            self._step(s, request, RequestStep.REFUSED, request.answered_on, reason)
        return self.get(request_id)

    def accept(
        self,
        request_id: int,
        *,
        patient_id: int | None = None,
        allow_new_patient: bool = False,
        case_id: int | None = None,
        meeting_id: int | None = None,
        message: str | None = None,
        expected_version: int | None = None,
    ) -> ReferralRequest:
        """Accept the request, all in one transaction: the patient *patient_id* (or a new one
        from the request's identity traits — refused while a patient of the same identity
        exists, unless *allow_new_patient*), the consent the referrer recorded, a new case with
        the request's question and synthesis, the filled form attached to it, and the case
        proposed for the session *meeting_id* (its next review on that day). With *case_id*, an
        open case of that patient receives the request (and the form) instead of a new one."""
        today = self.ctx.today()
        v = Validator()
        message = v.optional_text("answer", message, max_length=MAX_ANSWER)
        v.raise_if_any()
        if patient_id is None and not allow_new_patient:
            candidates = self.candidates(request_id)
            if candidates:
                raise DuplicatePatientError(candidates)
        with self._write() as s:
            request = self._get(s, ReferralRequest, request_id, expected_version)
            self._refuse_if_answered(request)
            meeting = self._meeting_for(s, meeting_id, request, today)
            patient = self._patient_for(s, request, patient_id, today)
            self._consent_for(s, request, patient, today)
            if case_id is not None:
                case = self._get(s, CaseFile, case_id)
                if case.patient_id != patient.id or case.status is CaseStatus.CLOSED:
                    raise RefusedError(
                        _N(
                            "core",
                            "On ne rattache une demande qu'à un dossier ouvert du même patient.",
                        )
                    )
                if meeting is not None:
                    case.next_review_on = meeting.held_on
            else:
                case = CaseFile(
                    number=self._next_case_number(s, today.year),
                    patient_id=patient.id,
                    referrer_id=request.referrer_id,
                    pathway=request.pathway,
                    opened_on=today,
                    referral_reason=request.reason
                    or translate(_N("core", "Demande {number} de {referrer}")).format(
                        number=request.number, referrer=request.referrer_name
                    ),
                    question=request.question,
                    synthesis_organic=request.synthesis_organic,
                    synthesis_psychic=request.synthesis_psychic,
                    synthesis_social=request.synthesis_social,
                    next_review_on=meeting.held_on if meeting is not None else None,
                )
                s.add(case)
                s.flush()
            if request.form_filename is not None and request.form_content is not None:
                content = request.form_content
                s.add(
                    Attachment(
                        case_id=case.id,
                        filename=request.form_filename,
                        mime_type="application/pdf",
                        description=translate(
                            _N("core", "Formulaire de demande {number} ({referrer})")
                        ).format(number=request.number, referrer=request.referrer_name),
                        size=len(content),
                        content=content,
                        added_at=self.ctx.now(),
                        added_by=self.ctx.actor.operator,
                    )
                )
            request.status = RequestStatus.ACCEPTED
            request.answered_on = today
            request.answer = message
            request.patient_id = patient.id
            request.case_id = case.id
            request.proposed_meeting_id = meeting.id if meeting is not None else None
            detail = message
            if meeting is not None:
                proposed = translate(_N("core", "proposé pour la séance du {date}")).format(
                    date=fr_date(meeting.held_on)
                )
                detail = f"{message} — {proposed}" if message else proposed
            self._step(s, request, RequestStep.ACCEPTED, today, detail)
        return self.get(request_id)

    # --- helpers --------------------------------------------------------------------------------

    def _step(
        self, s: Session, request: ReferralRequest, step: RequestStep, on: dt.date, text
    ) -> None:
        s.add(
            ReferralRequestStep(
                request_id=request.id,
                step=step,
                happened_on=on,
                text=text,
                recorded_by=self.ctx.actor.operator,
                recorded_at=self.ctx.now(),
            )
        )

    @staticmethod
    def _refuse_if_answered(request: ReferralRequest) -> None:
        if request.status not in OPEN_REQUEST_STATUSES:
            raise RefusedError(
                _N("core", "Cette demande a déjà reçu une réponse ({status}) le {date}."),
                status=label(request.status).lower(),
                date=fr_date(request.answered_on),
            )

    @staticmethod
    def _next_number(s: Session, year: int) -> str:
        prefix = f"D{year}-"
        last = s.scalar(
            select(func.max(ReferralRequest.number)).where(
                ReferralRequest.number.like(prefix + "%")
            )
        )
        seq = int(last.split("-")[1]) + 1 if last else 1
        return f"{prefix}{seq:04d}"

    @staticmethod
    def _next_case_number(s: Session, year: int) -> str:
        prefix = f"{year}-"
        last = s.scalar(select(func.max(CaseFile.number)).where(CaseFile.number.like(prefix + "%")))
        seq = int(last.split("-")[1]) + 1 if last else 1
        return f"{prefix}{seq:04d}"

    @staticmethod
    def _link_referrer(s: Session, values: dict) -> None:
        """The directory's professional: the one chosen, else the one with the request's RPPS."""
        if values.get("referrer_id") is not None:
            if s.get(Professional, values["referrer_id"]) is None:
                v = Validator()
                v.add("referrer_id", _N("core", "Ce professionnel n'est plus dans l'annuaire."))
                v.raise_if_any()
            return
        if values.get("referrer_rpps"):
            values["referrer_id"] = s.scalar(
                select(Professional.id).where(Professional.rpps == values["referrer_rpps"])
            )

    @staticmethod
    def _meeting_for(
        s: Session, meeting_id: int | None, request: ReferralRequest, today: dt.date
    ) -> Meeting | None:
        if meeting_id is None:
            return None
        meeting = ServiceBase._get(s, Meeting, meeting_id)
        if meeting.status is not MeetingStatus.PLANNED or meeting.held_on < today:
            raise RefusedError(
                _N("core", "On ne propose un dossier qu'à une séance à venir, encore planifiée.")
            )
        if meeting.pathway is not None and meeting.pathway is not request.pathway:
            raise RefusedError(
                _N("core", "La séance du {date} est réservée au parcours « {pathway} »."),
                date=fr_date(meeting.held_on),
                pathway=label(meeting.pathway),
            )
        return meeting

    @staticmethod
    def _patient_for(
        s: Session, request: ReferralRequest, patient_id: int | None, today: dt.date
    ) -> Patient:
        if patient_id is not None:
            return ServiceBase._get(s, Patient, patient_id)
        values = clean_patient(
            PatientDraft(
                birth_name=request.birth_name,
                first_names=request.first_names,
                used_name=request.used_name,
                birth_date=request.birth_date,
                sex=request.sex,
                birth_place_code=request.birth_place_code,
                nir=request.nir,
                commune=request.commune,
            ),
            today,
        )
        if values["nir"] is not None and s.scalar(
            select(Patient.id).where(Patient.nir == values["nir"])
        ):
            v = Validator()
            v.add("nir", _N("core", "Ce NIR est déjà celui d'un autre patient."))
            v.raise_if_any()
        patient = Patient(**values)
        s.add(patient)
        s.flush()
        return patient

    def _consent_for(
        self, s: Session, request: ReferralRequest, patient: Patient, today: dt.date
    ) -> None:
        """The consent the referrer says they obtained, unless one already covers today."""
        if not request.consent_obtained:
            return
        given_on = request.consent_on or request.received_on
        existing = s.scalars(select(Consent).where(Consent.patient_id == patient.id))
        if any(c.is_active_on(today) for c in existing):
            return
        s.add(
            Consent(
                patient_id=patient.id,
                kind=ConsentKind.CONSENT,
                given_on=max(given_on, patient.birth_date),
                form=request.consent_form,
                scope=translate(DEFAULT_CONSENT_SCOPE),
                reason=translate(_N("core", "Recueilli par {referrer} (demande {number}).")).format(
                    referrer=request.referrer_name, number=request.number
                ),
                recorded_by=self.ctx.actor.operator,
                recorded_at=self.ctx.now(),
            )
        )
