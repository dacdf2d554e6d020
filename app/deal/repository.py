"""Queries on deals: what a user may see is `visible_to`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams
from app.core.roles import is_staff
from app.models import Deal, DealCheckin, DealEvent, DealNote, DealTask, User
from app.models.vocabulary import DealStage

NOTE_EVENTS = ("note_added",)


def visible_to(user: User) -> ColumnElement[bool]:
    if is_staff(user):
        return true()
    if user.organization_id is None:
        return false()
    organization_id = user.organization_id
    return or_(
        Deal.broker_organization_id == organization_id,
        Deal.supplier_id == organization_id,
        Deal.recipient_id == organization_id,
    )


class DealRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, deal_id: int) -> Deal | None:
        return await self.session.get(Deal, deal_id)

    async def list_visible(
        self, user: User, page: PageParams, stage: DealStage | None
    ) -> tuple[Sequence[Deal], int]:
        query = select(Deal).where(visible_to(user))
        if stage is not None:
            query = query.where(Deal.stage == stage)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Deal.updated_at.desc(), Deal.id.desc())
            .offset(page.offset)
            .limit(page.per_page)
        )
        return rows.all(), total or 0

    async def tasks(self, deal_id: int) -> Sequence[DealTask]:
        rows = await self.session.scalars(
            select(DealTask).where(DealTask.deal_id == deal_id).order_by(DealTask.due_on)
        )
        return rows.all()

    async def task(self, deal_id: int, task_id: int) -> DealTask | None:
        task = await self.session.get(DealTask, task_id)
        return task if task is not None and task.deal_id == deal_id else None

    async def notes(self, deal_id: int) -> Sequence[DealNote]:
        rows = await self.session.scalars(
            select(DealNote).where(DealNote.deal_id == deal_id).order_by(DealNote.id)
        )
        return rows.all()

    async def history(self, deal_id: int, *, with_notes: bool) -> Sequence[DealEvent]:
        query = select(DealEvent).where(DealEvent.deal_id == deal_id)
        if not with_notes:
            query = query.where(DealEvent.action.not_in(NOTE_EVENTS))
        rows = await self.session.scalars(query.order_by(DealEvent.at, DealEvent.id))
        return rows.all()

    async def checkins(self, deal_id: int) -> Sequence[DealCheckin]:
        rows = await self.session.scalars(
            select(DealCheckin)
            .where(DealCheckin.deal_id == deal_id)
            .order_by(DealCheckin.days_after_signing)
        )
        return rows.all()

    async def checkin(self, deal_id: int, checkin_id: int) -> DealCheckin | None:
        checkin = await self.session.get(DealCheckin, checkin_id)
        return checkin if checkin is not None and checkin.deal_id == deal_id else None

    async def due_tasks(self, today: date) -> Sequence[DealTask]:
        rows = await self.session.scalars(
            select(DealTask).where(
                DealTask.due_on <= today,
                DealTask.done_at.is_(None),
                DealTask.reminded_at.is_(None),
            )
        )
        return rows.all()

    async def due_checkins(self, today: date) -> Sequence[DealCheckin]:
        rows = await self.session.scalars(
            select(DealCheckin).where(
                DealCheckin.due_on <= today,
                DealCheckin.answered_at.is_(None),
                DealCheckin.reminded_at.is_(None),
            )
        )
        return rows.all()
