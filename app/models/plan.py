from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class Plan(TimestampMixin, Base):
    """A province's plan for the S&T market (e.g. 149/KH-UBND), whose targets the
    indicators are compared with. Plans are data: another province enters its own."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    issued_on: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(String(300))
    # First year of the average-growth computation.
    base_year: Mapped[int] = mapped_column(SmallInteger)
    # Countries counted as "developed" by imported_share_developed (ISO alpha-2).
    developed_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str | None] = mapped_column(Text)
