"""What every service shares: the database, the actor, the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.orm import Session

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Base
from rcp_desktop.services.errors import ConflictError, NotFoundError
from rcp_desktop.storage import Database
from rcp_desktop.storage.audit import Actor

M = TypeVar("M", bound=Base)


@dataclass
class ServiceContext:
    db: Database
    actor: Actor
    clock: Callable[[], dt.datetime] = field(default=dt.datetime.now)

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        return self.clock().date()


class ServiceBase:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def db(self) -> Database:
        return self.ctx.db

    def _write(self):
        return self.ctx.db.write(self.ctx.actor)

    def _read(self) -> Session:
        return self.ctx.db.read()

    @staticmethod
    def _get(
        session: Session,
        model: type[M],
        ident: int,
        expected_version: int | None = None,
        options: tuple = (),
    ) -> M:
        obj = session.get(model, ident, options=options)
        if obj is None:
            raise NotFoundError(_N("core", "Cet enregistrement n'existe plus."))
        if expected_version is not None and getattr(obj, "version", None) != expected_version:
            raise ConflictError(
                _N(
                    "core",
                    "Cet enregistrement a été modifié entre-temps (par une autre fenêtre ou un "
                    "autre poste). Rechargez-le : rien n'a été écrasé.",
                )
            )
        return obj
