"""``rcp-desktop --self-test``: check an installed copy without a screen.

Each check uses the real code paths an installed copy depends on, so a frozen bundle missing a
piece (the SQLCipher library, the Alembic migrations, the fonts, a Qt module or plugin, the Qt
translations, the icons) fails here rather than in front of a user:

- ``database``: a temporary encrypted database is created (migrations applied), written through
  the audited path, closed, checked to be unreadable as plain SQLite and with a wrong key,
  reopened, read back and integrity-checked;
- ``pdf``: a document with accents, a symbol, an emoji and right-to-left text is rendered in
  memory with the embedded fonts;
- ``qt``: the Qt modules the app uses import, a QApplication starts on the ``offscreen``
  platform (unless QT_QPA_PLATFORM says otherwise), the French Qt translation, the stylesheet
  and the app icon load, and the whole user interface imports.

Nothing is written outside a private temporary folder, removed afterwards. This module never
imports Qt (the core stays Qt-free): the ``qt`` check lives in ``rcp_desktop.ui.selftest``.
Messages are French, like every headless command; exit 0 when every check passed, else 1.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_FAILED = 1
SQLITE_HEADER = b"SQLite format 3\x00"
SETTING_KEY = "autotest"


class SelfTestFailure(Exception):
    """A check found something wrong (the message is shown to the person running it)."""


def check_database() -> str:
    from sqlalchemy import select

    from rcp_desktop.models import Setting
    from rcp_desktop.services.integrity import check_database as integrity_check
    from rcp_desktop.storage import Database, DatabaseKey, UnlockError
    from rcp_desktop.storage.audit import Actor
    from rcp_desktop.storage.migrate import current_revision, head_revision

    folder = Path(tempfile.mkdtemp(prefix="rcp-desktop-autotest-"))
    try:
        path = folder / "autotest.db"
        key = DatabaseKey.generate()
        value = f"écrit {time.time_ns()}"
        db = Database.create(path, key)
        try:
            with db.write(Actor(os_user="autotest", operator="autotest")) as session:
                session.add(Setting(key=SETTING_KEY, value=value))
            db.checkpoint()
        finally:
            db.close()
        with open(path, "rb") as fh:
            if fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                raise SelfTestFailure("le fichier n'est pas chiffré (en-tête SQLite en clair)")
        try:
            Database.open(path, DatabaseKey.generate()).close()
        except UnlockError:
            pass
        else:
            raise SelfTestFailure("une mauvaise clé a ouvert la base")
        db = Database.open(path, key)
        try:
            with db.read() as session:
                stored = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
            if stored != value:
                raise SelfTestFailure("la valeur relue diffère de la valeur écrite")
            revision = current_revision(db)
            if revision != head_revision():
                raise SelfTestFailure(f"schéma en révision {revision}, attendu {head_revision()}")
            report = integrity_check(db)
            if not report.ok:
                raise SelfTestFailure("contrôle d'intégrité : " + " ; ".join(report.lines()))
        finally:
            db.close()
        return f"SQLCipher, schéma {revision}, écriture auditée relue, mauvaise clé refusée"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_pdf() -> str:
    from rcp_desktop.reports import pdf_base

    sheet = pdf_base.styles()
    story = [
        pdf_base.para("Autotest rcp-desktop", sheet["title"]),
        pdf_base.para("Équipe « Été » : ✓ ☎ 🙂", sheet["body"]),
        pdf_base.para("שלום עולם", sheet["body"]),
    ]
    data = pdf_base.build_pdf(story, title="Autotest", footer="Autotest")
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise SelfTestFailure("le document produit n'est pas un PDF complet")
    for font in (pdf_base.FONT, pdf_base.FONT_BOLD, pdf_base.FONT_SYMBOLS):
        if font.encode() not in data:
            raise SelfTestFailure(f"police {font} absente du PDF")
    return f"PDF de {len(data)} octets en mémoire, polices incorporées"


# The Qt modules the app imports somewhere; a frozen bundle must carry every one of them.
QT_MODULES = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtNetwork",
    "QtPrintSupport",
    "QtCharts",
    "QtPdf",
    "QtPdfWidgets",
    "QtSvg",
)
ICON_NAME = "rcp-desktop"


def check_qt() -> str:
    from rcp_desktop.ui.selftest import check_qt as check  # Qt only from ui/

    return check()


CHECKS: dict[str, tuple[str, Callable[[], str]]] = {
    "database": ("base chiffrée", check_database),
    "pdf": ("document PDF", check_pdf),
    "qt": ("interface Qt", check_qt),
}


def run(names: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the checks *names* (all by default) in order; print one line per check."""
    out = out or sys.stdout
    failed = 0
    for name in names or list(CHECKS):
        label, check = CHECKS[name]
        started = time.perf_counter()
        try:
            detail = check()
        except SelfTestFailure as exc:
            failed += 1
            print(f"ÉCHEC  {label} : {exc}", file=out, flush=True)
            continue
        except Exception as exc:  # a missing module or file in a broken bundle lands here
            failed += 1
            print(f"ÉCHEC  {label} : {type(exc).__name__}: {exc}", file=out, flush=True)
            continue
        print(
            f"ok     {label} : {detail} ({time.perf_counter() - started:.1f} s)",
            file=out,
            flush=True,
        )
    if failed:
        print(f"Autotest : {failed} vérification(s) en échec.", file=out, flush=True)
        return EXIT_FAILED
    print("Autotest réussi.", file=out, flush=True)
    return EXIT_OK
