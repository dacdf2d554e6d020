"""Every query on the technology lists."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams
from app.models import TechnologyListEvent, TechnologyListItem
from app.models.vocabulary import TechnologyListKind


class TechnologyListRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all_items(self) -> Sequence[TechnologyListItem]:
        """Every item, in the lists' order (prohibited first, then by code): what screening
        reads."""
        rows = await self.session.scalars(
            select(TechnologyListItem).order_by(
                TechnologyListItem.list_kind, TechnologyListItem.code
            )
        )
        return rows.all()

    async def list_items(
        self,
        page: PageParams,
        *,
        list_kind: TechnologyListKind | None = None,
        text: str | None = None,
    ) -> tuple[Sequence[TechnologyListItem], int]:
        query = select(TechnologyListItem)
        if list_kind is not None:
            query = query.where(TechnologyListItem.list_kind == list_kind)
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(
                or_(
                    func.lower(TechnologyListItem.code).like(pattern),
                    func.lower(TechnologyListItem.name).like(pattern),
                    func.lower(TechnologyListItem.sector).like(pattern),
                )
            )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(TechnologyListItem.list_kind, TechnologyListItem.code)
            .offset(page.offset)
            .limit(page.per_page)
        )
        return rows.all(), total or 0

    async def get(self, item_id: int) -> TechnologyListItem | None:
        return await self.session.get(TechnologyListItem, item_id)

    async def get_by_code(self, code: str) -> TechnologyListItem | None:
        return await self.session.scalar(
            select(TechnologyListItem).where(TechnologyListItem.code == code)
        )

    async def events(self, item_id: int | None = None) -> Sequence[TechnologyListEvent]:
        """The audit trail, newest first: of one item, or of the whole lists."""
        query = select(TechnologyListEvent)
        if item_id is not None:
            query = query.where(TechnologyListEvent.item_id == item_id)
        rows = await self.session.scalars(
            query.order_by(TechnologyListEvent.at.desc(), TechnologyListEvent.id.desc()).limit(500)
        )
        return rows.all()
