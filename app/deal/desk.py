"""The broker's desk: the tasks that are due (its suggestions are matching's:
app/matching/desk.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Deal, DealTask, User
from app.models.vocabulary import DealStage
from app.organization.auth import require_broker


@dataclass(frozen=True)
class DueTask:
    task: DealTask
    deal: Deal

    def is_overdue(self, today: date) -> bool:
        return self.task.due_on < today


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
