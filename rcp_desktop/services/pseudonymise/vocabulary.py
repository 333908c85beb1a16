"""The words that are not identifiers: common French words, the acronyms of care and social
work, titles and name particles.

Common French words come from pyspellchecker's French dictionary (a frequency list filtered
against a dictionary: "pierre", "petit" and "rose" are in it, "dupont", "martin" and "durand"
are not). It is loaded once, on first use (about a third of a second, in slices: see
:func:`_dictionary_words`).
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json
import re
import threading

from rcp_desktop.domain.text import normalise_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Acronyms of care, social work and administration that are not names (upper-case words in
# notes that need no review). Written for this project.
ACRONYMS: frozenset[str] = _words(
    """
    aah acs adeli aeeh ald alzheimer ame apa aphp ars ase asv avc bpco caf cami camsp carsat
    cattp ccas cdaph cesu ch chu chs cias cim clic cmp cmpp cmu cpam cpts crp css c2s ctp cv
    dac ddn dmp ecg ehpad eeg emdr emp emsp esa esat esms etp fam gem gir had hdj hdt hpst hta
    ide idel ifsi ime ins insee ipa irm itep las maia mas mdph mms moca mdpi mg ms msa msp nir ok
    omedit pa pch pmi pps psy ptsa rcp rcpt rgpd rpps rqth rsa samu sau savs scanner sdre
    sessad sms smur spdre spasad ssiad ssr sst tca tcc tdah tnd ts tsa uema ulis umd unafam
    urgences usipa usld vad vih vhc
    """
)

# Titles before a person's name: what follows them is a name.
PERSON_TITLES: frozenset[str] = _words(
    "mme madame mmes mesdames mlle mlles mademoiselle m monsieur mr messieurs mm"
)
# Titles of professionals: what follows them is a professional's name.
PROFESSIONAL_TITLES: frozenset[str] = _words("dr docteur drs pr professeur me maitre")

# Particles inside names ("DE LA FONTAINE", "LE GALL", "N'DIAYE"); never a name on their own.
PARTICLES: frozenset[str] = _words(
    "d de des du la le les l van von der den di da del della dos das ben bin el al et"
)


@functools.cache
def common_words() -> frozenset[str]:
    """Lower-case common French words, accented and accent-free forms both."""
    keys = {w for w in _dictionary_words() if w.isalpha()}
    # A lower-case ASCII word is its own key; the others are normalised, uncached (a hundred
    # thousand words through normalise_key's cache would push the app's own entries out).
    normalise = normalise_key.__wrapped__
    keys |= {normalise(w) for w in keys if not (w.isascii() and w.islower())}
    return frozenset(keys)


# Slices of pyspellchecker's dictionary parsed at a time (characters).
_SLICE = 64 * 1024
_ENTRY_END = re.compile(r"\d\s*,\s*\n?\s*\"")


def _dictionary_words() -> list[str]:
    """The words of pyspellchecker's French frequency list (``{"word": count, …}``), read in
    slices: a single ``json.loads`` of the whole file holds the interpreter lock for 0.1 s or
    more at once, and the masking loads it in the background while a meeting runs — the GUI
    thread would stall that long. Each slice holds it a millisecond or so. Any surprise in the
    file's layout falls back to the whole parse."""
    resource = importlib.resources.files("spellchecker") / "resources" / "fr.json.gz"
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    body = text.strip()
    try:
        if not (body.startswith("{") and body.endswith("}")):
            raise ValueError("not an object")
        body = body[1:-1]
        words: list[str] = []
        start = 0
        while start < len(body):
            boundary = _ENTRY_END.search(body, start + _SLICE)
            end = boundary.start() + 1 if boundary else len(body)
            words.extend(json.loads("{" + body[start:end] + "}"))
            start = end + 1 if boundary else end  # past the comma
        return words
    except ValueError:
        return list(json.loads(text))


def warm_up() -> None:
    """Load the common words in the background (a screen about to pseudonymise calls this so
    that its first masking does not wait for the dictionary)."""
    threading.Thread(target=common_words, name="common-words", daemon=True).start()


def is_common_word(token: str) -> bool:
    """True if *token* (any case, with or without accents) is a common French word or an
    acronym of care."""
    lower = token.casefold()
    if lower in ACRONYMS:
        return True
    words = common_words()
    return lower in words or normalise_key(lower) in words
