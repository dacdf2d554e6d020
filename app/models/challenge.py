"""A technology challenge (bài toán công nghệ): an enterprise or an agency publishes a problem
with a deadline, evaluation criteria (challenge_criteria) and an optional reward or budget,
which may be confidential (then only the challenger, its panel and the department see it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import ChallengeStatus


class Challenge(TimestampMixin, Base):
    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    problem: Mapped[str] = mapped_column(Text)
    problem_en: Mapped[str | None] = mapped_column(Text)
    expected_result: Mapped[str | None] = mapped_column(Text)
    field_code: Mapped[str | None] = mapped_column(String(20))
    deadline: Mapped[datetime] = mapped_column(index=True)
    reward_vnd: Mapped[int | None] = mapped_column(BigInteger)
    reward_confidential: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ChallengeStatus] = mapped_column(str_enum(ChallengeStatus), index=True)
    screening_hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    review_note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    # The intermediary that brokers the deal with the winner (the proposal with status awarded).
    broker_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
