"""The search documents of listings (app.search.documents.SearchDocument), for the outbox
worker and `techex reindex`.

Only published, unexpired listings have one. Confidential values never go in: no price or
budget amounts at all, and no owner name, type or commune for anonymous listings (a filter or
a facet on them would single the owner out).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.listing.auth import is_public
from app.listing.kinds import LISTING_MODELS, Listing, ListingType
from app.listing.repository import ListingRepository
from app.models import Offer
from app.reference.countries import VIETNAM
from app.reference.fields import load_fields
from app.search.documents import SearchDocument


async def load_search_document(
    session: AsyncSession, entity_type: str, entity_id: int
) -> SearchDocument | None:
    """The document to index, or None: remove the entity from the index. `entity_type` is
    the outbox row's ("offer" or "demand")."""
    if entity_type not in LISTING_MODELS:
        raise ValueError(f"unknown search entity type {entity_type!r}")
    listing_type: ListingType = "offer" if entity_type == "offer" else "demand"
    listing = await ListingRepository(session, listing_type).get(entity_id)
    if listing is None or not is_public(listing, utcnow()):
        return None
    return build_search_document(listing)


async def iter_search_documents(
    session: AsyncSession, batch_size: int = 500
) -> AsyncIterator[SearchDocument]:
    """Every searchable listing, offers then demands, in id order (keyset pagination)."""
    now = utcnow()
    listing_types: tuple[ListingType, ...] = ("offer", "demand")
    for listing_type in listing_types:
        repository = ListingRepository(session, listing_type)
        after_id = 0
        while True:
            batch = await repository.searchable(now, after_id, batch_size)
            if not batch:
                break
            for listing in batch:
                yield build_search_document(listing)
            after_id = batch[-1].id


def field_code_path(code: str | None) -> list[str]:
    """The code and its ancestors: "20701" → ["2", "207", "20701"]."""
    fields = load_fields()
    path: list[str] = []
    while code is not None and code in fields:
        path.insert(0, code)
        code = fields[code].parent_code
    return path


def _join(*parts: str | None) -> str:
    return "\n\n".join(part for part in parts if part)


def build_search_document(listing: Listing) -> SearchDocument:
    organization = listing.organization
    owner_visible = not listing.anonymous
    assert listing.published_at is not None
    document = SearchDocument(
        id=f"demand-{listing.id}",
        type="demand",
        listing_id=listing.id,
        title=listing.title,
        title_en=None,
        summary="",
        body="",
        keywords=list(listing.keywords),
        field_code=listing.field_code,
        field_codes=field_code_path(listing.field_code),
        offer_kind=None,
        trl=None,
        ip_type=None,
        origin_country=None,
        origin=None,
        organization_type=str(organization.type) if owner_visible else None,
        organization_name=organization.name if owner_visible else None,
        price_mode=None,
        commune_code=None,
        published_at=listing.published_at.isoformat(),
        expires_at=listing.expires_at.isoformat() if listing.expires_at else None,
    )
    if isinstance(listing, Offer):
        document["id"] = f"offer-{listing.id}"
        document["type"] = "offer"
        document["title_en"] = listing.title_en
        document["summary"] = listing.summary or listing.summary_en or ""
        document["body"] = _join(
            listing.summary_en, listing.description, listing.advantages, listing.applications
        )
        document["offer_kind"] = str(listing.kind)
        document["trl"] = listing.trl
        document["ip_type"] = str(listing.ip_type) if listing.ip_type else None
        document["origin_country"] = listing.origin_country
        document["origin"] = "domestic" if listing.origin_country == VIETNAM else "foreign"
        document["price_mode"] = str(listing.price_mode)
        # The organisation's commune would point at an anonymous owner.
        document["commune_code"] = organization.commune_code if owner_visible else None
    else:
        document["summary"] = listing.problem or ""
        document["body"] = _join(listing.expected_result, listing.technical_requirements)
        document["trl"] = listing.min_trl
        document["commune_code"] = listing.commune_code
    return document


class ListingDocumentSource:
    """The listing domain as the search worker and `techex reindex` see it
    (an ``app.search.sources.DocumentSource``)."""

    async def load_search_document(
        self, session: AsyncSession, entity_type: str, entity_id: int
    ) -> SearchDocument | None:
        return await load_search_document(session, entity_type, entity_id)

    async def iter_search_documents(
        self, session: AsyncSession, batch_size: int = 500
    ) -> AsyncIterator[SearchDocument]:
        async for document in iter_search_documents(session, batch_size):
            yield document
