"""Per-database settings (kept encrypted inside the database), typed with defaults."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcp_desktop.models import Setting
from rcp_desktop.services.base import ServiceBase


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

ALL = (CPTS_NAME, QUORUM_PROFESSIONS, STATS_THRESHOLD, ATTACHMENT_MAX_BYTES, DEMO, AUTOLOCK_MINUTES)


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
