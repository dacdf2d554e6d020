"""Queries on expressions of interest: an organisation sees those it sent and those about its
own listings; the department sees all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams
from app.core.roles import is_staff
from app.models import Demand, Interest, Offer, User
from app.models.vocabulary import InterestStatus

Box = Literal["sent", "received", "all"]


def _received_by(organization_id: int) -> ColumnElement[bool]:
    owns_offer = Interest.offer_id.in_(
        select(Offer.id).where(Offer.organization_id == organization_id)
    )
    owns_demand = Interest.demand_id.in_(
        select(Demand.id).where(Demand.organization_id == organization_id)
    )
    return or_(owns_offer, owns_demand)


def _visible(user: User, box: Box) -> ColumnElement[bool]:
    organization_id = user.organization_id
    if box == "all":
        if is_staff(user):
            return true()
        if organization_id is None:
            return false()
        return or_(
            Interest.requester_organization_id == organization_id, _received_by(organization_id)
        )
    if organization_id is None:
        return false()
    if box == "sent":
        return Interest.requester_organization_id == organization_id
    return _received_by(organization_id)


class InterestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, interest_id: int) -> Interest | None:
        return await self.session.get(Interest, interest_id)

    async def pending_from(
        self, organization_id: int, *, offer_id: int | None, demand_id: int | None
    ) -> Interest | None:
        result = await self.session.scalars(
            select(Interest).where(
                Interest.requester_organization_id == organization_id,
                Interest.offer_id.is_(None) if offer_id is None else Interest.offer_id == offer_id,
                Interest.demand_id.is_(None)
                if demand_id is None
                else Interest.demand_id == demand_id,
                Interest.status == InterestStatus.pending,
            )
        )
        return result.first()

    async def count_waiting(self, user: User) -> int:
        """Expressions of interest in the user's organisation's listings still unanswered."""
        count = await self.session.scalar(
            select(func.count())
            .select_from(Interest)
            .where(_visible(user, "received"), Interest.status == InterestStatus.pending)
        )
        return count or 0

    async def list_for(
        self, user: User, box: Box, page: PageParams
    ) -> tuple[Sequence[Interest], int]:
        query = select(Interest).where(_visible(user, box))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Interest.created_at.desc(), Interest.id.desc())
            .offset(page.offset)
            .limit(page.per_page)
        )
        return rows.all(), total or 0
