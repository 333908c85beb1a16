"""Speed measurements on large synthetic bases: ``make bench`` (``python -m bench``).

See :mod:`bench.__main__` for the sections and the plug-in protocol, docs/performance.md for
the figures and how to read them.
"""
