"""The broker's desk: demands worth a deal (strong matches, no deal yet) and the tasks that
are due."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.deal.auth import require_broker
from app.matching.scoring import STRONG_MATCH
from app.matching.service import Match, find_matches
from app.models import Deal, DealTask, Demand, User
from app.models.vocabulary import DealStage, ListingStatus
from app.search.engines.base import SearchEngine

# Demands looked at per request, newest first: matching each costs a search-engine query.
SCANNED_DEMANDS = 40
MATCHES_SHOWN = 3


@dataclass(frozen=True)
class Suggestion:
    demand: Demand
    matches: list[Match]


@dataclass(frozen=True)
class DueTask:
    task: DealTask
    deal: Deal

    def is_overdue(self, today: date) -> bool:
        return self.task.due_on < today


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
        strong = [match for match in matches if match.scored.score >= STRONG_MATCH]
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


async def due_tasks(session: AsyncSession, user: User, today: date) -> list[DueTask]:
    """Open tasks due today or earlier on the open deals of the broker's organisation that
    are the broker's own or nobody's, oldest first."""
    organization_id = (await require_broker(session, user)).id
    rows = await session.execute(
        select(DealTask, Deal)
        .join(Deal, Deal.id == DealTask.deal_id)
        .where(
            Deal.broker_organization_id == organization_id,
            Deal.stage.not_in([DealStage.closed_won, DealStage.closed_lost]),
            DealTask.done_at.is_(None),
            DealTask.due_on <= today,
            or_(DealTask.assignee_id == user.id, DealTask.assignee_id.is_(None)),
        )
        .order_by(DealTask.due_on, DealTask.id)
    )
    return [DueTask(task, deal) for task, deal in rows.all()]
