"""All queries on users."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams
from app.models import User
from app.models.vocabulary import PlatformRole


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def get_by_email(self, email: str) -> User | None:
        result = await self.session.execute(select(User).where(User.email == email))
        return result.scalar_one_or_none()

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def list(
        self,
        page: PageParams,
        *,
        organization_id: int | None = None,
        platform_role: PlatformRole | None = None,
        email_contains: str | None = None,
    ) -> tuple[Sequence[User], int]:
        query = select(User)
        if organization_id is not None:
            query = query.where(User.organization_id == organization_id)
        if platform_role is not None:
            query = query.where(User.platform_role == platform_role)
        if email_contains:
            query = query.where(User.email.contains(email_contains.lower()))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(User.id).offset(page.offset).limit(page.per_page)
        )
        return rows.all(), total or 0
