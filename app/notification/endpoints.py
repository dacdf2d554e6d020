from __future__ import annotations

import asyncio
from dataclasses import asdict

from fastapi import APIRouter

from app.auth.dependencies import AdminUser, CurrentUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.pagination import Page, PageDep
from app.core.validation import Id
from app.notification.mailbox import list_mail, read_mail
from app.notification.repository import NotificationRepository
from app.notification.schemas import NotificationRead, StoredMailRead, StoredMailSummary
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
    notification_id: Id, user: CurrentUser, session: SessionDep
) -> NotificationRead:
    return NotificationRead.model_validate(await mark_read(session, notification_id, user))


@router.get(
    "/mailbox",
    response_model=Page[StoredMailSummary],
    summary="E-mail kept in the local mailbox folder when no SMTP server is set (admins)",
)
async def list_mailbox(
    admin: AdminUser, settings: SettingsDep, page: PageDep
) -> Page[StoredMailSummary]:
    mails, total = await asyncio.to_thread(
        list_mail, settings.mailbox_dir, page.offset, page.per_page
    )
    return Page.of([StoredMailSummary(**asdict(mail)) for mail in mails], total, page)


@router.get(
    "/mailbox/{key}", response_model=StoredMailRead, summary="One e-mail of the mailbox (admins)"
)
async def read_mailbox_message(key: str, admin: AdminUser, settings: SettingsDep) -> StoredMailRead:
    mail = await asyncio.to_thread(read_mail, settings.mailbox_dir, key)
    return StoredMailRead(**asdict(mail))
