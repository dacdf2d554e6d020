"""An organisation registered for an event, as an exhibitor (with offers) or a visitor (with
demands). Availability: the sessions it attends for meetings (all of them when empty)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import ParticipantRole, ParticipantStatus


class EventParticipant(TimestampMixin, Base):
    __tablename__ = "event_participants"
    __table_args__ = (UniqueConstraint("event_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[ParticipantRole] = mapped_column(str_enum(ParticipantRole))
    status: Mapped[ParticipantStatus] = mapped_column(str_enum(ParticipantStatus))
    available_session_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    checked_in_at: Mapped[datetime | None]
