"""Queries of matching: the published listings of the other side, by id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.kinds import LISTING_MODELS, Listing, ListingType
from app.models import Deal, Offer
from app.models.vocabulary import DealStage, ListingStatus


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

    async def brokers_of_open_deals(self, listings: Sequence[Listing]) -> set[int]:
        """Broker organisations running an open deal on any of these listings."""
        clauses = [
            Deal.offer_id == listing.id
            if isinstance(listing, Offer)
            else Deal.demand_id == listing.id
            for listing in listings
        ]
        if not clauses:
            return set()
        rows = await self.session.scalars(
            select(Deal.broker_organization_id).where(
                or_(*clauses), Deal.stage.not_in([DealStage.closed_won, DealStage.closed_lost])
            )
        )
        return set(rows.all())
