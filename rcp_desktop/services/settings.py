"""Per-database settings (kept encrypted inside the database), typed with defaults."""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Setting
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.validation import Validator


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: object
    type: type


CPTS_NAME = SettingSpec("cpts_name", "CPTS", str)
QUORUM_PROFESSIONS = SettingSpec("quorum_professions", 3, int)
STATS_THRESHOLD = SettingSpec("stats_threshold", 11, int)
ATTACHMENT_MAX_BYTES = SettingSpec("attachment_max_bytes", 20 * 1024 * 1024, int)
DEMO = SettingSpec("demo", False, bool)
AUTOLOCK_MINUTES = SettingSpec("autolock_minutes", 10, int)
# The CPTS logo printed in the documents' header: PNG or JPEG bytes, base64 ('' = none).
LOGO = SettingSpec("logo", "", str)
# Indemnisation of the participants' time (issue 15): the rate per hour and the annual cap per
# professional, in euro cents (0: no rate set / no cap).
INDEMNITY_RATE_CENTS = SettingSpec("indemnity_rate_cents", 0, int)
INDEMNITY_CAP_CENTS = SettingSpec("indemnity_cap_cents", 0, int)

ALL = (
    CPTS_NAME,
    QUORUM_PROFESSIONS,
    STATS_THRESHOLD,
    ATTACHMENT_MAX_BYTES,
    DEMO,
    AUTOLOCK_MINUTES,
    LOGO,
    INDEMNITY_RATE_CENTS,
    INDEMNITY_CAP_CENTS,
)

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000


def check_logo(data: bytes) -> bytes:
    """*data* if it is a usable logo (PNG or JPEG, at most 1 Mo and 4000 px a side, at least
    16 px); else a ValidationError on the field ``logo`` with a French message."""
    from PIL import Image, UnidentifiedImageError  # reportlab's own image library

    v = Validator()
    if not data:
        v.add("logo", _N("core", "Le fichier est vide."))
    elif len(data) > LOGO_MAX_BYTES:
        v.add(
            "logo",
            _N("core", "Logo trop lourd ({size} Ko) : {max} Ko au plus."),
            size=len(data) // 1024,
            max=LOGO_MAX_BYTES // 1024,
        )
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                kind, (width, height) = image.format, image.size
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            kind, width, height = None, 0, 0
        if kind not in ("PNG", "JPEG"):
            v.add("logo", _N("core", "Le logo doit être une image PNG ou JPEG."))
        elif max(width, height) > LOGO_MAX_PIXELS or min(width, height) < 16:
            v.add(
                "logo",
                _N(
                    "core",
                    "Dimensions du logo ({width} × {height} px) : entre 16 et {max} px de côté.",
                ),
                width=width,
                height=height,
                max=LOGO_MAX_PIXELS,
            )
    v.raise_if_any()
    return data


def _parse(spec: SettingSpec, raw: str) -> object:
    if spec.type is bool:
        return raw == "1"
    return spec.type(raw)


def _format(spec: SettingSpec, value: object) -> str:
    if spec.type is bool:
        return "1" if value else "0"
    return str(spec.type(value))


def put(session: Session, spec: SettingSpec, value: object) -> None:
    """Set *spec* to *value* inside an open write session."""
    raw = _format(spec, value)
    row = session.scalar(select(Setting).where(Setting.key == spec.key))
    if row is None:
        session.add(Setting(key=spec.key, value=raw))
    elif row.value != raw:
        row.value = raw


class SettingsService(ServiceBase):
    def get(self, spec: SettingSpec):
        with self._read() as s:
            raw = s.scalar(select(Setting.value).where(Setting.key == spec.key))
        return spec.default if raw is None else _parse(spec, raw)

    def set(self, spec: SettingSpec, value: object) -> None:
        with self._write() as s:
            put(s, spec, value)

    def logo(self) -> bytes | None:
        """The logo's image bytes, or None if there is none (or it is unreadable)."""
        raw = self.get(LOGO)
        if not raw:
            return None
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            return None

    def set_logo(self, data: bytes | None) -> None:
        """Store *data* as the logo (checked by :func:`check_logo`), or remove it (None)."""
        value = "" if data is None else base64.b64encode(check_logo(data)).decode("ascii")
        self.set(LOGO, value)
