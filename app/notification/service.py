"""In-app notifications, each with its e-mail copy queued in the mail outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.errors import NotFound
from app.core.i18n import DEFAULT_LOCALE, N_
from app.models import Notification, User
from app.models.vocabulary import NotificationKind
from app.notification.mail import enqueue_mail
from app.notification.repository import NotificationRepository

# The language notifications and their e-mails are written in: the product's, as long as
# members have no language of their own. Callers write marked messages (N_) with
# `written(message, NOTIFICATION_LOCALE, **params)`, one language per notification.
NOTIFICATION_LOCALE = DEFAULT_LOCALE


async def notify(
    session: AsyncSession,
    *,
    kind: NotificationKind,
    title: str,
    body: str,
    organization_id: int | None = None,
    user_id: int | None = None,
    link: str | None = None,
    email: bool = True,
) -> Notification:
    """Address a user, an organisation (every member sees it), or both."""
    if organization_id is None and user_id is None:
        raise ValueError("a notification needs a recipient organisation or user")
    notification = Notification(
        kind=kind,
        title=title,
        body=body,
        link=link,
        recipient_organization_id=organization_id,
        recipient_user_id=user_id,
    )
    session.add(notification)
    await session.flush()
    if email:  # the e-mail copy, in this same transaction (app/notification/mail.py)
        await enqueue_mail(session, notification)
    return notification


async def mark_read(session: AsyncSession, notification_id: int, user: User) -> Notification:
    notification = await NotificationRepository(session).get_for(notification_id, user)
    if notification is None:
        raise NotFound(
            N_("Notification %(notification_id)s does not exist or is not yours."),
            notification_id=notification_id,
        )
    if notification.read_at is None:
        notification.read_at = utcnow()
        await session.flush()
    return notification
