"""The demo catalogue loader, on a small fixture catalogue in the real format."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.demo.listings import seed_listings
from app.listing.search_documents import load_search_document
from app.models import Demand, ListingTransition, Offer, Organization
from app.models.vocabulary import ListingLanguage, ListingStatus
from tests.factories import make_organization

FIXTURE = Path(__file__).parent / "catalogue_fixture"


async def _world(session: AsyncSession) -> dict[str, Organization]:
    return {"dongdaibai": await make_organization(session, name="Đúc đồng Đại Bái (thử)")}


async def test_catalogue_is_loaded_in_its_states_and_twice_adds_nothing(
    session: AsyncSession,
) -> None:
    organizations = await _world(session)
    lines = await seed_listings(session, organizations, catalogue_dir=FIXTURE)
    assert lines == [
        "Catalogue organisations: 2 created.",
        "Offers: 3 created; demands: 1 created.",
    ]
    assert organizations["test_osaka"].country == "JP"

    offers = {
        o.external_ref: o
        for o in await session.scalars(select(Offer).where(Offer.external_ref.like("T-O-%")))
    }
    published, expired, rejected = offers["T-O-1"], offers["T-O-2"], offers["T-O-3"]
    now = utcnow()
    assert published.status is ListingStatus.published
    assert published.published_at is not None and published.published_at < now
    assert published.expires_at is not None and published.expires_at > now
    assert published.price_hidden and published.price_min_vnd == 800_000_000
    assert expired.status is ListingStatus.expired
    assert expired.expires_at is not None and expired.expires_at < now
    assert expired.language is ListingLanguage.en
    assert expired.title == "Servo press for bronze casting moulds"
    assert rejected.rejection_reason == "Bổ sung ảnh sản phẩm." and rejected.anonymous
    trail = (
        await session.scalars(
            select(ListingTransition.to_status)
            .where(
                ListingTransition.listing_type == "offer",
                ListingTransition.listing_id == expired.id,
            )
            .order_by(ListingTransition.at, ListingTransition.id)
        )
    ).all()
    assert trail == ["draft", "pending_review", "published", "expired"]

    demand = await session.scalar(select(Demand).where(Demand.external_ref == "T-D-1"))
    assert demand is not None and demand.status is ListingStatus.published
    assert demand.valid_until is not None and demand.valid_until > now.date()
    document = await load_search_document(session, "demand", demand.id)
    assert document is not None and "1000000000" not in str(document)

    world_only = {"dongdaibai": organizations["dongdaibai"]}
    repeat = await seed_listings(session, world_only, catalogue_dir=FIXTURE)
    assert repeat == [
        "Catalogue organisations: 0 created.",
        "Offers: 0 created; demands: 0 created.",
    ]
