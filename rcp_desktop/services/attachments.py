"""Attachments kept encrypted inside the database (never as loose files).

A file is read once (off the GUI thread, by the caller's task runner), checked (not empty, at
most :data:`MAX_ATTACHMENT_BYTES`), typed from its first bytes, and stored in the
``attachment`` row. It is read back into memory for viewing, and written to disk only when the
user asks ("save as"): atomically, with private permissions.
"""

from __future__ import annotations

import errno
import mimetypes
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.orm import undefer

from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Attachment, CaseFile
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import NotFoundError, RefusedError
from rcp_desktop.services.validation import Validator

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_FILENAME = 255
MAX_DESCRIPTION = 2000

# First bytes → type, so a renamed file is still shown for what it is.
_SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
]
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/bmp"})
TEXT_EXTENSIONS = frozenset({".txt", ".md", ".csv", ".log", ".text"})

PREVIEW_IMAGE = "image"
PREVIEW_PDF = "pdf"
PREVIEW_TEXT = "text"
PREVIEW_NONE = "none"


def human_size(size: int) -> str:
    """A size in French units: 812 octets, 12 ko, 1,5 Mo."""
    if size < 1024:
        return translate(_N("core", "{n} octets")).format(n=size)
    if size < 1024 * 1024:
        return translate(_N("core", "{n} ko")).format(n=round(size / 1024))
    value = f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return translate(_N("core", "{n} Mo")).format(n=value)


MAX_SIZE_TEXT = human_size(MAX_ATTACHMENT_BYTES)


def sniff_type(filename: str, content: bytes) -> str:
    """The MIME type of a file, from its first bytes, else its extension."""
    for signature, mime in _SIGNATURES:
        if content.startswith(signature):
            return mime
    suffix = PurePath(filename).suffix.lower()
    if suffix in TEXT_EXTENSIONS:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
        return "text/plain"
    guessed, _encoding = mimetypes.guess_type(filename, strict=False)
    if guessed in IMAGE_TYPES or guessed == "application/pdf" or guessed == "text/plain":
        return "application/octet-stream"  # claims a type its content does not have
    return guessed or "application/octet-stream"


def preview_kind(mime_type: str) -> str:
    """How the app can show an attachment without writing it to disk."""
    if mime_type in IMAGE_TYPES:
        return PREVIEW_IMAGE
    if mime_type == "application/pdf":
        return PREVIEW_PDF
    if mime_type.startswith("text/"):
        return PREVIEW_TEXT
    return PREVIEW_NONE


def clean_filename(name: str) -> str:
    """The last component of *name*, without control characters, at most 255 characters
    (the extension kept)."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > MAX_FILENAME:
        suffix = PurePath(base).suffix[:20]
        base = base[: MAX_FILENAME - len(suffix)] + suffix
    return base


@dataclass(frozen=True)
class AttachmentContent:
    attachment: Attachment
    content: bytes


class AttachmentService(ServiceBase):
    """Add, list, read, save and delete a case's attachments."""

    def list(self, case_id: int) -> list[Attachment]:
        """The case's attachments, most recent first (the content is not loaded)."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(Attachment)
                    .where(Attachment.case_id == case_id)
                    .order_by(Attachment.added_at.desc(), Attachment.id.desc())
                )
            )

    def add(
        self, case_id: int, filename: str, content: bytes, *, description: str | None = None
    ) -> Attachment:
        """Store *content* as an attachment of the case."""
        v = Validator()
        name = clean_filename(filename or "")
        if not name:
            v.add("file", _N("core", "Le nom du fichier est vide."))
        if len(content) == 0:
            v.add("file", _N("core", "Ce fichier est vide : rien à joindre."))
        elif len(content) > MAX_ATTACHMENT_BYTES:
            v.add(
                "file",
                _N("core", "Ce fichier pèse {size} : une pièce jointe ne peut pas dépasser {max}."),
                size=human_size(len(content)),
                max=MAX_SIZE_TEXT,
            )
        description = v.optional_text("description", description, max_length=MAX_DESCRIPTION)
        v.raise_if_any()
        with self._write() as s:
            self._get(s, CaseFile, case_id)
            attachment = Attachment(
                case_id=case_id,
                filename=name,
                mime_type=sniff_type(name, content),
                description=description,
                size=len(content),
                content=content,
                added_at=self.ctx.now(),
                added_by=self.ctx.actor.operator,
            )
            s.add(attachment)
            s.flush()
            ident = attachment.id
        return self.get(ident)

    def add_file(
        self, case_id: int, path: Path | str, *, description: str | None = None
    ) -> Attachment:
        """Read the file at *path* (checking its size before reading it) and attach it. Slow
        for a big file: call it off the GUI thread."""
        path = Path(path)
        v = Validator()
        try:
            info = path.stat()
        except FileNotFoundError:
            v.add(
                "file",
                _N("core", "Ce fichier n'existe pas (ou plus) : déplacé ou supprimé entre-temps ?"),
            )
            v.raise_if_any()
        except OSError as exc:
            v.add(
                "file",
                _N("core", "Ce fichier ne peut pas être lu ({reason})."),
                reason=_reason(exc),
            )
            v.raise_if_any()
        if not stat.S_ISREG(info.st_mode):
            v.add("file", _N("core", "Ce n'est pas un fichier."))
            v.raise_if_any()
        if info.st_size > MAX_ATTACHMENT_BYTES:
            v.add(
                "file",
                _N("core", "Ce fichier pèse {size} : une pièce jointe ne peut pas dépasser {max}."),
                size=human_size(info.st_size),
                max=MAX_SIZE_TEXT,
            )
            v.raise_if_any()
        try:
            with open(path, "rb") as fh:
                content = fh.read(MAX_ATTACHMENT_BYTES + 1)
        except FileNotFoundError:
            v.add(
                "file",
                _N("core", "Ce fichier n'existe pas (ou plus) : déplacé ou supprimé entre-temps ?"),
            )
            v.raise_if_any()
        except OSError as exc:
            v.add(
                "file",
                _N("core", "Ce fichier ne peut pas être lu ({reason})."),
                reason=_reason(exc),
            )
            v.raise_if_any()
        return self.add(case_id, path.name, content, description=description)

    def get(self, attachment_id: int) -> Attachment:
        with self._read() as s:
            return self._get(s, Attachment, attachment_id)

    def read(self, attachment_id: int) -> AttachmentContent:
        """The attachment and its bytes, in memory (for viewing)."""
        with self._read() as s:
            attachment = s.get(Attachment, attachment_id, options=(undefer(Attachment.content),))
            if attachment is None:
                raise NotFoundError(_N("core", "Cette pièce jointe n'existe plus."))
            return AttachmentContent(attachment, bytes(attachment.content))

    def save_to(self, attachment_id: int, path: Path | str) -> Path:
        """Write the attachment to *path*, on the user's explicit request: atomically, readable
        by the user only."""
        data = self.read(attachment_id).content
        path = Path(path)
        try:
            atomic_write_bytes(path, data, mode=0o600)
        except OSError as exc:
            raise RefusedError(
                _N("core", "Le fichier n'a pas pu être enregistré ({reason})."), reason=_reason(exc)
            ) from None
        return path

    def delete(self, attachment_id: int) -> None:
        with self._write() as s:
            attachment = s.get(Attachment, attachment_id)
            if attachment is None:
                raise NotFoundError(_N("core", "Cette pièce jointe n'existe plus."))
            s.delete(attachment)


_OS_REASONS = {
    errno.EACCES: _N("core", "accès refusé"),
    errno.EPERM: _N("core", "accès refusé"),
    errno.ENOSPC: _N("core", "disque plein"),
    errno.EROFS: _N("core", "support en lecture seule"),
    errno.EISDIR: _N("core", "c'est un dossier"),
    errno.ENOENT: _N("core", "dossier introuvable"),
    errno.ENOTDIR: _N("core", "dossier introuvable"),
    errno.EIO: _N("core", "erreur d'entrée-sortie"),
}


def _reason(exc: OSError) -> str:
    """The OS reason of a failure, in French, without the path (which may name a patient)."""
    template = _OS_REASONS.get(exc.errno or -1)
    if template is not None:
        return translate(template)
    return translate(_N("core", "erreur système {code}")).format(
        code=exc.errno or type(exc).__name__
    )
