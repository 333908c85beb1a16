"""The message file for the user's secure-messaging (MSSanté) client: a MIME message (.eml)
addressed to the GP's secure address, the documents attached. rcp-desktop never sends it (the
application never goes online): the user opens the file in their MSSanté client and sends it
from there. The subject names the session and the case number, never the patient."""

from __future__ import annotations

from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.services.patient_docs.model import GpMessage


def subject(message: GpMessage) -> str:
    return tr(_N("core", "Fiche RCP — séance du {date} — dossier {number}")).format(
        date=fr_date(message.held_on), number=message.case_number
    )


def body(message: GpMessage) -> str:
    names = "\n".join(f"- {a.filename}" for a in message.attachments)
    return tr(
        _N(
            "core",
            "Bonjour,\n\n"
            "Votre patient(e) {patient} a été présenté(e) en réunion de concertation "
            "pluriprofessionnelle de la {cpts} le {date}. Vous trouverez ci-joint la fiche RCP "
            "(PDF/A) et le même document au format CDA R2 pour son dossier :\n{files}\n\n"
            "Bien confraternellement,\n{sender}\n{cpts}",
        )
    ).format(
        patient=message.patient,
        cpts=message.cpts_name,
        date=fr_date(message.held_on),
        files=names,
        sender=message.sender_name,
    )


def build_gp_message(message: GpMessage) -> bytes:
    """The .eml bytes (CRLF line ends, as mail clients expect). Marked unsent (a draft the
    client opens for sending)."""
    mail = EmailMessage(policy=policy.SMTP)
    local, _, domain = message.recipient_address.partition("@")
    mail["To"] = Address(display_name=message.recipient_name, username=local, domain=domain)
    mail["Subject"] = subject(message)
    mail["Date"] = format_datetime(message.created_at.astimezone())
    mail["Message-ID"] = make_msgid(domain="rcp-desktop.invalid")
    mail["X-Unsent"] = "1"
    mail.set_content(body(message))
    for attachment in message.attachments:
        mail.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    return mail.as_bytes()
