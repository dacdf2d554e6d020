"""What happens when a listing becomes public, wired once for the whole application.

The listing service announces each publication (``app.listing.publication``); these are the
listeners, in order: strong matches are notified to both owners and to the brokers of their
open deals, then the saved searches the listing answers alert their owners.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.kinds import Listing
from app.listing.publication import Publication
from app.matching.service import notify_strong_matches
from app.saved_search.service import alert_saved_searches
from app.search.engines.base import SearchEngine


def listing_publication(engine: SearchEngine) -> Publication:
    async def notify_matches(session: AsyncSession, listing: Listing) -> None:
        await notify_strong_matches(session, engine, listing)

    async def alert_searches(session: AsyncSession, listing: Listing) -> None:
        await alert_saved_searches(session, listing)

    return Publication((notify_matches, alert_searches))
