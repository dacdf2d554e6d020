"""iCalendar (RFC 5545) files: the public feed of events and a participant's agenda."""

from __future__ import annotations

from collections.abc import Sequence

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app.core.clock import utcnow
from app.event.schemas import MeetingRead
from app.models import Event

PRODUCT_ID = "-//San giao dich cong nghe Bac Ninh//techex//VI"
_DOMAIN = "techex.bacninh"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def events_feed(events: Sequence[Event], places: dict[int, str]) -> bytes:
    calendar = _calendar("Sự kiện KH&CN Bắc Ninh")
    stamp = utcnow()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.id}@{_DOMAIN}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("summary", event.title)
        entry.add("description", event.description)
        if event.id in places:
            entry.add("location", places[event.id])
        if event.online_url:
            entry.add("url", event.online_url)
        calendar.add_component(entry)
    ical: bytes = calendar.to_ical()
    return ical


def agenda(event: Event, meetings: Sequence[MeetingRead], organization_id: int) -> bytes:
    """The meetings of one participant (organization_id), each with the other side's name."""
    calendar = _calendar(f"Lịch gặp B2B: {event.title}")
    stamp = utcnow()
    for meeting in meetings:
        other = meeting.target if meeting.requester.id == organization_id else meeting.requester
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{meeting.id}@{_DOMAIN}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", meeting.starts_at)
        entry.add("dtend", meeting.ends_at)
        entry.add("summary", f"Gặp B2B: {other.name} (bàn {meeting.table_number})")
        entry.add("location", f"{event.venue or event.title}, bàn {meeting.table_number}")
        calendar.add_component(entry)
    ical: bytes = calendar.to_ical()
    return ical
