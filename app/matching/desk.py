"""The broker's desk suggestions: published demands that no deal has taken up yet, with their
strong matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.matching.scoring import ranker
from app.matching.service import Match, find_matches
from app.models import Deal, Demand, User
from app.models.vocabulary import ListingStatus
from app.organization.auth import require_broker
from app.search.engines.base import SearchEngine

# Demands looked at per request, newest first: matching each costs a search-engine query.
SCANNED_DEMANDS = 40
MATCHES_SHOWN = 3


@dataclass(frozen=True)
class Suggestion:
    demand: Demand
    matches: list[Match]


async def suggestions(
    session: AsyncSession, engine: SearchEngine, user: User, limit: int
) -> list[Suggestion]:
    """Published demands that no deal has taken up yet, each with its strong matches, newest
    demand first. Scored as the public sees the listings: a broker learns no price or budget
    fit it may not know."""
    await require_broker(session, user)
    found: list[Suggestion] = []
    for demand in await _demands_without_deal(session, SCANNED_DEMANDS):
        matches = await find_matches(session, engine, demand, None, limit=MATCHES_SHOWN)
        strong = [match for match in matches if match.scored.score >= ranker().strong_match]
        if strong:
            found.append(Suggestion(demand, strong))
            if len(found) == limit:
                break
    return found


async def _demands_without_deal(session: AsyncSession, limit: int) -> Sequence[Demand]:
    rows = await session.scalars(
        select(Demand)
        .where(
            Demand.status == ListingStatus.published,
            Demand.expires_at > utcnow(),
            ~exists().where(Deal.demand_id == Demand.id),
        )
        .order_by(Demand.published_at.desc(), Demand.id.desc())
        .limit(limit)
    )
    return rows.all()
