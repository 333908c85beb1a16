"""The life cycle of a base, for every front-end. No Qt.

Creating a base and keeping its key, unlocking it from the available sources, changing its key,
backing it up, verifying and restoring a backup, holding the single-instance lock: every decision
lives here — which key source and in which order, which protection, what to clean up when a step
fails. The front-ends only prompt and present (the shape of Electrum's ``electrum/wizard.py``):

- the headless commands hand a :class:`Prompter` (getpass on a terminal, stderr) to the
  ``*_headless`` entry points, which ask through it when and only when they need to;
- the window runs the single steps (:func:`create`, :func:`open_with_keyring`,
  :func:`open_with_secret`, :func:`change_key_with_secret`, :func:`restore_open`…) off the GUI
  thread from its dialogs.

Errors are the storage and service ones, with French messages: :class:`DatabaseError` (a file
that cannot be used), :class:`UnlockError` (wrong or missing key, or a secret that is not text;
the file is left untouched), :class:`DamagedError` (a damaged or tampered base),
:class:`SystemRefusedError` (disk full, no permission, read-only folder),
:class:`AlreadyOpenError`, :class:`KeyringRefusedError`, and
:class:`~rcp_desktop.services.errors.RefusedError` (a refused input, e.g. a weak passphrase);
:func:`explain` turns an OS or SQLite error into one of them.

Over 500 lines on purpose: this is the one place where a key or a base file is decided about,
read top to bottom as a base's life (create, unlock, open, verify, change key, back up,
restore); its steps share the private helpers of unlocking and locking, and splitting them
would put those decisions back in several places.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.paths import anchor_dir, create_private_dirs, data_dir
from rcp_desktop.services import Actor, Services
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.integrity import CheckReport, check_database
from rcp_desktop.storage import anchor as anchors
from rcp_desktop.storage import backup as backups
from rcp_desktop.storage import keychange
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage import pages as pagesmod
from rcp_desktop.storage.engine import (
    Database,
    key_for_secret,
    key_opens,
)
from rcp_desktop.storage.engine import check_file as check_file  # a file, before any key is tried
from rcp_desktop.storage.errors import DamagedError as DamagedError
from rcp_desktop.storage.errors import DatabaseError as DatabaseError
from rcp_desktop.storage.errors import ReadOnlyError as ReadOnlyError
from rcp_desktop.storage.errors import SystemRefusedError as SystemRefusedError
from rcp_desktop.storage.errors import UnlockError as UnlockError
from rcp_desktop.storage.errors import explain as explain  # an OS or SQLite error, in words
from rcp_desktop.storage.keys import DatabaseKey
from rcp_desktop.storage.keys import InvalidSecretError as InvalidSecretError
from rcp_desktop.storage.lock import AlreadyOpenError as AlreadyOpenError
from rcp_desktop.storage.lock import BaseBusyError as BaseBusyError
from rcp_desktop.storage.lock import InstanceLock, UseLock

log = logging.getLogger(__name__)

PASSPHRASE_ENV = keymod.PASSPHRASE_ENV  # unlocking without a window (DESIGN.md)
NEW_PASSPHRASE_ENV = "RCP_DESKTOP_NEW_PASSPHRASE"  # a new passphrase for rekey without a window
MIN_PASSPHRASE_LENGTH = keymod.MIN_PASSPHRASE_LENGTH
UNLOCK_ATTEMPTS = 3  # typed secrets asked on a terminal before giving up
BACKUP_SUFFIX = backups.BACKUP_SUFFIX
BACKUP_KEEP = 7  # automatic backups kept by rotation
_BASE_FILE_SUFFIXES = ("", "-wal", "-shm")


class Protection(StrEnum):
    """How a base's key is kept."""

    KEYRING = "keyring"  # a random key in the trusted OS keyring
    PASSPHRASE = "passphrase"  # derived from a passphrase typed at each opening
    DEMO = "demo"  # a throw-away random key in memory (demo base)

    @property
    def label(self) -> str:
        return translate(_PROTECTION_LABELS[self])


_PROTECTION_LABELS = {
    Protection.KEYRING: _N("core", "clé dans le trousseau du système"),
    Protection.PASSPHRASE: _N("core", "phrase de passe"),
    Protection.DEMO: _N("core", "clé temporaire en mémoire (démonstration)"),
}


class KeyringRefusedError(DatabaseError):
    """The keyring did not take the key of a base being created; no file is left behind."""

    def __init__(self) -> None:
        super().__init__(_N("core", "Le trousseau système a refusé la clé : base non créée."))


class BaseLocks:
    """The locks a process holds on a base (see :mod:`rcp_desktop.storage.lock`): the window's
    instance lock, and the use lock (shared while working, exclusive to replace or re-encrypt
    the file). The window's locks are known by path, so that restoring or re-keying the base
    it has open upgrades its own use lock."""

    def __init__(self, path: Path, *, instance: bool, exclusive: bool = False) -> None:
        self.path = Path(path)
        self.instance = InstanceLock(self.path) if instance else None
        self.use = UseLock(self.path)
        if self.instance is not None:
            self.instance.acquire()
        try:
            self.use.acquire(exclusive=exclusive)
        except BaseException:
            if self.instance is not None:
                self.instance.release()
            raise
        if self.instance is not None:  # the window's: restoring or re-keying upgrades it
            _held[self.path] = self

    def release(self) -> None:
        if _held.get(self.path) is self:
            del _held[self.path]
        self.use.release()
        if self.instance is not None:
            self.instance.release()

    @property
    def held(self) -> bool:
        return self.use.held

    def __enter__(self) -> BaseLocks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


_held: dict[Path, BaseLocks] = {}


@contextmanager
def exclusive_use(path: Path) -> Iterator[None]:
    """Nothing else works on the base at *path* meanwhile: this process's use lock upgraded
    (the window), or an exclusive one taken for the time being; :class:`BaseBusyError` when
    a command works on it."""
    held = _held.get(Path(path))
    if held is not None:
        held.use.upgrade()
        try:
            yield
        finally:
            held.use.downgrade()
        return
    with UseLock(Path(path)).acquire(exclusive=True):
        yield


@dataclass
class OpenedBase:
    """An unlocked, migrated base, the services over it on behalf of *actor*, and what closing
    it releases (the single-instance lock, a demo's temporary folder)."""

    db: Database
    mode: Protection
    actor: Actor
    lock: BaseLocks | None = None
    temp_dir: Path | None = None
    anchored: bool = False  # the chain's head is recorded as the base is used, and at close
    services: Services = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.services = Services(self.db, self.actor)

    @property
    def demo(self) -> bool:
        return self.mode is Protection.DEMO

    @property
    def protection(self) -> str:
        """How the key is kept, in words (French)."""
        return self.mode.label

    @property
    def recovery_code(self) -> str:
        return self.db.key.recovery_code()

    def close(self) -> None:
        if self.anchored:
            try:
                record_anchor(self.db)
            except Exception:  # never stops a close; the next use records it
                log.warning("anchor not recorded at close", exc_info=True)
        self.db.close()
        if self.lock is not None:
            self.lock.release()
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)

    def __enter__(self) -> OpenedBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _say_nothing(message: str) -> None:
    pass


@dataclass(frozen=True)
class Prompter:
    """What a front-end without a window can ask and say; the vault decides when. A missing
    callable means "cannot ask" (no terminal): the vault then refuses with a typed error."""

    secret: Callable[[], str] | None = None  # an existing base's passphrase or recovery code
    new_passphrase: Callable[[], str] | None = None  # a new passphrase, typed and confirmed
    notice: Callable[[str], None] = _say_nothing  # a French line for the user


# --- facts ---------------------------------------------------------------------------------------


def keyring_name() -> str | None:
    """The trusted OS keyring that would keep a key, by name; None when there is none."""
    return keymod.keyring_description()


def keyring_available() -> bool:
    return keymod.secure_keyring() is not None


def passphrase_problems(passphrase: str) -> list[str]:
    """Why a new passphrase is too weak (French); empty when it is fine."""
    return keymod.passphrase_problems(passphrase)


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too weak to protect a base (:class:`RefusedError`)."""
    problems = passphrase_problems(passphrase)
    if problems:
        raise RefusedError("{problems}", problems=" ".join(problems))


def protection_of(path: Path, key: DatabaseKey) -> Protection:
    """Keyring mode when the keyring entry of *path* is *key*, else passphrase mode."""
    entry = keymod.keyring_get(path)
    return Protection.KEYRING if entry is not None and entry == key else Protection.PASSPHRASE


def claim(path: Path) -> BaseLocks:
    """Make the base's folder (private) and take, for the window of this process, the base's
    instance lock (:class:`AlreadyOpenError` when another window holds it) and its use lock,
    shared (:class:`BaseBusyError` while it is being restored or re-keyed)."""
    path = Path(path)
    create_private_dirs(path.parent)
    return BaseLocks(path, instance=True)


# --- creating ------------------------------------------------------------------------------------


def new_key(protection: Protection, passphrase: str | None = None) -> DatabaseKey:
    """A fresh key: random (keyring, demo), or derived from *passphrase* with a new salt once
    the passphrase is found strong enough."""
    if protection is Protection.PASSPHRASE:
        check_new_passphrase(passphrase or "")
        return DatabaseKey.new_from_passphrase(passphrase or "")
    return DatabaseKey.generate()


def _remove_base_files(path: Path) -> None:
    for suffix in _BASE_FILE_SUFFIXES:
        Path(str(path) + suffix).unlink(missing_ok=True)


def create(
    path: Path,
    protection: Protection,
    actor: Actor,
    *,
    passphrase: str | None = None,
    make_folder: bool = False,
) -> OpenedBase:
    """Create an empty encrypted base at *path* (refuses an existing file). In keyring mode the
    key goes into the keyring; a keyring that refuses it leaves no file behind
    (:class:`KeyringRefusedError`). The recovery code is ``opened.recovery_code``."""
    path = Path(path)
    key = new_key(protection, passphrase)
    if make_folder:
        create_private_dirs(path.parent)
    db = Database.create(path, key)
    if protection is Protection.KEYRING and not keymod.keyring_set(path, key):
        db.close()
        _remove_base_files(path)
        raise KeyringRefusedError()
    log.info("database created (%s)", protection.value)
    opened = OpenedBase(db, protection, actor)
    if protection is not Protection.DEMO:
        start_anchoring(opened)
    return opened


def create_demo(actor: Actor) -> OpenedBase:
    """An empty base in a private temporary folder under a throw-away key held in memory only;
    closing it removes the folder."""
    folder = Path(tempfile.mkdtemp(prefix="rcp-desktop-demo-"))
    try:
        opened = create(folder / "demo.db", Protection.DEMO, actor)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    opened.temp_dir = folder
    return opened


def headless_protection(prompter: Prompter) -> tuple[Protection, str | None]:
    """How a base created without a window is protected, and its passphrase: the environment
    passphrase, else a random key in a trusted keyring, else a passphrase asked through
    *prompter*; :class:`UnlockError` when there is no source at all."""
    secret = keymod.env_passphrase()
    if secret is not None:
        return Protection.PASSPHRASE, secret
    if keyring_available():
        return Protection.KEYRING, None
    if prompter.new_passphrase is not None:
        prompter.notice(
            translate(
                _N(
                    "core",
                    "Pas de trousseau système sûr : la base sera protégée par une phrase de passe.",
                )
            )
        )
        return Protection.PASSPHRASE, prompter.new_passphrase()
    raise UnlockError(
        _N(
            "core",
            "Aucune source de clé : pas de trousseau système sûr, RCP_DESKTOP_PASSPHRASE non "
            "définie et pas de terminal pour la saisir.",
        )
    )


def create_headless(path: Path, actor: Actor, prompter: Prompter) -> OpenedBase:
    protection, secret = headless_protection(prompter)
    return create(path, protection, actor, passphrase=secret)


# --- the chain's anchor, outside the base -------------------------------------------------------

ANCHOR_SAVE_INTERVAL_S = 30.0  # the anchor follows the writes at most this late (and at close)


def anchor_store() -> anchors.AnchorStore:
    """The anchors of this account's bases, in the application's state folder."""
    return anchors.AnchorStore(anchor_dir())


def known_salt(path: Path) -> bytes | None:
    """The salt this computer recorded for the base at *path* (None when unknown)."""
    anchor = anchor_store().load(path)
    return anchor.salt if anchor is not None else None


def last_known_head(path: Path) -> anchors.Anchor | None:
    return anchor_store().load(path)


def chain_head(db: Database) -> anchors.ChainHead:
    with db.engine.connect() as conn:
        return anchors.chain_head(conn)


def record_anchor(db: Database) -> anchors.ChainHead:
    """Record the head of *db*'s chain (and its salt) as the last known one."""
    head = chain_head(db)
    anchor_store().save(db.path, head, pagesmod.file_salt(db.path) or None)
    return head


_ROLLED_BACK = _N(
    "core",
    "Le journal d'audit de cette base est plus court que sa dernière empreinte connue sur ce "
    "poste ({found} au lieu de {expected}, relevée le {recorded}) : la base a été remplacée "
    "par un état antérieur, ou ses dernières entrées supprimées. Si vous ne l'avez pas "
    "restaurée vous-même, restaurez la dernière sauvegarde et prévenez le référent sécurité ; "
    "si c'est une restauration faite à la main, adoptez cet état comme référence (bouton "
    "« Adopter… » de la fenêtre, ou rcp-desktop check --db … --reset-anchor).",
)
_DIVERGED = _N(
    "core",
    "Le journal d'audit de cette base diffère de sa dernière empreinte connue sur ce poste "
    "({expected}, relevée le {recorded}) : la base a été remplacée ou son journal réécrit. "
    "Si vous ne l'avez pas restaurée vous-même, restaurez la dernière sauvegarde et prévenez "
    "le référent sécurité ; sinon, adoptez cet état comme référence (bouton « Adopter… » de "
    "la fenêtre, ou rcp-desktop check --db … --reset-anchor).",
)


def anchor_problem(db: Database) -> DamagedError | None:
    """Whether *db*'s chain extends the last head this computer recorded for it: None when it
    does (or nothing was recorded), else the error that says what happened and what to do."""
    anchor = anchor_store().load(db.path)
    if anchor is None:
        return None
    with db.engine.connect() as conn:
        verdict = anchors.compare(conn, anchor.head)
        found = anchors.chain_head(conn)
    if verdict is anchors.Verdict.OK:
        return None
    template = _ROLLED_BACK if verdict is anchors.Verdict.SHORTER else _DIVERGED
    return DamagedError(
        template,
        found=found.fingerprint,
        expected=anchor.head.fingerprint,
        recorded=anchor.recorded,
    )


def start_anchoring(opened: OpenedBase) -> None:
    """From now on the head of *opened*'s chain is recorded outside the base: now, after
    writes (at most every :data:`ANCHOR_SAVE_INTERVAL_S`), and when it closes. A demo base
    is never anchored (it disappears on close)."""
    if opened.demo or opened.anchored:
        return
    record_anchor(opened.db)
    opened.anchored = True
    last = [time.monotonic()]

    def keep() -> None:
        if time.monotonic() - last[0] >= ANCHOR_SAVE_INTERVAL_S:
            last[0] = time.monotonic()
            record_anchor(opened.db)

    opened.db.commit_hooks.append(keep)


def check_base(db: Database, progress: pagesmod.Progress | None = None) -> CheckReport:
    """The whole check of *db* (:func:`rcp_desktop.services.integrity.check_database`),
    its chain compared with the last head known outside the base."""
    anchor = anchor_store().load(db.path)
    return check_database(
        db,
        progress=progress,
        known_head=anchor.head if anchor is not None else None,
        known_since=anchor.recorded if anchor is not None else "",
    )


def reset_anchor(db: Database) -> CheckReport:
    """Adopt the current state of *db* as the reference (after a restore made by hand): only
    when everything else in the check holds; the report says why not otherwise."""
    report = check_database(db)
    if report.ok:
        record_anchor(db)
    return report


@dataclass(frozen=True)
class Verification:
    """What the verification after unlocking found (the window runs it in the background)."""

    damage: DamagedError | None  # damaged pages: the base goes read-only
    anchor: DamagedError | None  # a chain shorter than, or diverging from, its last known head
    report: CheckReport | None  # the whole check (None when the pages are damaged)

    @property
    def ok(self) -> bool:
        return self.damage is None and self.anchor is None and bool(self.report and self.report.ok)


VERIFY_STEPS = 1000  # progress units: the pages up to 600, then the whole check


def verify_opened(db: Database, progress: pagesmod.Progress | None = None) -> Verification:
    """Every page of the open base, its chain against the last known head, then the whole
    check; reads only. *progress(done, total)* follows along."""

    def say(done: float) -> None:
        if progress is not None:
            progress(min(int(done), VERIFY_STEPS), VERIFY_STEPS)

    damage = pagesmod.damage(db.path, db.key, progress=lambda d, t: say(600 * d / max(t, 1)))
    if damage is not None:
        say(VERIFY_STEPS)
        return Verification(damage, None, None)
    anchor = anchor_problem(db)
    report = check_base(db, progress=lambda d, t: say(600 + 400 * d / max(t, 1)))
    say(VERIFY_STEPS)
    return Verification(None, anchor, report)


def last_good_backup(db: Database) -> Path | None:
    """The newest backup of *db* in the backup folder that passes verification (its pages,
    structure and fingerprint), under the base's key; None when there is none."""
    folder = backup_folder()
    for candidate in reversed(backups.existing_backups(folder, db.path)):
        try:
            backups.verify_backup(candidate, db.key)
        except DatabaseError:
            continue
        return candidate
    return None


def adopt_current_state(opened: OpenedBase) -> None:
    """The user adopts the base as it is (a restore made by hand): its head becomes the
    reference, it is writable again and anchored from now on."""
    record_anchor(opened.db)
    opened.db.read_only = False
    start_anchoring(opened)


# --- unlocking -----------------------------------------------------------------------------------


def open_base(path: Path, key: DatabaseKey, mode: Protection, actor: Actor) -> OpenedBase:
    """Open (and migrate) the base at *path* with a key known to open it."""
    return OpenedBase(Database.open(Path(path), key), mode, actor)


def open_with_keyring(path: Path, actor: Actor) -> OpenedBase | None:
    """Open *path* without asking, with its keyring entry; None when there is none or it does
    not open the file (the window then asks for the passphrase). The environment passphrase is
    for headless commands only."""
    path = Path(path)
    check_file(path)
    key = keymod.keyring_get(path)
    if key is None or not key_opens(path, key, known_salt=known_salt(path)):
        return None
    return open_base(path, key, Protection.KEYRING, actor)


def open_with_secret(path: Path, secret: str, actor: Actor) -> OpenedBase | None:
    """Open *path* with a typed passphrase or recovery code; None when it is wrong (nothing is
    written to the file). :class:`DatabaseError` when the file is not a base."""
    path = Path(path)
    check_file(path)
    key = key_for_secret(path, secret, known_salt=known_salt(path))
    if key is None:
        return None
    return open_base(path, key, Protection.PASSPHRASE, actor)


def unlock_key(path: Path, prompter: Prompter, *, keyring_of: Path | None = None) -> DatabaseKey:
    """The key of *path*, without a window: the environment passphrase if set (a wrong one is an
    :class:`UnlockError`, never a prompt), else the keyring entry (of *keyring_of*, default
    *path*) if it opens the file, else up to three secrets typed through *prompter*, else
    :class:`UnlockError`. Nothing is written to the file while trying."""
    path = Path(path)
    check_file(path)
    salt = known_salt(path)
    secret = keymod.env_passphrase()
    if secret is not None:
        key = key_for_secret(path, secret, known_salt=salt)
        if key is None:
            raise UnlockError(
                _N(
                    "core",
                    "La phrase de passe de RCP_DESKTOP_PASSPHRASE ne permet pas d'ouvrir cette "
                    "base.",
                )
            )
        return key
    key = keymod.keyring_get(keyring_of or path)
    if key is not None and key_opens(path, key, known_salt=salt):
        return key
    if prompter.secret is not None:
        for _attempt in range(UNLOCK_ATTEMPTS):
            try:
                key = key_for_secret(path, prompter.secret(), known_salt=salt)
            except InvalidSecretError as exc:  # not text: say so, and ask again
                prompter.notice(exc.message)
                continue
            if key is not None:
                return key
            prompter.notice(translate(_N("core", "Clé incorrecte.")))
        raise UnlockError(_N("core", "Trois essais infructueux : base non ouverte."))
    raise UnlockError(
        _N(
            "core",
            "Aucune clé disponible : définissez RCP_DESKTOP_PASSPHRASE, ou enregistrez la clé "
            "dans le trousseau du système, ou lancez la commande dans un terminal.",
        )
    )


def verify_pages(path: Path, key: DatabaseKey, progress: pagesmod.Progress | None = None) -> None:
    """Raise :class:`DamagedError` naming the damaged pages unless every page of the file at
    *path* holds under *key* (one read of the file, nothing written)."""
    problem = pagesmod.damage(Path(path), key, progress=progress)
    if problem is not None:
        raise problem


def open_headless(
    path: Path, actor: Actor, prompter: Prompter, *, check: bool = True
) -> OpenedBase:
    """Unlock and open *path* for a command without a window. With *check* (every command but
    ``check`` itself, which reports all of it): every page is verified first, before anything
    is written, and the chain compared with its last known head (:class:`DamagedError`); the
    head is then recorded as the command works and when it ends."""
    path = Path(path)
    key = unlock_key(path, prompter)
    locks = BaseLocks(path, instance=False)
    try:
        if check:
            verify_pages(path, key)
        opened = open_base(path, key, protection_of(path, key), actor)
    except BaseException:
        locks.release()
        raise
    opened.lock = locks
    if check:
        problem = anchor_problem(opened.db)
        if problem is not None:
            opened.close()
            raise problem
        start_anchoring(opened)
    return opened


def keyring_unlocks(db: Database) -> bool:
    """The OS session vouches for the user: the keyring entry of the open base is its key."""
    entry = keymod.keyring_get(db.path)
    return entry is not None and entry == db.key


def secret_unlocks(db: Database, secret: str) -> bool:
    """A typed passphrase or recovery code stands for the key of the open base (reads only)."""
    return key_for_secret(db.path, secret) == db.key


# --- changing the key ----------------------------------------------------------------------------


def change_key(
    db: Database, protection: Protection, *, passphrase: str | None = None
) -> DatabaseKey:
    """Re-encrypt the open base under a new key kept as *protection* says; the keyring entry
    follows (stored before, put back on failure; removed when leaving the keyring). The old
    recovery code stops working; the new key is returned for the new one."""
    key = new_key(protection, passphrase)
    with exclusive_use(db.path):
        keychange.change_key(db, key, to_keyring=protection is Protection.KEYRING)
    record_anchor(db)  # the new salt
    return key


def change_key_with_secret(
    db: Database, secret: str, protection: Protection, *, passphrase: str | None = None
) -> DatabaseKey | None:
    """:func:`change_key` once the typed current secret is confirmed; None (nothing changed)
    when it is wrong."""
    if not secret_unlocks(db, secret):
        return None
    return change_key(db, protection, passphrase=passphrase)


def rekey_headless(
    path: Path, prompter: Prompter, *, to_keyring: bool = False, to_passphrase: bool = False
) -> tuple[DatabaseKey, Protection]:
    """Change the key of the base at *path* without a window: unlock it, keep its protection
    unless *to_keyring* / *to_passphrase* asks otherwise, take the new passphrase from
    ``RCP_DESKTOP_NEW_PASSPHRASE`` or *prompter*, then re-encrypt under the single-instance
    lock (refused while the application has the base open)."""
    path = Path(path)
    key = unlock_key(path, prompter)
    keep_keyring = protection_of(path, key) is Protection.KEYRING and not to_passphrase
    target = Protection.KEYRING if to_keyring or keep_keyring else Protection.PASSPHRASE
    secret = None
    if target is Protection.KEYRING:
        if not keyring_available():
            raise DatabaseError(
                _N("core", "Aucun trousseau système sûr sur ce poste : utilisez --to-passphrase.")
            )
    else:
        secret = os.environ.get(NEW_PASSPHRASE_ENV) or None
        if secret is None:
            if prompter.new_passphrase is None:
                raise RefusedError(
                    _N("core", "Nouvelle phrase de passe absente : définissez {name}."),
                    name=NEW_PASSPHRASE_ENV,
                )
            secret = prompter.new_passphrase()
    fresh = new_key(target, secret)
    with BaseLocks(path, instance=True, exclusive=True):
        verify_pages(path, key)  # never re-encrypt a damaged base
        db = Database.open(path, key)
        try:
            problem = anchor_problem(db)
            if problem is not None:
                raise problem
            keychange.change_key(db, fresh, to_keyring=target is Protection.KEYRING)
            record_anchor(db)  # the new salt
        finally:
            db.close()
    return fresh, target


# --- backups -------------------------------------------------------------------------------------


def backup_folder() -> Path:
    """Where backups go by default (automatic ones, and the first suggestion)."""
    return data_dir() / "sauvegardes"


def suggested_backup(db: Database, now: dt.datetime) -> Path:
    """A dated name for a backup of *db* in the backup folder (created, private)."""
    folder = create_private_dirs(backup_folder())
    return folder / backups.backup_name(db.path, now)


def backup(db: Database, target: Path) -> Path:
    """An encrypted copy of the open base (same key), verified before it takes its name;
    refuses to overwrite a file."""
    target = Path(target)
    if target.exists():
        raise DatabaseError(_N("core", "Le fichier {path} existe déjà."), path=target)
    return backups.backup_to(db, target)


def backup_headless(path: Path, target: Path, prompter: Prompter) -> Path:
    target = Path(target)
    if target.exists():  # before any key is asked
        raise DatabaseError(_N("core", "Le fichier {path} existe déjà."), path=target)
    key = unlock_key(path, prompter)
    with BaseLocks(path, instance=False):
        verify_pages(path, key)
        db = Database.open(path, key)
        try:
            problem = anchor_problem(db)
            if problem is not None:
                raise problem  # never make a backup look like a good one
            return backup(db, target)
        finally:
            db.close()


def automatic_backup(db: Database, now: dt.datetime) -> Path | None:
    """The daily backup into the backup folder, keeping the newest :data:`BACKUP_KEEP`; None
    when none was due."""
    policy = backups.BackupPolicy(folder=backup_folder(), keep=BACKUP_KEEP)
    return backups.automatic_backup(db, policy, now)


def verify_backup(backup_file: Path, key: DatabaseKey) -> None:
    """Raise unless *backup_file* is a sound encrypted base that *key* opens (reads only)."""
    backups.verify_backup(Path(backup_file), key)


def restore_headless(
    backup_file: Path, target: Path, prompter: Prompter, *, force: bool = False
) -> Path | None:
    """Replace the base at *target* by a verified backup (atomically: see
    :func:`rcp_desktop.storage.backup.restore`), holding the instance lock and the use lock
    exclusively, so that no window and no command works on the base meanwhile; the backup is
    unlocked like a base (the keyring entry tried is the target's). Refuses an existing
    *target* unless *force*; then the current file is set aside (returned)."""
    backup_file, target = Path(backup_file), Path(target)
    key = unlock_key(backup_file, prompter, keyring_of=target)
    if not target.parent.is_dir():
        raise DatabaseError(_N("core", "Le dossier {path} n'existe pas."), path=target.parent)
    with BaseLocks(target, instance=True, exclusive=True):
        set_aside = backups.restore(backup_file, target, key, force=force)
        _anchor_restored(target, key)
        return set_aside


def _anchor_restored(target: Path, key: DatabaseKey) -> None:
    """A restore is the user's own step back: the restored chain becomes the reference."""
    head = backups.backup_head(target, key)
    anchor_store().save(target, head, pagesmod.file_salt(target) or None)


def restore_open(db: Database, backup_file: Path) -> Path | None:
    """Replace the base this process has open (and holds the lock of) by a verified backup
    under the same key; the current file is set aside (returned) and *db* reconnects to the
    restored one."""
    with exclusive_use(db.path):
        db.close()
        try:
            set_aside = backups.restore(Path(backup_file), db.path, db.key, force=True)
            _anchor_restored(db.path, db.key)
            return set_aside
        finally:
            db.reload()
