"""A technology demand (nhu cầu công nghệ): a problem an organisation wants solved."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, BigInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.listing_lifecycle import ListingLifecycleMixin


class Demand(ListingLifecycleMixin, Base):
    __tablename__ = "demands"
    __table_args__ = (
        UniqueConstraint("organization_id", "external_ref", name="uq_demands_organization_ref"),
    )

    problem: Mapped[str | None] = mapped_column(Text)
    expected_result: Mapped[str | None] = mapped_column(Text)
    technical_requirements: Mapped[str | None] = mapped_column(Text)
    min_trl: Mapped[int | None]
    budget_min_vnd: Mapped[int | None] = mapped_column(BigInteger)
    budget_max_vnd: Mapped[int | None] = mapped_column(BigInteger)
    # Budget known to the owner and the department only.
    budget_confidential: Mapped[bool] = mapped_column(default=False)
    valid_until: Mapped[date | None]
    preferred_forms: Mapped[list[str]] = mapped_column(JSON, default=list)
    commune_code: Mapped[str | None] = mapped_column(String(40), index=True)

    @property
    def description(self) -> str | None:
        """A demand's problem statement is its `description`, the key field every listing shares
        (search documents and matching read it alike for offers and demands)."""
        return self.problem
