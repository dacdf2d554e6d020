"""What happens when a listing is published (called by the publish endpoint): strong matches
are notified, and saved searches it answers are alerted."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.kinds import Listing
from app.matching.service import notify_strong_matches
from app.saved_search.service import alert_saved_searches
from app.search.engines.base import SearchEngine


async def on_listing_published(
    session: AsyncSession, engine: SearchEngine, listing: Listing
) -> None:
    await notify_strong_matches(session, engine, listing)
    await alert_saved_searches(session, listing)
