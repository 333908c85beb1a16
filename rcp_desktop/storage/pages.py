"""Verifying an encrypted base page by page, from the file's bytes (no Qt, no SQLite).

SQLCipher 4, with the defaults this application never changes, writes every 4,096-byte page as
AES-256-CBC ciphertext followed by an 80-byte reserve: a random 16-byte IV, then an HMAC-SHA512
of the ciphertext, the IV and the page number (4 bytes, little-endian). Page 1 starts with the
file's 16-byte salt, outside the ciphertext. The HMAC key is PBKDF2-HMAC-SHA512 of the
encryption key over the salt XOR 0x3a, 2 iterations; a key given with its salt (a passphrase's
derived key, a recovery code) brings its own salt, a bare random key uses the file's.

Checking those HMACs needs no decryption and no connection, so it

- reports progress page by page (the window's background verification),
- writes nothing and creates nothing beside the file,
- works when page 1 itself is damaged: a key that verifies other pages is the right key, so a
  refusal to open is a damaged header, not a wrong passphrase.

SQLCipher's own ``PRAGMA cipher_integrity_check`` does the same inside the library;
``tests/security/test_integrity_corpus.py`` holds the two to the same verdict on every damaged
variant of the hostile corpus.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.storage.errors import DamagedError
from rcp_desktop.storage.keys import SALT_BYTES, DatabaseKey

PAGE_SIZE = 4096
_HMAC_SIZE = 64
_IV_SIZE = 16
_RESERVE = _IV_SIZE + _HMAC_SIZE
_HMAC_SALT_MASK = 0x3A
_HMAC_KDF_ITERATIONS = 2
_CHUNK_PAGES = 256  # pages read at once (1 MiB)
_PROBE_PAGES = 16  # pages tried after page 1 to tell a damaged header from a wrong key

Progress = Callable[[int, int], None]


def file_salt(path: Path) -> bytes:
    """The salt in the first 16 bytes of the file (b"" when the file is shorter)."""
    with open(path, "rb") as fh:
        return fh.read(SALT_BYTES)


def hmac_key(key: DatabaseKey, salt: bytes) -> bytes:
    """SQLCipher's page-HMAC key for *key* over *salt* (the key's own salt when it has one)."""
    mask = bytes(b ^ _HMAC_SALT_MASK for b in (key.salt or salt))
    return hashlib.pbkdf2_hmac("sha512", key.raw, mask, _HMAC_KDF_ITERATIONS, 32)


def page_ok(page: bytes, number: int, mac_key: bytes) -> bool:
    """True when the HMAC stored in *page* (page *number*, 1-based) is the one *mac_key* gives."""
    if len(page) != PAGE_SIZE:
        return False
    start = SALT_BYTES if number == 1 else 0
    signed = page[start : PAGE_SIZE - _HMAC_SIZE] + number.to_bytes(4, "little")
    expected = hmac.new(mac_key, signed, hashlib.sha512).digest()
    return hmac.compare_digest(expected, page[PAGE_SIZE - _HMAC_SIZE :])


@dataclass
class PageReport:
    """What :func:`verify_pages` found: the pages of the file, those whose HMAC fails, and the
    bytes past the last whole page (a file cut in the middle of a page)."""

    pages: int = 0
    damaged: list[int] = field(default_factory=list)
    partial_bytes: int = 0

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.partial_bytes


def verify_pages(
    path: Path,
    key: DatabaseKey,
    *,
    salt: bytes | None = None,
    progress: Progress | None = None,
    stop_after: int | None = None,
) -> PageReport:
    """Check the HMAC of every page of the file at *path* under *key* (reads only). *salt*
    replaces the file's own (a salt known from elsewhere); *progress(done, total)* is called
    after each chunk; *stop_after* stops once that many damaged pages are found."""
    path = Path(path)
    size = path.stat().st_size
    report = PageReport(pages=size // PAGE_SIZE, partial_bytes=size % PAGE_SIZE)
    with open(path, "rb") as fh:
        first = fh.read(SALT_BYTES)
        mac_key = hmac_key(key, salt if salt is not None else first)
        fh.seek(0)
        number = 0
        while number < report.pages:
            chunk = fh.read(PAGE_SIZE * min(_CHUNK_PAGES, report.pages - number))
            if not chunk:
                break
            view = memoryview(chunk)
            for offset in range(0, len(chunk) - PAGE_SIZE + 1, PAGE_SIZE):
                number += 1
                if not page_ok(bytes(view[offset : offset + PAGE_SIZE]), number, mac_key):
                    report.damaged.append(number)
                    if stop_after is not None and len(report.damaged) >= stop_after:
                        return report
            if progress is not None:
                progress(number, report.pages)
        if report.damaged:  # read again: a page being rewritten by a checkpoint is not damage
            report.damaged = [n for n in report.damaged if not _page_ok_at(fh, n, mac_key)]
    return report


def _page_ok_at(fh: BinaryIO, number: int, mac_key: bytes) -> bool:
    fh.seek((number - 1) * PAGE_SIZE)
    return page_ok(fh.read(PAGE_SIZE), number, mac_key)


SALT_DAMAGED = _N(
    "core",
    "Le sel en tête de {path} (ses 16 premiers octets) est endommagé : la phrase de passe "
    "seule ne l'ouvre plus. Restaurez la dernière sauvegarde ; en attendant, le code de "
    "secours l'ouvre encore, et une sauvegarde faite avec lui est saine.",
)


def damage(
    path: Path, key: DatabaseKey, *, progress: Progress | None = None
) -> DamagedError | None:
    """The error naming the damaged pages of the file at *path*, or None when every page's
    HMAC holds (one read of the file; nothing written)."""
    if key.salt is not None and file_salt(path) != key.salt:
        return DamagedError(SALT_DAMAGED, path=path)
    report = verify_pages(path, key, progress=progress)
    if report.ok:
        return None
    if report.partial_bytes:
        return DamagedError(
            _N(
                "core",
                "{path} est tronqué : il s'arrête au milieu d'une page. Restaurez la dernière "
                "sauvegarde.",
            ),
            path=path,
        )
    return DamagedError(
        _N(
            "core",
            "La base {path} est endommagée : {count} page(s) sur {total} ne passent pas le "
            "contrôle d'intégrité (n° {pages}). Restaurez la dernière sauvegarde.",
        ),
        path=path,
        count=len(report.damaged),
        total=report.pages,
        pages=page_list(report.damaged),
    )


def page_list(numbers: list[int], shown: int = 10) -> str:
    """``3, 17, 230`` — with ``…`` past *shown* numbers."""
    text = ", ".join(str(n) for n in numbers[:shown])
    return text + (", …" if len(numbers) > shown else "")


_WAL_HEADER = 32
_WAL_FRAME_HEADER = 24


def _wal_pages(path: Path, limit: int) -> Iterator[tuple[int, bytes]]:
    """The first (page number, page) frames of the ``-wal`` beside *path*, read only."""
    wal = Path(str(path) + "-wal")
    try:
        fh = open(wal, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return
    with fh:
        fh.seek(_WAL_HEADER)
        for _ in range(limit):
            frame = fh.read(_WAL_FRAME_HEADER + PAGE_SIZE)
            if len(frame) < _WAL_FRAME_HEADER + PAGE_SIZE:
                return
            yield int.from_bytes(frame[:4], "big"), frame[_WAL_FRAME_HEADER:]


def key_verifies_some_page(path: Path, key: DatabaseKey, *, salt: bytes | None = None) -> bool:
    """True when *key* verifies at least one of the first pages after page 1 (in the file, or
    in the frames of its ``-wal``, where a young base keeps most of its pages): it is the key
    of this file, whatever happened to page 1."""
    path = Path(path)
    with open(path, "rb") as fh:
        first = fh.read(PAGE_SIZE)
        mac_key = hmac_key(key, salt if salt is not None else first[:SALT_BYTES])
        for number in range(2, _PROBE_PAGES + 2):
            page = fh.read(PAGE_SIZE)
            if len(page) < PAGE_SIZE:
                break
            if page_ok(page, number, mac_key):
                return True
    return any(
        number > 1 and page_ok(page, number, mac_key)
        for number, page in _wal_pages(path, _PROBE_PAGES)
    )


def first_page_ok(path: Path, key: DatabaseKey, *, salt: bytes | None = None) -> bool:
    """True when page 1 of the file verifies under *key*."""
    with open(Path(path), "rb") as fh:
        page = fh.read(PAGE_SIZE)
    mac_key = hmac_key(key, salt if salt is not None else page[:SALT_BYTES])
    return page_ok(page, 1, mac_key)
