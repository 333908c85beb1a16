"""Rules of the domain that several layers share, each in one place: French dates and times
(:mod:`.dates`), ages (:mod:`.ages`), series of sessions (:mod:`.recurrence`), accent-insensitive
keys and the commune key (:mod:`.text`), national identifiers — NIR, RPPS, ADELI, Luhn —
(:mod:`.identifiers`), amounts of money and durations (:mod:`.money`).

Pure functions over plain values: no Qt, no database, nothing of the project but the
translation hooks of :mod:`rcp_desktop.i18n`. Every layer may import them.
"""
