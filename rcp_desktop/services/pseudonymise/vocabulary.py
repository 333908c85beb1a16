"""The words that are not identifiers: common French words, the acronyms of care and social
work, titles and name particles.

Common French words come from pyspellchecker's French dictionary (a frequency list filtered
against a dictionary: "pierre", "petit" and "rose" are in it, "dupont", "martin" and "durand"
are not). It is loaded once, on first use (about a third of a second).
"""

from __future__ import annotations

import functools
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
    from spellchecker import SpellChecker

    words = SpellChecker(language="fr", case_sensitive=False).word_frequency.dictionary
    keys = {w for w in words if w.isalpha()}
    keys |= {normalise_key(w) for w in keys}
    return frozenset(keys)


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
