"""A participant's request for a B2B meeting with another participant of the same event.
The match score (from the matcher, over both sides' listings) and the target's acceptance
weigh in the schedule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import MeetingRequestStatus


class MeetingRequest(TimestampMixin, Base):
    __tablename__ = "meeting_requests"
    __table_args__ = (UniqueConstraint("requester_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE")
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str | None] = mapped_column(String(2000))
    match_score: Mapped[float] = mapped_column(default=0.0)
    suggested: Mapped[bool] = mapped_column(default=False)
    status: Mapped[MeetingRequestStatus] = mapped_column(
        str_enum(MeetingRequestStatus), default=MeetingRequestStatus.pending
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
