"""A check-in after signing (30, 90 and 180 days): did the agreed transfer happen?"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class DealCheckin(Base):
    __tablename__ = "deal_checkins"
    __table_args__ = (UniqueConstraint("deal_id", "days_after_signing", name="deal_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    days_after_signing: Mapped[int]
    due_on: Mapped[date] = mapped_column(index=True)
    reminded_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Transfer method (documents, training, experts, machinery, other) → did it happen.
    delivered: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
