"""An offer (exhibitor) or a demand (visitor) a participant brings to an event's catalogue."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class EventParticipantListing(Base):
    __tablename__ = "event_participant_listings"
    __table_args__ = (
        CheckConstraint("(offer_id IS NULL) <> (demand_id IS NULL)", name="one_listing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("event_participants.id", ondelete="CASCADE"), index=True
    )
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    demand_id: Mapped[int | None] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"))
