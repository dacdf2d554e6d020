"""The audit trail of the technology lists: every item created, changed or deleted, who did
it and when, with the values before and after (never edited; kept when the item is gone)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import utcnow
from app.models.base import Base


class TechnologyListEvent(Base):
    __tablename__ = "technology_list_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the trail of a deleted item stays readable by its code.
    item_id: Mapped[int] = mapped_column(index=True)
    code: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))  # created | changed | deleted
    # {"field": [old, new]} for a change; the whole item for a creation or deletion.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
