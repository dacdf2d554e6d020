"""Where a deal came from: a meeting of an event, or a challenge's award. Transactions trace
back through their deal, so the outcomes of events and challenges count up to contracts."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class DealSource(Base):
    __tablename__ = "deal_sources"
    __table_args__ = (
        CheckConstraint("(event_id IS NULL) <> (challenge_id IS NULL)", name="one_source"),
    )

    deal_id: Mapped[int] = mapped_column(
        ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
