"""The patient's documents (crisis plan in plain words, letter explaining the proposal), the
letter templates per pathway, and the register of what was prepared for whom."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    AgendaItem,
    CaseFile,
    CrisisPlanContact,
    CrisisPlanVersion,
    IdentityStatus,
    Meeting,
    Pathway,
    Patient,
    PreparedDocument,
    PreparedKind,
    Sex,
    label,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.documents.model import CaseSheetData
from rcp_desktop.services.documents.service import DocumentService
from rcp_desktop.services.errors import NotFoundError, RefusedError
from rcp_desktop.services.patient_docs import letters
from rcp_desktop.services.patient_docs.model import (
    Attachment,
    GpMessage,
    GpRecipient,
    PatientLetterData,
    PatientPlanData,
    PreparedLine,
    PreparedMessage,
    RecordHeader,
    RecordPerson,
)
from rcp_desktop.services.validation import Validator

MAX_HOLDERS = 20
MAX_HOLDER = 200
THE_PATIENT = _N("core", "Le patient")
NO_INS = _N("core", "identité non vérifiée : identifiant local, sans INS")


def patient_words(first_names: str, used_name: str, birth_name: str) -> str:
    """ "Julie ARNAUD": the first first name, then the used (else birth) name in capitals."""
    first = first_names.split(" ")[0] if first_names else ""
    return f"{first} {(used_name or birth_name).upper()}".strip()


def check_holders(holders: Iterable[str]) -> tuple[str, ...]:
    """Who holds a copy, cleaned (blank lines dropped, duplicates once), or a ValidationError
    (field ``holders``) in French."""
    v = Validator()
    seen: list[str] = []
    for holder in holders:
        text = " ".join(holder.split())
        if not text or text in seen:
            continue
        if len(text) > MAX_HOLDER:
            v.add(
                "holders",
                _N("core", "Un détenteur du plan : {max} caractères au plus."),
                max=MAX_HOLDER,
            )
            break
        seen.append(text)
    if not seen:
        v.add("holders", _N("core", "Indiquez au moins une personne qui détient un exemplaire."))
    elif len(seen) > MAX_HOLDERS:
        v.add("holders", _N("core", "{max} détenteurs au plus."), max=MAX_HOLDERS)
    v.raise_if_any()
    return tuple(seen)


class PatientDocumentService(ServiceBase):
    """What the patient receives, and the register of documents prepared for someone."""

    # --- templates --------------------------------------------------------------------------

    def letter_template(self, pathway: Pathway) -> str:
        stored = settings_mod.SettingsService(self.ctx).get(letters.spec(pathway))
        return stored or letters.default_template(pathway)

    def is_default_template(self, pathway: Pathway) -> bool:
        return not settings_mod.SettingsService(self.ctx).get(letters.spec(pathway))

    def set_letter_template(self, pathway: Pathway, template: str | None) -> None:
        """Store *pathway*'s template (checked); None restores the built-in one."""
        text = "" if template is None else letters.check_template(template)
        if text == letters.default_template(pathway):
            text = ""
        settings_mod.SettingsService(self.ctx).set(letters.spec(pathway), text)

    # --- the crisis plan for the patient ----------------------------------------------------

    def holder_choices(self, plan_id: int) -> list[str]:
        """Who may hold a copy: the patient, the GP, the plan's contacts in order."""
        with self._read() as s:
            plan = s.get(
                CrisisPlanVersion,
                plan_id,
                options=(
                    selectinload(CrisisPlanVersion.contacts).selectinload(
                        CrisisPlanContact.professional
                    ),
                    selectinload(CrisisPlanVersion.case)
                    .selectinload(CaseFile.patient)
                    .selectinload(Patient.gp),
                ),
            )
            if plan is None:
                raise NotFoundError(_N("core", "Plan de crise introuvable (n° {id})."), id=plan_id)
            choices = [translate(THE_PATIENT)]
            gp = plan.case.patient.gp
            if gp is not None:
                choices.append(
                    translate(_N("core", "{name}, médecin traitant")).format(name=gp.display_name)
                )
            for contact in sorted(plan.contacts, key=lambda c: c.position):
                if gp is not None and contact.professional_id == gp.id:
                    continue  # already there as the GP
                who = contact.name or ""
                role = contact.role or label(contact.kind)
                if contact.professional is not None:
                    who = contact.professional.display_name
                    role = contact.role or contact.professional.profession_label
                text = f"{who} ({role})" if who and role else who or role
                if text and text not in choices:
                    choices.append(text)
            return choices

    def patient_plan(
        self, plan_id: int, holders: Iterable[str], drawn_up_by: str = ""
    ) -> PatientPlanData:
        kept = check_holders(holders)
        v = Validator()
        signer = v.optional_text("drawn_up_by", drawn_up_by, max_length=200) or ""
        v.raise_if_any()
        plan = DocumentService(self.ctx).crisis_plan(plan_id)
        return PatientPlanData(plan=plan, holders=kept, drawn_up_by=signer)

    def produce_patient_plan(
        self,
        plan_id: int,
        holders: Iterable[str],
        build: Callable[[PatientPlanData], bytes],
        drawn_up_by: str = "",
    ) -> tuple[bytes, int]:
        """The plan for the patient laid out by *build*, recorded with who holds a copy."""
        data = self.patient_plan(plan_id, holders, drawn_up_by)
        content = build(data)
        with self._read() as s:
            case_id = s.scalar(
                select(CrisisPlanVersion.case_id).where(CrisisPlanVersion.id == plan_id)
            )
        record = self.record(
            PreparedKind.PATIENT_CRISIS_PLAN,
            case_id,
            content,
            recipient=translate(THE_PATIENT),
            details=[
                translate(_N("core", "Version {n}")).format(n=data.plan.version),
                *data.holders,
            ],
        )
        return content, record

    # --- the letter to the patient ----------------------------------------------------------

    def letter(self, meeting_id: int, case_id: int) -> PatientLetterData:
        documents = DocumentService(self.ctx)
        sheet = documents.case_sheet(meeting_id, case_id)
        with self._read() as s:
            case = s.get(
                CaseFile,
                case_id,
                options=(selectinload(CaseFile.patient).selectinload(Patient.gp),),
            )
            assert case is not None  # case_sheet found it
            patient = case.patient
            pathway = case.pathway
            gp = patient.gp.display_name if patient.gp is not None else patient.gp_free_text
            sex = patient.sex
            name = patient_words(patient.first_names, patient.used_name or "", patient.birth_name)
        section = sheet.case
        if pathway is Pathway.TND or sex not in (Sex.FEMALE, Sex.MALE):
            civility = translate(_N("core", "Madame, Monsieur"))
        elif sex is Sex.FEMALE:
            civility = translate(_N("core", "Madame"))
        else:
            civility = translate(_N("core", "Monsieur"))
        actions = "\n".join(
            "• "
            + d.description
            + (
                translate(_N("core", " (avant le {date})")).format(date=fr_date(d.due_on))
                if d.due_on
                else ""
            )
            for d in section.decisions
        )
        none = translate(_N("core", "à préciser avec votre médecin"))
        animator = sheet.meeting.animator
        signatory = animator.name if animator is not None else sheet.letterhead.cpts_name
        values = {
            "civilite": civility,
            "patient": name,
            "date_seance": fr_date(sheet.meeting.held_on),
            "parcours": section.pathway,
            "question": section.question or none,
            "proposition": section.proposal or section.standard_answer or none,
            "actions": actions or none,
            "prochaine_revision": fr_date(section.next_review_on)
            or translate(_N("core", "à préciser")),
            "medecin_traitant": translate(_N("core", "votre médecin traitant, {name}")).format(
                name=gp
            )
            if gp
            else translate(_N("core", "votre médecin traitant")),
            "signataire": signatory,
            "cpts": sheet.letterhead.cpts_name,
        }
        body = letters.fill(self.letter_template(pathway), values)
        return PatientLetterData(
            letterhead=sheet.letterhead,
            patient=name,
            case_number=section.case_number,
            held_on=sheet.meeting.held_on,
            place="",
            body=body,
            signatory=signatory,
            generated_at=self.ctx.now(),
        )

    def produce_letter(
        self, meeting_id: int, case_id: int, build: Callable[[PatientLetterData], bytes]
    ) -> tuple[bytes, int]:
        data = self.letter(meeting_id, case_id)
        content = build(data)
        record = self.record(
            PreparedKind.PATIENT_LETTER,
            case_id,
            content,
            recipient=translate(THE_PATIENT),
            meeting_id=meeting_id,
        )
        return content, record

    # --- for the record and the GP ---------------------------------------------------------

    def record_header(self, meeting_id: int, case_id: int) -> RecordHeader:
        """The CDA header of the fiche RCP of *case_id* at *meeting_id*: the INS only when the
        identity is verified; the session's animator as author; the CPTS as custodian."""
        cpts = settings_mod.SettingsService(self.ctx).get(settings_mod.CPTS_NAME)
        with self._read() as s:
            item = s.scalar(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id, AgendaItem.case_id == case_id)
                .options(
                    selectinload(AgendaItem.meeting).selectinload(Meeting.animator),
                    selectinload(AgendaItem.case).selectinload(CaseFile.patient),
                )
            )
            if item is None:
                raise NotFoundError(
                    _N(
                        "core",
                        "Le dossier n° {case} n'est pas à l'ordre du jour de la séance n° {id}.",
                    ),
                    case=case_id,
                    id=meeting_id,
                )
            meeting, case, patient = item.meeting, item.case, item.case.patient
            animator = meeting.animator
            checked = patient.identity_status is IdentityStatus.CHECKED
            start = dt.datetime.combine(meeting.held_on, meeting.real_start or meeting.start_time)
            end = meeting.ended_at or start + dt.timedelta(minutes=meeting.duration_minutes)
            if meeting.real_end is not None:
                end = dt.datetime.combine(meeting.held_on, meeting.real_end)
            return RecordHeader(
                document_uuid=str(uuid.uuid4()),
                case_number=case.number,
                birth_name=patient.birth_name,
                used_name=patient.used_name or "",
                first_names=patient.first_names,
                sex_code=patient.sex.value,
                birth_date=patient.birth_date,
                ins_nir=(patient.nir or "") if checked else "",
                author=RecordPerson(
                    first_name=animator.first_name,
                    last_name=animator.last_name,
                    rpps=animator.rpps or "",
                    profession=animator.profession_label,
                )
                if animator is not None
                else None,
                custodian_name=cpts,
                held_on=meeting.held_on,
                start=start,
                end=max(end, start),
                created_at=self.ctx.now(),
                title=translate(_N("core", "Fiche RCP — séance du {date}")).format(
                    date=fr_date(meeting.held_on)
                ),
            )

    def gp_recipient(self, case_id: int) -> GpRecipient:
        """The patient's GP from the directory, with their secure-messaging address; a French
        refusal when the patient has no GP in the directory or the GP has no such address."""
        with self._read() as s:
            case = s.get(
                CaseFile,
                case_id,
                options=(selectinload(CaseFile.patient).selectinload(Patient.gp),),
            )
            if case is None:
                raise NotFoundError(_N("core", "Dossier introuvable (n° {id})."), id=case_id)
            gp = case.patient.gp
            if gp is None:
                raise RefusedError(
                    _N(
                        "core",
                        "Aucun médecin traitant de l'annuaire n'est indiqué pour ce patient : "
                        "choisissez-le dans sa fiche.",
                    )
                )
            address = (gp.secure_email or "").strip()
            if not address:
                raise RefusedError(
                    _N(
                        "core",
                        "{name}, médecin traitant, n'a pas d'adresse de messagerie sécurisée "
                        "(MSSanté) dans l'annuaire : complétez sa fiche.",
                    ),
                    name=gp.display_name,
                )
            return GpRecipient(professional_id=gp.id, name=gp.display_name, secure_email=address)

    def _record_files(
        self,
        meeting_id: int,
        case_id: int,
        build_sheet: Callable[[CaseSheetData], bytes],
        build_cda: Callable[[RecordHeader, bytes], bytes],
    ) -> tuple[RecordHeader, bytes, bytes]:
        header = self.record_header(meeting_id, case_id)
        sheet = build_sheet(DocumentService(self.ctx).case_sheet(meeting_id, case_id))
        return header, sheet, build_cda(header, sheet)

    def produce_cda(
        self,
        meeting_id: int,
        case_id: int,
        build_sheet: Callable[[CaseSheetData], bytes],
        build_cda: Callable[[RecordHeader, bytes], bytes],
    ) -> tuple[bytes, int]:
        """The fiche RCP as a CDA R2 document for the patient's record (*build_sheet*: the
        PDF/A fiche; *build_cda*: the XML around it), recorded."""
        header, _sheet, cda = self._record_files(meeting_id, case_id, build_sheet, build_cda)
        record = self.record(
            PreparedKind.CASE_SHEET_CDA,
            case_id,
            cda,
            recipient=translate(_N("core", "le dossier du patient")),
            meeting_id=meeting_id,
            details=[
                translate(_N("core", "INS")) if header.ins_nir else translate(NO_INS),
            ],
        )
        return cda, record

    def prepare_gp_message(
        self,
        meeting_id: int,
        case_id: int,
        build_sheet: Callable[[CaseSheetData], bytes],
        build_cda: Callable[[RecordHeader, bytes], bytes],
        build_message: Callable[[GpMessage], bytes],
    ) -> PreparedMessage:
        """ "Envoyer au médecin traitant": the message file (.eml) for the user's MSSanté
        client, to the GP's secure address, the fiche RCP (PDF/A) and its CDA attached;
        recorded (who, which files) on the case's timeline. Nothing is sent."""
        recipient = self.gp_recipient(case_id)
        header, sheet, cda = self._record_files(meeting_id, case_id, build_sheet, build_cda)
        stem = f"fiche-rcp-{header.case_number}-{header.held_on.isoformat()}"
        attachments = (
            Attachment(f"{stem}.pdf", sheet, "application", "pdf"),
            Attachment(f"{stem}.xml", cda, "text", "xml"),
        )
        message = GpMessage(
            recipient_name=recipient.name,
            recipient_address=recipient.secure_email,
            patient=patient_words(header.first_names, header.used_name, header.birth_name),
            case_number=header.case_number,
            held_on=header.held_on,
            sender_name=self.ctx.actor.operator,
            cpts_name=header.custodian_name,
            attachments=attachments,
            created_at=self.ctx.now(),
        )
        content = build_message(message)
        names = tuple(a.filename for a in attachments)
        record = self.record(
            PreparedKind.GP_MESSAGE,
            case_id,
            content,
            recipient=f"{recipient.name} <{recipient.secure_email}>",
            meeting_id=meeting_id,
            professional_id=recipient.professional_id,
            details=names,
        )
        return PreparedMessage(content, recipient, names, record)

    # --- the register -----------------------------------------------------------------------

    def record(
        self,
        kind: PreparedKind,
        case_id: int | None,
        content: bytes,
        *,
        recipient: str,
        meeting_id: int | None = None,
        professional_id: int | None = None,
        details: Sequence[str] = (),
    ) -> int:
        with self._write() as s:
            row = PreparedDocument(
                operator=self.ctx.actor.operator,
                prepared_on=self.ctx.today(),
                kind=kind,
                case_id=case_id,
                meeting_id=meeting_id,
                professional_id=professional_id,
                recipient=recipient[:500],
                details="\n".join(details) or None,
                sha256=hashlib.sha256(content).hexdigest(),
            )
            s.add(row)
            s.flush()
            return row.id

    def prepared(self, case_id: int | None = None) -> list[PreparedLine]:
        """The register, oldest first (of one case if *case_id*)."""
        query = select(PreparedDocument).order_by(PreparedDocument.id)
        if case_id is not None:
            query = query.where(PreparedDocument.case_id == case_id)
        with self._read() as s:
            return [
                PreparedLine(
                    id=r.id,
                    at=r.at,
                    prepared_on=r.prepared_on,
                    operator=r.operator,
                    kind=r.kind,
                    case_id=r.case_id,
                    meeting_id=r.meeting_id,
                    recipient=r.recipient,
                    details=tuple((r.details or "").splitlines()),
                    sha256=r.sha256,
                )
                for r in s.scalars(query)
            ]


__all__ = ["PatientDocumentService", "check_holders", "patient_words"]
