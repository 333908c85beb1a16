"""Fictional, deterministic demo data for a CPTS of the north of Essonne.

Everything is invented: names are drawn from common French names, identifiers are generated
with valid check keys but belong to nobody. For a given seed, size and reference date the same
data come out. Writes go through the ORM in one audited transaction, flushed in batches.

- ``data``: the tables (names, communes, professions, meeting series, French texts);
- ``sizes``: how big a demo is (:class:`DemoSize`: ``STANDARD``, ``LARGE``);
- ``state``: the run shared by every step (random generators, period, report);
- one module per area: ``directory``, ``cases`` (patients, cases, status history),
  ``usipa``, ``meetings`` (sessions, attendance, agendas), ``decisions``, ``crisis``,
  ``attachments``;
- ``generator``: the steps in order and :func:`generate`.
"""

# The name tables are public too: the benchmark draws extra patients from them.
from rcp_desktop.services.demo.data import (
    COMMUNES,
    CPTS_NAME,
    FEMALE_NAMES,
    MALE_NAMES,
    SURNAMES,
)
from rcp_desktop.services.demo.generator import generate
from rcp_desktop.services.demo.sizes import LARGE, SIZES, STANDARD, DemoSize
from rcp_desktop.services.demo.state import DemoReport, ProgressFn

__all__ = [
    "COMMUNES",
    "CPTS_NAME",
    "FEMALE_NAMES",
    "LARGE",
    "MALE_NAMES",
    "SIZES",
    "STANDARD",
    "SURNAMES",
    "DemoReport",
    "DemoSize",
    "ProgressFn",
    "generate",
]
