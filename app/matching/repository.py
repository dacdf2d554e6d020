"""Queries of matching: the published listings of the other side, by id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.kinds import LISTING_MODELS, Listing, ListingType
from app.models.vocabulary import ListingStatus


class MatchingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def public_by_ids(
        self, listing_type: ListingType, ids: Sequence[int], now: datetime
    ) -> dict[int, Listing]:
        """Those of these listings that are published and unexpired NOW (the index may lag)."""
        if not ids:
            return {}
        model: Any = LISTING_MODELS[listing_type]
        rows = await self.session.scalars(
            select(model).where(
                model.id.in_(list(ids)),
                model.status == ListingStatus.published,
                model.expires_at > now,
            )
        )
        return {row.id: row for row in rows}
