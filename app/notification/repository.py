"""Queries on notifications: a user sees those addressed to them or to their organisation."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams
from app.models import Notification, User


def _addressed_to(user: User) -> ColumnElement[bool]:
    clause = Notification.recipient_user_id == user.id
    if user.organization_id is not None:
        clause = or_(clause, Notification.recipient_organization_id == user.organization_id)
    return clause


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_for(self, notification_id: int, user: User) -> Notification | None:
        result = await self.session.scalars(
            select(Notification).where(Notification.id == notification_id, _addressed_to(user))
        )
        return result.one_or_none()

    async def unread_count(self, user: User) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(_addressed_to(user), Notification.read_at.is_(None))
        )
        return count or 0

    async def list_for(
        self, user: User, page: PageParams, *, unread_only: bool
    ) -> tuple[Sequence[Notification], int]:
        query = select(Notification).where(_addressed_to(user))
        if unread_only:
            query = query.where(Notification.read_at.is_(None))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Notification.created_at.desc(), Notification.id.desc())
            .offset(page.offset)
            .limit(page.per_page)
        )
        return rows.all(), total or 0
