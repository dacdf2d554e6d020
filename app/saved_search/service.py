"""Saved searches: kept per user; each newly published listing is checked against them all
(in-app alert at once, e-mail in the daily digest `techex saved-search-digest`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.errors import NotFound
from app.core.i18n import N_, written
from app.listing.kinds import Listing, link, listing_type_of
from app.listing.search_documents import build_search_document
from app.models import MailOutbox, SavedSearch, SavedSearchHit, User
from app.models.vocabulary import NotificationKind
from app.notification.service import NOTIFICATION_LOCALE, notify
from app.saved_search.matcher import filters_match, text_matches
from app.saved_search.schemas import SavedSearchCreate
from app.search.glossary import Glossary, load_glossary

MAX_SAVED_PER_USER = 50


async def create(session: AsyncSession, data: SavedSearchCreate, user: User) -> SavedSearch:
    saved = SavedSearch(user_id=user.id, name=data.name, query=data.q, filters=data.filters())
    session.add(saved)
    await session.flush()
    return saved


async def mine(session: AsyncSession, user: User) -> Sequence[SavedSearch]:
    rows = await session.scalars(
        select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id)
    )
    return rows.all()


async def delete(session: AsyncSession, saved_id: int, user: User) -> None:
    saved = await session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != user.id:
        raise NotFound(
            N_("Saved search %(saved_id)s does not exist or is not yours."), saved_id=saved_id
        )
    await session.delete(saved)
    await session.flush()


async def alert_saved_searches(
    session: AsyncSession, listing: Listing, glossary: Glossary | None = None
) -> int:
    """Alert the owners of the saved searches this newly published listing answers."""
    glossary = glossary or load_glossary()
    document = build_search_document(listing)  # public values only
    rows = await session.execute(
        select(SavedSearch, User)
        .join(User, User.id == SavedSearch.user_id)
        .where(User.is_active.is_(True))
    )
    alerted = 0
    for saved, owner in rows.all():
        if owner.organization_id == listing.organization_id:
            continue  # one's own listings are no news
        if not filters_match(saved.filters, document):
            continue
        if not text_matches(saved.query, document, glossary):
            continue
        session.add(
            SavedSearchHit(
                saved_search_id=saved.id,
                listing_type=listing_type_of(listing),
                listing_id=listing.id,
                title=listing.title,
            )
        )
        await notify(
            session,
            kind=NotificationKind.saved_search_alert,
            user_id=owner.id,
            title=f"Tin mới cho tìm kiếm «{saved.name}»: {listing.title}",
            body=written(N_("A new listing matches your saved search."), NOTIFICATION_LOCALE),
            link=link(listing),
            email=False,  # e-mail comes once a day, in the digest
        )
        alerted += 1
    await session.flush()
    return alerted


async def queue_digests(session: AsyncSession, now: datetime | None = None) -> int:
    """One e-mail per user with every hit not yet sent; returns the number of e-mails."""
    now = now or utcnow()
    rows = await session.execute(
        select(SavedSearchHit, SavedSearch, User)
        .join(SavedSearch, SavedSearch.id == SavedSearchHit.saved_search_id)
        .join(User, User.id == SavedSearch.user_id)
        .where(SavedSearchHit.digested_at.is_(None), User.is_active.is_(True))
        .order_by(User.id, SavedSearch.id, SavedSearchHit.id)
    )
    by_user: dict[str, list[str]] = defaultdict(list)
    for hit, saved, user in rows.all():
        by_user[user.email].append(
            f"- [{saved.name}] {hit.title}: /api/v1/{hit.listing_type}s/{hit.listing_id}"
        )
        hit.digested_at = now
    for address, lines in by_user.items():
        session.add(
            MailOutbox(
                to_address=address,
                subject=f"Tin mới cho tìm kiếm đã lưu ({len(lines)}) / New listings for you",
                body="Tin mới phù hợp với các tìm kiếm bạn đã lưu:\n\n" + "\n".join(lines),
            )
        )
    await session.flush()
    return len(by_user)
