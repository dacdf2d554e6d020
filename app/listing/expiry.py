"""The daily job: expire listings past their date and warn owners ahead, exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import ListingSettings, get_settings
from app.listing.kinds import LABELS_VI, ListingType, link
from app.listing.repository import ListingRepository
from app.listing.service import record_transition
from app.models.vocabulary import ListingStatus, NotificationKind
from app.notification.service import notify
from app.search.outbox import enqueue_search_update


@dataclass(frozen=True)
class ExpiryReport:
    expired: int
    warned: int


async def expire_and_warn(
    session: AsyncSession, now: datetime, settings: ListingSettings | None = None
) -> ExpiryReport:
    """Safe to run any number of times a day: a listing expires once, and its owner is warned
    once per publication period (renewing clears the warning)."""
    settings = settings or get_settings().listing
    horizon = now + timedelta(days=settings.expiry_warning_days)
    expired = warned = 0
    listing_types: tuple[ListingType, ...] = ("offer", "demand")
    for listing_type in listing_types:
        repository = ListingRepository(session, listing_type)
        for listing in await repository.due_to_expire(now):
            session.add(
                record_transition(
                    listing,
                    ListingStatus.published,
                    ListingStatus.expired,
                    actor_id=None,
                    reason="validity period ended",
                    at=now,
                )
            )
            listing.status = ListingStatus.expired
            await enqueue_search_update(session, listing_type, listing.id)
            await notify(
                session,
                kind=NotificationKind.listing_expired,
                organization_id=listing.organization_id,
                title=f"Tin {LABELS_VI[listing_type]} đã hết hạn: {listing.title}",
                body="Tin không còn hiển thị công khai. Gia hạn nếu công nghệ vẫn sẵn sàng.",
                link=link(listing),
            )
            expired += 1
        for listing in await repository.due_for_warning(now, horizon):
            assert listing.expires_at is not None
            listing.expiry_warned_at = now
            await notify(
                session,
                kind=NotificationKind.listing_expiring,
                organization_id=listing.organization_id,
                title=f"Tin {LABELS_VI[listing_type]} sắp hết hạn: {listing.title}",
                body=(
                    f"Tin sẽ hết hạn ngày {listing.expires_at:%d/%m/%Y}. "
                    "Xác nhận tin còn hiệu lực (gia hạn) để tiếp tục hiển thị."
                ),
                link=link(listing),
            )
            warned += 1
    await session.flush()
    return ExpiryReport(expired=expired, warned=warned)
