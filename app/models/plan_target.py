from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class PlanTarget(TimestampMixin, Base):
    """One target of a plan: an indicator's value to reach by a year (a fraction for shares
    and growth: 0.15 for 15 %). `comparison` says how the plan words it (>, >=, ≈)."""

    __tablename__ = "plan_targets"
    __table_args__ = (
        UniqueConstraint("plan_id", "indicator_code", "year", name="uq_plan_targets_code_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    indicator_code: Mapped[str] = mapped_column(String(50))
    year: Mapped[int] = mapped_column(SmallInteger)
    value: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    comparison: Mapped[str] = mapped_column(String(4), default=">=")
    wording: Mapped[str | None] = mapped_column(String(500))
