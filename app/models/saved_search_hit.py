"""A listing that matched a saved search when it was published; waits for the daily digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import utcnow
from app.models.base import Base


class SavedSearchHit(Base):
    __tablename__ = "saved_search_hits"
    __table_args__ = (
        UniqueConstraint("saved_search_id", "listing_type", "listing_id", name="once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    listing_type: Mapped[str] = mapped_column(String(10))
    listing_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    digested_at: Mapped[datetime | None] = mapped_column(index=True)
