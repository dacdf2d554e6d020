"""Deals opened by an event's meeting or a challenge's award, traced to their source.

Deals are run by brokers (app/deal): such a deal opens with a broker of the chosen
intermediary organisation, who then finds it among its deals; deal_sources keeps where it
came from, so deals and their transactions count among the event's or challenge's outcomes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict
from app.core.i18n import N_
from app.deal.schemas import DealCreate
from app.deal.service import DealService
from app.models import Deal, DealSource, User
from app.models.vocabulary import PlatformRole


async def open_sourced_deal(
    session: AsyncSession,
    data: DealCreate,
    broker_organization_id: int,
    *,
    event_id: int | None = None,
    challenge_id: int | None = None,
) -> Deal:
    broker = await session.scalar(
        select(User)
        .where(
            User.organization_id == broker_organization_id,
            User.platform_role == PlatformRole.broker,
            User.is_active.is_(True),
        )
        .order_by(User.id)
        .limit(1)
    )
    if broker is None:
        raise Conflict(N_("The intermediary has no broker account to run the deal."))
    deal = await DealService(session).create(data, broker)
    session.add(DealSource(deal_id=deal.id, event_id=event_id, challenge_id=challenge_id))
    await session.flush()
    return deal
