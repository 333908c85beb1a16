"""Statistical disclosure control for the anonymised ACI statistics (no Qt, no I/O).

An export is a set of *cells* (one figure each, identified by a key shared by every table that
shows it) and of *relations* between them: ``total = part₁ + part₂ + …`` (the margins of a table,
the overall column of a per-pathway table, the breakdown of a count into its kinds). Whoever reads
the export knows these relations, so hiding a small count is not enough: it must not be
recomputable from what is shown, in the same table or in another one.

The interface the rest of the statistics use — all of it, so that another method (cell-key
perturbation, controlled rounding) can replace this one here alone:

    :func:`protect` (cells, relations, threshold) → :class:`Protection`, whose
    :meth:`~Protection.shown` gives what the export prints for a cell, with
    :meth:`~Protection.masked_keys` and ``status``; the cells are :class:`Cell` (one per
    figure, with who is counted), keyed by any hashable :data:`Key`, tied by :class:`Relation`.

Modules
    ``cells``        cells, relations, statuses, marks and :class:`Protection`
    ``suppression``  :func:`protect`: primary and secondary suppression (the algorithm)
    ``audit``        :func:`feasible_bounds`, :func:`exposed_cells`: what a reader can still
                     infer from the whole export (exact elimination, propagation, HiGHS)
"""

from __future__ import annotations

from rcp_desktop.services.statistics.disclosure.audit import (
    eliminate,
    equations,
    exposed_cells,
    feasible_bounds,
    is_exposed,
    is_small,
    reader_domain,
)
from rcp_desktop.services.statistics.disclosure.cells import (
    EMPTY_MARK,
    SECRET_MARK,
    Bound,
    Cell,
    CellKind,
    Key,
    Protection,
    Relation,
    Status,
)
from rcp_desktop.services.statistics.disclosure.suppression import protect

__all__ = [
    "EMPTY_MARK",
    "SECRET_MARK",
    "Bound",
    "Cell",
    "CellKind",
    "Key",
    "Protection",
    "Relation",
    "Status",
    "eliminate",
    "equations",
    "exposed_cells",
    "feasible_bounds",
    "is_exposed",
    "is_small",
    "protect",
    "reader_domain",
]
