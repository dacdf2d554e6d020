"""A panelist's score of a proposal on one criterion (0-10)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class ChallengeScore(TimestampMixin, Base):
    __tablename__ = "challenge_scores"
    __table_args__ = (UniqueConstraint("proposal_id", "criterion_id", "panelist_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_proposals.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_criteria.id", ondelete="CASCADE")
    )
    panelist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(String(2000))
