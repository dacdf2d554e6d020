"""The daily expiry job: stale listings expire, owners are warned 30 days ahead exactly once,
and renewing moves the expiry."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.config import ListingSettings
from app.listing.expiry import expire_and_warn
from app.listing.service import add_months
from app.models import ListingTransition, Notification, SearchOutbox
from app.models.vocabulary import ListingStatus, NotificationKind, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer


async def _notifications(session: AsyncSession, organization_id: int) -> list[Notification]:
    rows = await session.scalars(
        select(Notification)
        .where(Notification.recipient_organization_id == organization_id)
        .order_by(Notification.id)
    )
    return list(rows)


async def test_stale_listings_expire_with_trail_outbox_and_notice(session: AsyncSession) -> None:
    now = utcnow()
    organization = await make_organization(session)
    stale = await make_offer(session, organization, expires_at=now - timedelta(minutes=1))
    fresh = await make_demand(session, organization, expires_at=now + timedelta(days=200))

    report = await expire_and_warn(session, now)

    assert report.expired == 1
    assert stale.status is ListingStatus.expired and fresh.status is ListingStatus.published
    trail = await session.scalar(
        select(ListingTransition).where(
            ListingTransition.listing_type == "offer", ListingTransition.listing_id == stale.id
        )
    )
    assert trail is not None and trail.actor_id is None
    assert trail.to_status is ListingStatus.expired
    outbox = await session.scalars(select(SearchOutbox).where(SearchOutbox.entity_id == stale.id))
    assert [row.entity_type for row in outbox] == ["offer"]
    kinds = [n.kind for n in await _notifications(session, organization.id)]
    assert kinds == [NotificationKind.listing_expired]
    # Running again the same day changes nothing more.
    assert (await expire_and_warn(session, now)).expired == 0


async def test_owners_are_warned_thirty_days_ahead_exactly_once(session: AsyncSession) -> None:
    now = utcnow()
    organization = await make_organization(session)
    soon = await make_offer(session, organization, expires_at=now + timedelta(days=29))
    await make_demand(session, organization, expires_at=now + timedelta(days=31))

    first = await expire_and_warn(session, now)
    second = await expire_and_warn(session, now + timedelta(hours=12))

    assert (first.warned, second.warned) == (1, 0)
    notices = await _notifications(session, organization.id)
    assert [n.kind for n in notices] == [NotificationKind.listing_expiring]
    assert soon.title in notices[0].title
    assert soon.expiry_warned_at == now
    # The demand 31 days out is warned once it enters the window.
    assert (await expire_and_warn(session, now + timedelta(days=2))).warned == 1


async def test_warning_window_follows_settings(session: AsyncSession) -> None:
    now = utcnow()
    organization = await make_organization(session)
    await make_offer(session, organization, expires_at=now + timedelta(days=50))
    settings = ListingSettings(expiry_warning_days=60)
    assert (await expire_and_warn(session, now, settings)).warned == 1


async def test_renewal_moves_expiry_and_rearms_the_warning(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    now = utcnow()
    organization = await make_organization(session)
    offer = await make_offer(session, organization, expires_at=now + timedelta(days=10))
    await expire_and_warn(session, now)
    assert offer.expiry_warned_at is not None
    member = await make_user(session, organization=organization)

    response = await client.post(
        f"/api/v1/offers/{offer.id}/renew", headers=await auth_headers(client, member)
    )

    assert response.status_code == 200
    await session.refresh(offer)
    assert offer.last_confirmed_at is not None and offer.last_confirmed_at >= now
    assert offer.expires_at is not None
    assert offer.expires_at >= add_months(now, 12) - timedelta(minutes=1)
    assert offer.expiry_warned_at is None


async def test_renewing_an_expired_listing_publishes_it_again(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    demand = await make_demand(session, organization, status=ListingStatus.expired)
    member = await make_user(session, organization=organization)
    assert (await client.get(f"/api/v1/demands/{demand.id}")).status_code == 404
    renewed = await client.post(
        f"/api/v1/demands/{demand.id}/renew", headers=await auth_headers(client, member)
    )
    assert renewed.json()["status"] == "published"
    assert (await client.get(f"/api/v1/demands/{demand.id}")).status_code == 200


async def test_a_published_listing_past_its_date_is_hidden_before_the_job_runs(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization, expires_at=utcnow() - timedelta(seconds=5))
    assert (await client.get(f"/api/v1/offers/{offer.id}")).status_code == 404
    listed = await client.get("/api/v1/offers", params={"organization_id": organization.id})
    assert listed.json()["total"] == 0


async def test_demand_expiry_respects_its_valid_until_date(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    valid_until = (utcnow() + timedelta(days=90)).date()
    demand = await make_demand(
        session, organization, status=ListingStatus.pending_review, valid_until=valid_until
    )
    officer = await make_user(session, platform_role=PlatformRole.department)
    published = await client.post(
        f"/api/v1/demands/{demand.id}/publish", headers=await auth_headers(client, officer)
    )
    assert published.json()["expires_at"].startswith(valid_until.isoformat())


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    start = utcnow().replace(year=2027, month=1, day=31)
    assert add_months(start, 1).date().isoformat() == "2027-02-28"
    assert add_months(start, 12).date().isoformat() == "2028-01-31"


async def test_shortening_a_published_demands_validity_moves_its_expiry(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    demand = await make_demand(session, organization)
    member = await make_user(session, organization=organization)
    headers = await auth_headers(client, member)
    soon = (utcnow() + timedelta(days=10)).date()
    response = await client.patch(
        f"/api/v1/demands/{demand.id}",
        json={"version": demand.version, "valid_until": soon.isoformat()},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["expires_at"].startswith(soon.isoformat())
    past = await client.patch(
        f"/api/v1/demands/{demand.id}",
        json={"version": response.json()["version"], "valid_until": "2020-01-01"},
        headers=headers,
    )
    assert past.status_code == 422 and "in the past" in past.text
