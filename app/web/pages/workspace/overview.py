"""What the workspace's front page and header count: listings, interests waiting for an
answer, unread notifications."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.db import SessionDep
from app.core.pagination import PageParams
from app.interest.repository import InterestRepository
from app.listing.repository import ListingFilters, ListingRepository
from app.models import User
from app.notification.repository import NotificationRepository
from app.web.session import PageUser

_ONE = PageParams(page=1, per_page=1)


@dataclass(frozen=True)
class Overview:
    offers: int
    demands: int
    interests_waiting: int
    unread_notifications: int


async def overview(session: AsyncSession, user: User) -> Overview:
    counts = {}
    for listing_type in ("offer", "demand"):
        _rows, counts[listing_type] = await ListingRepository(session, listing_type).list_visible(
            _ONE, user, utcnow(), ListingFilters(mine=True)
        )
    return Overview(
        offers=counts["offer"],
        demands=counts["demand"],
        interests_waiting=await InterestRepository(session).count_waiting(user),
        unread_notifications=await NotificationRepository(session).unread_count(user),
    )


async def count_unread_notifications(request: Request, user: PageUser, session: SessionDep) -> None:
    """For the header of every page: the signed-in member's unread notifications."""
    request.state.unread_notifications = (
        await NotificationRepository(session).unread_count(user) if user is not None else 0
    )
