"""An expression of interest: an organisation asks a listing's owner to talk (structured: what
it wants to do with the technology, its capacity, its questions); the owner accepts or declines
with a reason. An anonymous owner is revealed to the requester only on acceptance."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import InterestStatus

if TYPE_CHECKING:
    from app.models.demand import Demand
    from app.models.offer import Offer
    from app.models.organization import Organization
    from app.models.user import User


class Interest(TimestampMixin, Base):
    __tablename__ = "interests"
    __table_args__ = (
        CheckConstraint("(offer_id IS NULL) <> (demand_id IS NULL)", name="one_listing"),
        Index("ix_interests_requester_status", "requester_organization_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), index=True
    )
    demand_id: Mapped[int | None] = mapped_column(
        ForeignKey("demands.id", ondelete="CASCADE"), index=True
    )
    requester_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    requester_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    intended_use: Mapped[str] = mapped_column(Text)
    capacity: Mapped[str | None] = mapped_column(Text)
    questions: Mapped[str | None] = mapped_column(Text)
    status: Mapped[InterestStatus] = mapped_column(
        str_enum(InterestStatus), default=InterestStatus.pending, index=True
    )
    decision_reason: Mapped[str | None] = mapped_column(String(2000))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    offer: Mapped[Offer | None] = relationship(lazy="selectin")
    demand: Mapped[Demand | None] = relationship(lazy="selectin")
    requester: Mapped[Organization] = relationship(lazy="selectin")
    requester_user: Mapped[User | None] = relationship(
        foreign_keys=[requester_user_id], lazy="selectin"
    )
