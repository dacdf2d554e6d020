from __future__ import annotations

from fastapi import APIRouter

from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.notification.repository import NotificationRepository
from app.notification.schemas import NotificationRead
from app.notification.service import mark_read

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("", response_model=Page[NotificationRead], summary="My notifications, newest first")
async def list_notifications(
    user: CurrentUser, session: SessionDep, page: PageDep, unread: bool = False
) -> Page[NotificationRead]:
    rows, total = await NotificationRepository(session).list_for(user, page, unread_only=unread)
    return Page.of([NotificationRead.model_validate(n) for n in rows], total, page)


@router.post("/{notification_id}/read", response_model=NotificationRead, summary="Mark one as read")
async def read_notification(
    notification_id: int, user: CurrentUser, session: SessionDep
) -> NotificationRead:
    return NotificationRead.model_validate(await mark_read(session, notification_id, user))
