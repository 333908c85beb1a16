"""Directory of professionals: list, search, create, update, (de)activate.

An inactive professional stays in the history (attendance, decisions they own) but is no longer
offered for new invitations, animation, presentation or decisions: the meeting, attendance,
agenda and decision services refuse an inactive professional for anything new.

Concurrent edits are detected on ``updated_at`` (the table has no version column): an edit or
a (de)activation made from a stale copy raises :class:`ConflictError` and overwrites nothing.
"""

from __future__ import annotations

import builtins
import datetime as dt
import re
from dataclasses import dataclass, fields

from sqlalchemy import func, or_, select

from rcp_desktop.domain.identifiers import (
    adeli_is_well_formed,
    compact,
    luhn_is_valid,
    rpps_is_well_formed,
)
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    OPEN_DECISION_STATUSES,
    Attendance,
    Civility,
    Decision,
    Meeting,
    MeetingStatus,
    Profession,
    Professional,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import ConflictError, FieldError, ValidationError
from rcp_desktop.services.validation import Validator

CONFLICT_MESSAGE = _N(
    "core",
    "Ce professionnel a été modifié entre-temps (par une autre fenêtre, un autre poste ou un "
    "import). Rechargez-le : rien n'a été écrasé.",
)
LUHN_WARNING = _N("core", "La clé de contrôle du RPPS ne correspond pas : vérifiez le numéro.")
DUPLICATE_RPPS = _N("core", "Ce RPPS est déjà dans l'annuaire.")
MAX_EMAIL = 320

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class ProfessionalDraft:
    last_name: str = ""
    first_name: str = ""
    profession: Profession | None = None
    civility: Civility | None = None  # the gender of the profession label on documents
    profession_detail: str | None = None
    rpps: str | None = None
    adeli: str | None = None
    structure: str | None = None
    commune: str | None = None
    email: str | None = None
    phone: str | None = None
    secure_email: str | None = None
    cpts_member: bool = False
    active: bool = True
    notes: str | None = None

    @classmethod
    def of(cls, pro: Professional) -> ProfessionalDraft:
        return cls(**{f.name: getattr(pro, f.name) for f in fields(cls)})


def clean_professional(draft: ProfessionalDraft) -> tuple[dict, list[str]]:
    """Validate a draft; return the cleaned values and French warnings (e.g. RPPS key)."""
    v = Validator()
    values = {
        "last_name": v.required_text("last_name", draft.last_name),
        "first_name": (draft.first_name or "").strip(),
        "profession": v.required("profession", draft.profession),
        "civility": Civility(draft.civility) if draft.civility else None,
        "profession_detail": v.optional_text(
            "profession_detail", draft.profession_detail, max_length=200
        ),
        "structure": v.optional_text("structure", draft.structure, max_length=300),
        "commune": v.optional_text("commune", draft.commune, max_length=200),
        "phone": v.optional_text("phone", draft.phone, max_length=40),
        "cpts_member": bool(draft.cpts_member),
        "active": bool(draft.active),
        "notes": v.optional_text("notes", draft.notes),
    }
    warnings: list[str] = []
    rpps = compact(draft.rpps) or None
    if rpps is not None:
        if not rpps_is_well_formed(rpps):
            v.add("rpps", _N("core", "Le RPPS compte 11 chiffres."))
        elif not luhn_is_valid(rpps):
            warnings.append(LUHN_WARNING)
    values["rpps"] = rpps
    adeli = compact(draft.adeli) or None
    if adeli is not None and not adeli_is_well_formed(adeli):
        v.add("adeli", _N("core", "Le numéro ADELI compte 9 caractères."))
    values["adeli"] = adeli
    for name in ("email", "secure_email"):
        value = (getattr(draft, name) or "").strip() or None
        if value is not None and len(value) > MAX_EMAIL:
            v.add(name, _N("core", "{n} caractères au plus."), n=MAX_EMAIL)
        elif value is not None and not EMAIL_PATTERN.match(value):
            v.add(name, _N("core", "Adresse électronique invalide."))
        values[name] = value
    v.raise_if_any()
    return values, warnings


@dataclass(frozen=True)
class Commitments:
    """What still points at a professional: said before deactivating them."""

    open_decisions: int = 0
    upcoming_sessions: int = 0

    @property
    def any(self) -> bool:
        return bool(self.open_decisions or self.upcoming_sessions)


class DirectoryService(ServiceBase):
    def list(
        self, text: str = "", *, active_only: bool = False, limit: int | None = None
    ) -> builtins.list[Professional]:
        stmt = select(Professional).order_by(
            func.lower(Professional.last_name), func.lower(Professional.first_name)
        )
        if active_only:
            stmt = stmt.where(Professional.active.is_(True))
        for word in text.split():
            pattern = f"%{word}%"
            stmt = stmt.where(
                or_(
                    Professional.last_name.ilike(pattern),
                    Professional.first_name.ilike(pattern),
                    Professional.commune.ilike(pattern),
                    Professional.structure.ilike(pattern),
                    Professional.rpps.like(pattern),
                    Professional.adeli.like(pattern),
                )
            )
        if limit:
            stmt = stmt.limit(limit)
        with self._read() as s:
            return list(s.scalars(stmt))

    def get(self, pro_id: int) -> Professional:
        with self._read() as s:
            return self._get(s, Professional, pro_id)

    def count(self) -> int:
        with self._read() as s:
            return s.scalar(select(func.count(Professional.id))) or 0

    def communes(self) -> builtins.list[str]:
        """The distinct communes of the directory (as spelt there), most frequent first."""
        with self._read() as s:
            rows = s.execute(
                select(Professional.commune, func.count())
                .where(Professional.commune.is_not(None))
                .group_by(Professional.commune)
                .order_by(func.count().desc(), Professional.commune)
            ).all()
        return [commune for commune, _n in rows if commune and commune.strip()]

    def check(self, draft: ProfessionalDraft, pro_id: int | None = None) -> builtins.list[str]:
        """Validate *draft* as :meth:`create` / :meth:`update` would, without writing: raises
        the same ValidationError (duplicate RPPS included); returns the warnings."""
        values, warnings = clean_professional(draft)
        with self._read() as s:
            self._refuse_duplicate_rpps(s, values["rpps"], pro_id)
        return warnings

    def create(self, draft: ProfessionalDraft) -> tuple[Professional, builtins.list[str]]:
        values, warnings = clean_professional(draft)
        with self._write() as s:
            self._refuse_duplicate_rpps(s, values["rpps"], None)
            pro = Professional(**values)
            s.add(pro)
        return pro, warnings

    def update(
        self,
        pro_id: int,
        draft: ProfessionalDraft,
        *,
        expected_updated_at: dt.datetime | None = None,
    ) -> tuple[Professional, builtins.list[str]]:
        """Save *draft* over the professional. With *expected_updated_at* (the ``updated_at``
        of the copy the user edited), refuse if the record changed meanwhile."""
        values, warnings = clean_professional(draft)
        with self._write() as s:
            pro = self._get(s, Professional, pro_id)
            self._refuse_stale(pro, expected_updated_at)
            self._refuse_duplicate_rpps(s, values["rpps"], pro_id)
            for key, value in values.items():
                if getattr(pro, key) != value:
                    setattr(pro, key, value)
        return pro, warnings

    def set_active(
        self, pro_id: int, active: bool, *, expected_updated_at: dt.datetime | None = None
    ) -> Professional:
        with self._write() as s:
            pro = self._get(s, Professional, pro_id)
            self._refuse_stale(pro, expected_updated_at)
            if pro.active != active:
                pro.active = active
        return pro

    def commitments(self, pro_id: int) -> Commitments:
        """Open decisions they own and sessions to come where they are expected or animate."""
        today = self.ctx.today()
        with self._read() as s:
            decisions = s.scalar(
                select(func.count(Decision.id)).where(
                    Decision.owner_id == pro_id,
                    Decision.status.in_(OPEN_DECISION_STATUSES),
                )
            )
            upcoming = s.scalars(
                select(Meeting.id)
                .outerjoin(Attendance, Attendance.meeting_id == Meeting.id)
                .where(
                    Meeting.status == MeetingStatus.PLANNED,
                    Meeting.held_on >= today,
                    or_(Attendance.professional_id == pro_id, Meeting.animator_id == pro_id),
                )
                .distinct()
            ).all()
        return Commitments(open_decisions=decisions or 0, upcoming_sessions=len(upcoming))

    @staticmethod
    def _refuse_stale(pro: Professional, expected_updated_at: dt.datetime | None) -> None:
        if expected_updated_at is not None and pro.updated_at != expected_updated_at:
            raise ConflictError(CONFLICT_MESSAGE)

    @staticmethod
    def _refuse_duplicate_rpps(session, rpps: str | None, own_id: int | None) -> None:
        if rpps is None:
            return
        other = session.scalar(select(Professional.id).where(Professional.rpps == rpps))
        if other is not None and other != own_id:
            raise ValidationError([FieldError("rpps", DUPLICATE_RPPS)])
