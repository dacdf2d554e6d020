"""A scheduled B2B meeting: a request placed at a table in a slot; then check-in (held) and
its outcome (no interest, follow-up, or a deal opened for the event's broker)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import MeetingOutcome


class EventMeeting(TimestampMixin, Base):
    __tablename__ = "event_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_requests.id", ondelete="CASCADE"), unique=True
    )
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    table_number: Mapped[int]
    held_at: Mapped[datetime | None]
    outcome: Mapped[MeetingOutcome | None] = mapped_column(str_enum(MeetingOutcome))
    outcome_note: Mapped[str | None] = mapped_column(String(2000))
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"))
