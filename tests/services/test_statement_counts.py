"""No N+1 loading in the list services: each list costs the same number of SQL statements on
the small workflow world as on the 2-year demo base (ten times the rows), and what the pages
read from the results is loaded with them (the objects are detached: a lazy load would fail)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import event

from rcp_desktop.services import Services


@contextlib.contextmanager
def counting(services: Services) -> Iterator[list[str]]:
    """The SQL statements sent to *services*' base while the block runs."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    engine = services.db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def statements(services: Services, call: Callable[[Services], object]) -> tuple[int, object]:
    call(services)  # a first call: connection set-up and pragmas are not the list's cost
    with counting(services) as seen:
        result = call(services)
    return len(seen), result


def read_decisions(decisions) -> None:
    for d in decisions:
        _ = (d.owner.display_name if d.owner else None, d.item.meeting.held_on)
        _ = (d.item.case.number, d.item.case.pathway, d.item.meeting.status)
        _ = d.item.case.patient.display_name


LISTS: dict[str, tuple[Callable[[Services], object], Callable[[object], None], int]] = {
    # name: (call, what the page reads of the result, most statements allowed: each read
    # opens with its BEGIN; the board's lists are one query each since they return rows of
    # the shown columns — open_decisions was one query per eager-loaded relation (7), the
    # counts a query and the owners' names in a second read (4))
    "followup.open_decisions": (lambda s: s.followup.open_decisions(), read_decisions, 2),
    "followup.by_owner": (lambda s: s.followup.by_owner(), lambda r: None, 2),
    "followup.by_pathway": (lambda s: s.followup.by_pathway(), lambda r: None, 2),
    "meetings.summaries": (lambda s: s.meetings.summaries(), lambda r: None, 2),
    "patients.search (everyone)": (lambda s: s.patients.search(""), lambda r: None, 2),
    "patients.search (a prefix)": (lambda s: s.patients.search("ma"), lambda r: None, 2),
    "patients.list_info": (
        lambda s: s.patients.list_info([p.id for p in s.patients.search("")]),
        lambda r: None,
        5,
    ),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_list_services_cost_the_same_statements_at_any_size(name, services, world, demo_services):
    call, read, most = LISTS[name]
    small, small_result = statements(services, call)
    large, large_result = statements(demo_services, call)
    assert len(large_result) > 2 * max(len(small_result), 1), (name, len(large_result))
    assert small == large <= most, (name, small, large)
    with counting(demo_services) as seen:
        read(large_result)  # detached objects: everything the page shows is already loaded
    assert seen == []
