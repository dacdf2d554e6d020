"""Writing to the search outbox: call in the same transaction as the change it reflects."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from app.models.search_outbox import SearchOutbox

EntityType = Literal["offer", "demand"]


async def enqueue_search_update(
    session: AsyncSession, entity_type: EntityType, entity_id: int
) -> None:
    """Record that this listing's search document must be recomputed. Committed (or rolled
    back) with the caller's transaction, so the index can never miss a committed change."""
    session.add(SearchOutbox(entity_type=entity_type, entity_id=entity_id))
    await session.flush()
