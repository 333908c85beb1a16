"""The .ics invitation of a session (RFC 5545, written with the ``icalendar`` library).

It carries the session (date, time, place or video link, theme), its organiser and the invited
professionals — never a patient: no name, no case number, only how many cases are on the agenda.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from rcp_desktop import __version__
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.services.documents import CalendarData, Person

TIMEZONE = ZoneInfo("Europe/Paris")


def paris_timezone() -> Timezone:
    """Europe/Paris as a VTIMEZONE with the EU rules (last Sunday of March / October)."""
    tz = Timezone()
    tz.add("tzid", "Europe/Paris")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", dt.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _address(person: Person, role: str | None = None) -> vCalAddress | None:
    if not person.email:
        return None
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def summary(data: CalendarData) -> str:
    s = data.meeting
    return s.title or tr(_N("core", "Réunion de concertation pluriprofessionnelle"))


def build_invitation(data: CalendarData) -> bytes:
    s = data.meeting
    cal = Calendar()
    cal.add("prodid", f"-//rcp-desktop//rcp-desktop {__version__}//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", data.uid)
    event.add("sequence", data.sequence)
    event.add("dtstamp", data.stamp.astimezone(dt.UTC))
    start = dt.datetime.combine(s.held_on, s.start_time, tzinfo=TIMEZONE)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=s.duration_minutes))
    event.add("summary", f"{data.cpts_name} — {summary(data)}" if data.cpts_name else summary(data))
    location = s.place or s.video_link
    if location:
        event.add("location", location)
    if s.video_link:
        event.add("url", s.video_link)
    lines = [tr(_N("core", "Réunion de concertation pluriprofessionnelle (RCP)."))]
    if s.pathway:
        lines.append(tr(_N("core", "Parcours : {pathway}")).format(pathway=s.pathway))
    if s.animator:
        lines.append(tr(_N("core", "Animateur : {name}")).format(name=s.animator.name))
    if s.place and s.video_link:
        lines.append(tr(_N("core", "Participation à distance : {link}")).format(link=s.video_link))
    lines.append(
        tr(
            _N(
                "core",
                "Situations à l'ordre du jour : {n}. L'ordre du jour détaillé est communiqué séparément.",
            )
        ).format(n=data.case_count)
    )
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if data.organiser is not None:
        organiser = _address(data.organiser)
        if organiser is not None:
            event.add("organizer", organiser)
    for person in data.attendees:
        attendee = _address(person, "REQ-PARTICIPANT")
        if attendee is not None:
            event.add("attendee", attendee, encode=False)
    cal.add_component(paris_timezone())
    cal.add_component(event)
    return cal.to_ical()
