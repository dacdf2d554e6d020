"""Reminders (run daily: `techex deal-reminders`): tasks due today or overdue, and check-ins
due, each reminded once (the row remembers when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.i18n import N_, written
from app.deal.repository import DealRepository
from app.models import Deal
from app.models.vocabulary import NotificationKind
from app.notification.service import NOTIFICATION_LOCALE, notify


@dataclass(frozen=True)
class ReminderReport:
    tasks: int
    checkins: int


async def send_reminders(session: AsyncSession, today: date) -> ReminderReport:
    repository = DealRepository(session)
    now = utcnow()
    tasks = await repository.due_tasks(today)
    for task in tasks:
        deal = await session.get(Deal, task.deal_id)
        assert deal is not None
        await notify(
            session,
            kind=NotificationKind.deal_task_due,
            # The assignee, or every member of the broker organisation when nobody is.
            user_id=task.assignee_id,
            organization_id=None if task.assignee_id else deal.broker_organization_id,
            title=f"Việc đến hạn {task.due_on:%d/%m/%Y}: {task.title}",
            body=written(
                N_("Deal «%(deal)s»: one of its tasks is due."),
                NOTIFICATION_LOCALE,
                deal=deal.title,
            ),
            link=f"/api/v1/deals/{deal.id}/tasks",
        )
        task.reminded_at = now
    checkins = await repository.due_checkins(today)
    for checkin in checkins:
        deal = await session.get(Deal, checkin.deal_id)
        assert deal is not None
        for organization_id in (deal.supplier_id, deal.recipient_id, deal.broker_organization_id):
            await notify(
                session,
                kind=NotificationKind.deal_checkin_due,
                organization_id=organization_id,
                title=(
                    f"Sau {checkin.days_after_signing} ngày: việc chuyển giao «{deal.title}» "
                    "đã thực hiện chưa?"
                ),
                body=written(
                    N_(
                        "Tell whether the documents, training, experts and machines were "
                        "transferred as agreed."
                    ),
                    NOTIFICATION_LOCALE,
                ),
                link=f"/api/v1/deals/{deal.id}/checkins",
            )
        checkin.reminded_at = now
    await session.flush()
    return ReminderReport(tasks=len(tasks), checkins=len(checkins))
