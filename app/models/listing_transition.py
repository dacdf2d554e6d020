"""The audit trail of listings: who moved which listing from what to what, when, and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import utcnow
from app.models.base import Base, str_enum
from app.models.vocabulary import ListingStatus


class ListingTransition(Base):
    __tablename__ = "listing_transitions"
    __table_args__ = (Index("ix_listing_transitions_listing", "listing_type", "listing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_type: Mapped[str] = mapped_column(String(10))  # "offer" | "demand"
    listing_id: Mapped[int]
    # None: the system (the expiry job, an import).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[ListingStatus | None] = mapped_column(str_enum(ListingStatus))
    to_status: Mapped[ListingStatus] = mapped_column(str_enum(ListingStatus))
    reason: Mapped[str | None] = mapped_column(Text)
