"""A filled request form read back through its AcroForm fields (pypdf), never from its text.

Anything that is not the request form — not a PDF, a damaged or encrypted one, a PDF without
the form's fields — is refused with a French message; so is a field far too long to be typed.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.requests.fields import FIELDS, FORM_MARKER, FORM_MARKER_FIELD, FieldKind

log = logging.getLogger(__name__)

MAX_FORM_BYTES = 20 * 1024 * 1024
# A value longer than this is not something typed in the form: refused before any check.
MAX_RAW_VALUE = 100_000
_CHECKED = {"/yes", "yes", "/on", "on", "/1", "1", "true", "/oui", "oui"}


class RequestFormError(RefusedError):
    """The file is not a readable request form."""


def read_form(content: bytes) -> dict[str, object]:
    """The values of the request form's fields in *content*: text as typed (None when
    empty), True / False for the check box."""
    if not content:
        raise RequestFormError(_N("core", "Le fichier est vide."))
    if len(content) > MAX_FORM_BYTES:
        raise RequestFormError(
            _N("core", "Fichier trop volumineux pour un formulaire de demande ({n} Mo au plus)."),
            n=MAX_FORM_BYTES // (1024 * 1024),
        )
    if not content.lstrip()[:5].startswith(b"%PDF-"):
        raise RequestFormError(
            _N("core", "Ce fichier n'est pas un PDF : importez le formulaire de demande rempli.")
        )
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise RequestFormError(
                _N(
                    "core",
                    "Ce PDF est protégé par un mot de passe : demandez le formulaire sans "
                    "protection.",
                )
            )
        raw_fields = reader.get_fields() or {}
    except RequestFormError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        log.info("request form unreadable: %s", type(exc).__name__)
        raise RequestFormError(
            _N(
                "core",
                "Ce PDF est endommagé ou illisible : ses champs de formulaire ne peuvent pas être "
                "lus. Demandez un nouvel envoi du formulaire.",
            )
        ) from None
    marker = raw_fields.get(FORM_MARKER_FIELD)
    if marker is None or str(marker.get("/V") or "").strip() != FORM_MARKER:
        raise RequestFormError(
            _N(
                "core",
                "Ce PDF n'est pas le formulaire de demande d'inscription de rcp-desktop (ses "
                "champs sont absents). Faites remplir le formulaire vierge (page Demandes, "
                "« Formulaire vierge… ») ou saisissez la demande.",
            )
        )
    values: dict[str, object] = {}
    for spec in FIELDS:
        field = raw_fields.get(spec.name)
        value = field.get("/V") if field is not None else None
        if spec.kind is FieldKind.CHECK:
            values[spec.name] = value is not None and str(value).strip().lower() in _CHECKED
            continue
        if value is None:
            values[spec.name] = None
            continue
        if isinstance(value, list):  # a multiple choice: the form offers single ones
            value = value[0] if value else ""
        text = str(value)
        if len(text) > MAX_RAW_VALUE:
            raise RequestFormError(
                _N(
                    "core",
                    "Le champ « {field} » est démesuré ({n} caractères) : formulaire refusé.",
                ),
                field=spec.label,
                n=len(text),
            )
        values[spec.name] = text.replace("\r\n", "\n").replace("\r", "\n").strip() or None
    return values
