"""The masker: every identity known to the base, and every identifier with a shape, replaced
in a free text by a placeholder saying what was there ("[nom]", "[date de naissance]"…).

What is masked, and how:

* **names** of every person the base knows and must protect (patients' birth and used names,
  relatives and trusted persons of crisis plans), whole words, any case, with or without
  accents, compound names joined, split or hyphenated; a name that is also a common French
  word ("Petit", "Rose") only when capitalised; professionals' names stay (unless a patient has
  the same name and no "Dr" stands before it);
* **first names**: those of the patients on the agenda everywhere; anyone's next to a masked
  name ("Marie DUPONT", "DUPONT Marie-Claire"), and any capitalised word that is not a common
  word next to it; what follows "Mme", "M.", "Monsieur"… unless it is a professional's name;
* **initials** of the patients on the agenda ("M.D.", "MD", "D. M.", "JPD"), and an initial
  left next to a masked name ("Marie D.");
* **birth dates** of every patient of the base in any common writing, and any date, month or
  year just after "né(e) le / en", "naissance", "DDN";
* **NIR** in any spacing (key checked, or known to the base), **phone numbers**, **e-mail** and
  **postal addresses**, **case numbers** of the base;
* the **terms added** at review time ("mask more").

:meth:`Masker.scan` also lists what still looks like an identifier (see :mod:`.review`).

A little over 500 lines: the name rules above work on one index of the base's identities and
must be read together (a first name is masked because of the name beside it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rcp_desktop.domain.text import normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.services.pseudonymise.finders import (
    Kind,
    Span,
    after_birth_word,
    find_addresses,
    find_case_numbers,
    find_dates,
    find_emails,
    find_identifier_numbers,
    find_nirs,
    find_partial_dates,
    find_phones,
)
from rcp_desktop.services.pseudonymise.vocabulary import (
    ACRONYMS,
    PARTICLES,
    PERSON_TITLES,
    PROFESSIONAL_TITLES,
    is_common_word,
)

PLACEHOLDERS: dict[Kind, str] = {
    Kind.NAME: _N("core", "[nom]"),
    Kind.INITIALS: _N("core", "[initiales]"),
    Kind.BIRTH_DATE: _N("core", "[date de naissance]"),
    Kind.NIR: _N("core", "[NIR]"),
    Kind.PHONE: _N("core", "[téléphone]"),
    Kind.EMAIL: _N("core", "[courriel]"),
    Kind.ADDRESS: _N("core", "[adresse]"),
    Kind.CASE_NUMBER: _N("core", "[n° de dossier]"),
    Kind.MANUAL: _N("core", "[masqué]"),
}
KIND_LABELS: dict[Kind, str] = {
    Kind.NAME: _N("core", "nom"),
    Kind.INITIALS: _N("core", "initiales"),
    Kind.BIRTH_DATE: _N("core", "date de naissance"),
    Kind.NIR: _N("core", "NIR"),
    Kind.PHONE: _N("core", "téléphone"),
    Kind.EMAIL: _N("core", "courriel"),
    Kind.ADDRESS: _N("core", "adresse"),
    Kind.CASE_NUMBER: _N("core", "n° de dossier"),
    Kind.MANUAL: _N("core", "ajouté à la relecture"),
}


def placeholder(kind: Kind) -> str:
    return translate(PLACEHOLDERS[kind])


def placeholders() -> tuple[str, ...]:
    """Every placeholder, translated (the documents highlight them)."""
    return tuple(placeholder(kind) for kind in Kind)


# --- what the base knows -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProtectedPerson:
    """Someone whose identity must not appear: a patient, or a relative / trusted person."""

    surnames: tuple[str, ...]
    first_names: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    nir: str | None = None
    on_agenda: bool = False  # a patient of this document: first names and initials masked too


@dataclass(frozen=True)
class KnownIdentities:
    """Everything the base knows that a pseudonymised document must not show."""

    people: tuple[ProtectedPerson, ...] = ()
    professionals: tuple[tuple[str, str], ...] = ()  # (first name, last name)
    case_numbers: frozenset[str] = frozenset()


# --- tokens and name keys ----------------------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+")
_NAME_GAP = re.compile(r"[ \t\u00a0'’\-]{1,3}")
_SPACE_GAP = re.compile(r"[ \t\u00a0\-]{1,2}")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    key: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str) -> list[Token]:
    return [
        Token(m.start(), m.end(), m.group(), normalise_key(m.group()))
        for m in _LETTERS.finditer(text)
    ]


def name_keys(name: str) -> set[tuple[str, ...]]:
    """The token sequences a name may be written as: "LE-GALL" → (le, gall), (legall), (gall)."""
    parts = tuple(normalise_key(t) for t in _LETTERS.findall(name))
    parts = tuple(p for p in parts if p)
    if not parts:
        return set()
    keys = {parts}
    if len(parts) > 1:
        keys.add(("".join(parts),))
        tail = parts
        while tail and tail[0] in PARTICLES:
            tail = tail[1:]
        if tail and tail != parts and len("".join(tail)) >= 2:
            keys.add(tail)
    return {k for k in keys if len("".join(k)) >= 2 and not all(p in PARTICLES for p in k)}


def part_keys(name: str) -> set[tuple[str, ...]]:
    """Each significant word of a compound name on its own: "ZYGOMAR-LÉVÊQUE" → (zygomar),
    (leveque); particles and one-letter words are not names."""
    parts = [normalise_key(t) for t in _LETTERS.findall(name)]
    if len(parts) < 2:
        return set()
    return {(p,) for p in parts if len(p) >= 3 and p not in PARTICLES}


def _joined(text: str, run: list[Token], gap: re.Pattern[str]) -> bool:
    return all(gap.fullmatch(text[a.end : b.start]) for a, b in zip(run, run[1:], strict=False))


@dataclass
class _Entry:
    surname: bool = False
    agenda_first: bool = False
    first: bool = False
    manual: bool = False


@dataclass(frozen=True)
class Scan:
    """A text's masked spans (merged, in order)."""

    text: str
    spans: tuple[Span, ...]

    def masked(self) -> str:
        out: list[str] = []
        last = 0
        for span in self.spans:
            out.append(self.text[last : span.start])
            out.append(placeholder(span.kind))
            last = span.end
        out.append(self.text[last:])
        return "".join(out)

    def hits(self) -> list[tuple[Kind, str]]:
        return [(s.kind, self.text[s.start : s.end]) for s in self.spans]


@dataclass
class Masker:
    """Masks what :class:`KnownIdentities` and the finders know in any free text."""

    known: KnownIdentities
    extra_terms: tuple[str, ...] = ()
    _index: dict[tuple[str, ...], _Entry] = field(init=False, repr=False)
    _first_names: set[str] = field(init=False, repr=False)
    _pro_surnames: set[tuple[str, ...]] = field(init=False, repr=False)
    _pro_tokens: set[str] = field(init=False, repr=False)
    _birth_dates: frozenset[dt.date] = field(init=False, repr=False)
    _nir_bodies: frozenset[str] = field(init=False, repr=False)
    _initials: re.Pattern[str] | None = field(init=False, repr=False)
    _manual_numbers: re.Pattern[str] | None = field(init=False, repr=False)
    _longest: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, ...], _Entry] = {}
        first_names: set[str] = set()
        initial_forms: set[str] = set()
        for person in self.known.people:
            for surname in person.surnames:
                for key in name_keys(surname) | part_keys(surname):
                    index.setdefault(key, _Entry()).surname = True
            for first in person.first_names:
                for key in name_keys(first):
                    entry = index.setdefault(key, _Entry())
                    entry.first = True
                    entry.agenda_first = entry.agenda_first or person.on_agenda
                    first_names.add(" ".join(key))
            if person.on_agenda:
                initial_forms |= _initial_forms(person)
        self._pro_surnames = set()
        self._pro_firsts: set[tuple[str, ...]] = set()
        self._pro_tokens = set()
        for first, last in self.known.professionals:
            self._pro_surnames |= name_keys(last)
            self._pro_firsts |= name_keys(first)
            self._pro_tokens |= {normalise_key(t) for t in _LETTERS.findall(f"{first} {last}")}
        numbers: list[str] = []
        for term in self.extra_terms:
            term = term.strip()
            if not term:
                continue
            if any(ch.isdigit() for ch in term):
                numbers.append(term)
            else:
                for key in name_keys(term) or {(normalise_key(term),)}:
                    index.setdefault(key, _Entry()).manual = True
        self._index = index
        self._first_names = first_names
        self._longest = max((len(k) for k in index), default=1)
        self._birth_dates = frozenset(p.birth_date for p in self.known.people if p.birth_date)
        self._nir_bodies = frozenset(p.nir[:13].upper() for p in self.known.people if p.nir)
        self._initials = _initials_pattern(initial_forms)
        self._manual_numbers = _numbers_pattern(numbers)

    # --- the public face ------------------------------------------------------------------------

    def mask(self, text: str | None) -> str:
        """*text* with every identifier replaced by its placeholder ("" for None)."""
        if not text:
            return text or ""
        return self.scan(text).masked()

    def scan(self, text: str) -> Scan:
        found: list[Span] = []
        found += find_emails(text)
        found += find_nirs(text, self._nir_bodies)
        found += find_phones(text)
        found += find_addresses(text)
        found += find_case_numbers(text, self.known.case_numbers)
        found += self._dates(text)
        if self._manual_numbers is not None:
            found += (
                Span(m.start(), m.end(), Kind.MANUAL) for m in self._manual_numbers.finditer(text)
            )
        words = tokens(text)
        found += self._names(text, words, _merge(found))
        if self._initials is not None:
            found += (
                Span(m.start(), m.end(), Kind.INITIALS) for m in self._initials.finditer(text)
            )
        return Scan(text, tuple(_merge(found)))

    def suspects(self, scan: Scan) -> list[str]:
        """What still looks like an identifier in the scanned text: capitalised words that are
        not common French words, acronyms of care or professionals' names (a run of them is
        one suspect), and numbers of identifier shape. Dates are not listed."""
        text = scan.text
        spans = scan.spans

        def covered(start: int, end: int) -> bool:
            return any(s.start < end and start < s.end for s in spans)

        found: list[tuple[int, int]] = []
        run: list[Token] = []
        for token in tokens(text):
            glued = (
                text[token.end : token.end + 1].isdigit()
                or text[token.start - 1 : token.start].isdigit()
            )
            suspect = (
                not glued
                and token.capitalised
                and len(token.key) >= 2
                and not covered(token.start, token.end)
                and token.key not in self._pro_tokens
                and token.key not in PERSON_TITLES
                and token.key not in PROFESSIONAL_TITLES
                and token.key not in PARTICLES
                and not is_common_word(token.text)
            )
            if suspect and run and _SPACE_GAP.fullmatch(text[run[-1].end : token.start]):
                run.append(token)
                continue
            if run:
                found.append((run[0].start, run[-1].end))
            run = [token] if suspect else []
        if run:
            found.append((run[0].start, run[-1].end))
        dates = [(d.start, d.end) for d in find_dates(text)]
        for start, end in find_identifier_numbers(text):
            if covered(start, end) or any(a < end and start < b for a, b in dates):
                continue
            found.append((start, end))
        return [text[a:b] for a, b in sorted(found)]

    # --- finders that need the base ---------------------------------------------------------------

    def _dates(self, text: str) -> list[Span]:
        found = []
        for mention in find_dates(text):
            if self._birth_dates.intersection(mention.days) or after_birth_word(
                text, mention.start
            ):
                found.append(Span(mention.start, mention.end, Kind.BIRTH_DATE))
        for mention in find_partial_dates(text):
            if after_birth_word(text, mention.start):
                found.append(Span(mention.start, mention.end, Kind.BIRTH_DATE))
        return found

    def _names(self, text: str, words: list[Token], taken: list[Span]) -> list[Span]:
        def free(token: Token) -> bool:
            return not any(s.start < token.end and token.start < s.end for s in taken)

        marked = [False] * len(words)
        i = 0
        while i < len(words):
            length = self._name_at(text, words, i) if free(words[i]) else 0
            if length:
                for j in range(i, i + length):
                    marked[j] = True
                i += length
            else:
                i += 1
        self._after_titles(text, words, marked, free)
        self._widen(text, words, marked, free)
        spans: list[Span] = []
        i = 0
        while i < len(words):
            if not marked[i]:
                i += 1
                continue
            j = i
            while (
                j + 1 < len(words)
                and marked[j + 1]
                and _NAME_GAP.fullmatch(text[words[j].end : words[j + 1].start])
            ):
                j += 1
            end = words[j].end
            if len(words[j].text) == 1 and text[end : end + 1] == ".":
                end += 1  # "Marie D." → the initial's dot goes too
            kind = Kind.INITIALS if i == j and len(words[i].text) == 1 else Kind.NAME
            spans.append(Span(words[i].start, end, kind))
            i = j + 1
        return spans

    def _name_at(self, text: str, words: list[Token], i: int) -> int:
        """How many tokens from *i* form a protected name (0 if none)."""
        for length in range(min(self._longest, len(words) - i), 0, -1):
            run = words[i : i + length]
            if length > 1 and not _joined(text, run, _NAME_GAP):
                continue
            key = tuple(t.key for t in run)
            entry = self._index.get(key)
            if entry is None:
                continue
            if not entry.manual:
                if all(is_common_word(t.text) or t.key in PARTICLES for t in run) and not any(
                    t.capitalised for t in run if t.key not in PARTICLES
                ):
                    continue
                if entry.surname and not entry.agenda_first and key in self._pro_surnames:
                    before = words[i - 1] if i else None
                    if before is not None and before.key in PROFESSIONAL_TITLES:
                        continue  # "Dr Petit": the professional, not the patient PETIT
                if not entry.surname and not entry.agenda_first and key in self._pro_firsts:
                    after = words[i + length] if i + length < len(words) else None
                    if after is not None and (after.key,) in self._pro_surnames:
                        continue  # "Léa Soignant": the professional, not the patient Léa
            return length
        return 0

    def _after_titles(
        self, text: str, words: list[Token], marked: list[bool], free: Callable[[Token], bool]
    ) -> None:
        """What follows a person's title ("Mme X", "M. X Y", "Monsieur X"): its capitalised
        words."""
        for i, word in enumerate(words):
            if word.key not in PERSON_TITLES:
                continue
            if word.key == "m" and text[word.end : word.end + 1] != ".":
                continue
            j = i + 1
            while j < len(words) and j <= i + 3:
                nxt = words[j]
                gap = text[words[j - 1].end : nxt.start]
                if not re.fullmatch(r"\.?[ \t\u00a0\-'’]{1,3}", gap) or not nxt.capitalised:
                    break
                if (nxt.key,) in self._pro_surnames or nxt.key in ACRONYMS or not free(nxt):
                    break
                marked[j] = True
                j += 1

    def _widen(
        self, text: str, words: list[Token], marked: list[bool], free: Callable[[Token], bool]
    ) -> None:
        """First names and initials next to a masked name join it."""
        changed = True
        rounds = 0
        while changed and rounds < 4:
            changed = False
            rounds += 1
            for i in range(len(words)):
                if marked[i]:
                    continue
                left = (
                    i > 0
                    and marked[i - 1]
                    and _SPACE_GAP.fullmatch(text[words[i - 1].end : words[i].start])
                )
                right = (
                    i + 1 < len(words)
                    and marked[i + 1]
                    and _SPACE_GAP.fullmatch(text[words[i].end : words[i + 1].start])
                )
                if not (left or right) or not words[i].capitalised or not free(words[i]):
                    continue
                word = words[i]
                initial = len(word.text) == 1 and word.text.isupper()
                if (
                    initial
                    or word.key in self._first_names
                    or (
                        not is_common_word(word.text)
                        and word.key not in self._pro_tokens
                        and word.key not in PROFESSIONAL_TITLES
                        and word.key not in PERSON_TITLES
                    )
                ):
                    marked[i] = True
                    changed = True


def _initial_forms(person: ProtectedPerson) -> set[str]:
    """The letter sequences of a patient's initials: first name's then surname's, and the
    reverse ("MD", "DM", "JPD", "DJP"); a compound name counts with all its initials or its
    first one."""

    def variants(name: str, *, drop_particles: bool) -> set[str]:
        words = _LETTERS.findall(name)
        if drop_particles:
            words = [w for w in words if normalise_key(w) not in PARTICLES] or words
        if not words:
            return set()
        return {"".join(w[0] for w in words).upper(), words[0][0].upper()}

    firsts: set[str] = set()
    for first in person.first_names:
        firsts |= variants(first, drop_particles=False)
    lasts: set[str] = set()
    for surname in person.surnames:
        lasts |= variants(surname, drop_particles=True) | variants(surname, drop_particles=False)
    forms = set()
    for f in firsts:
        for s in lasts:
            forms |= {f + s, s + f}
    return {form for form in forms if len(form) >= 2}


def _initials_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = []
    for form in sorted(set(forms), key=len, reverse=True):
        letters = [re.escape(letter) for letter in form]
        alternatives.append(r"\.?(?:\s?-?\s?)".join(letters) + r"\.?")
    if not alternatives:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)")


def _numbers_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = []
    for term in terms:
        chars = [ch for ch in term if ch.isalnum()]
        if chars:
            alternatives.append(r"[ \u00a0.\-/]?".join(re.escape(ch) for ch in chars))
    if not alternatives:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans as one, with the kind of the longest."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = last.kind if last.end - last.start >= span.end - span.start else span.kind
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged
