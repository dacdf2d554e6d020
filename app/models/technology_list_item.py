"""One item of the restricted or prohibited technology lists, as screening reads it.

Edited by administrators; each item names the source it was taken from and that source's
date, so the department can check it against the official gazette.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.vocabulary import TechnologyListKind


class TechnologyListItem(TimestampMixin, Base):
    __tablename__ = "technology_list_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    list_kind: Mapped[TechnologyListKind] = mapped_column(str_enum(TechnologyListKind))
    # ScreeningDirection values the item applies to.
    directions: Mapped[list[str]] = mapped_column(JSON)
    list_title: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(500))
    # Matched as whole words in the folded text of a listing (app.core.text.fold).
    keywords: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    source_date: Mapped[date]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
