"""Saved searches: saved through the API, alerted in the app when a matching listing is
published (across languages, filters applied), and e-mailed once a day in a digest."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import MailOutbox, User
from app.models.vocabulary import ListingLanguage, ListingStatus, PlatformRole
from app.saved_search.service import queue_digests
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_offer


async def publish(client: httpx.AsyncClient, staff: User, offer_id: int) -> None:
    response = await client.post(
        f"/api/v1/offers/{offer_id}/publish", headers=await auth_headers(client, staff)
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "published"


async def alerts(client: httpx.AsyncClient, user: User) -> list[str]:
    response = await client.get("/api/v1/notifications", headers=await auth_headers(client, user))
    return [n["title"] for n in response.json()["items"] if n["kind"] == "saved_search_alert"]


async def test_alert_at_publication_and_daily_digest(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    watcher = await make_user(
        session, organization=await make_organization(session), email="theo-doi@giay.vn"
    )
    headers = await auth_headers(client, watcher)
    saved = await client.post(
        "/api/v1/saved-searches",
        json={"name": "Nước thải", "q": "wastewater treatment", "type": "offer", "trl_min": 6},
        headers=headers,
    )
    assert saved.status_code == 201, saved.text
    supplier = await make_organization(session)
    staff = await make_user(session, platform_role=PlatformRole.department)
    matching = await make_offer(
        session,
        supplier,
        status=ListingStatus.draft,
        title="Công nghệ xử lý nước thải làng nghề giấy",
        trl=7,
    )
    too_early = await make_offer(
        session,
        supplier,
        status=ListingStatus.draft,
        title="Xử lý nước thải bằng tảo, thử nghiệm phòng thí nghiệm",
        trl=3,
    )
    unrelated = await make_offer(
        session,
        supplier,
        status=ListingStatus.draft,
        language=ListingLanguage.en,
        title="Arc welding robot cell",
        description="Six-axis welding robot.",
        trl=8,
    )
    for offer in (matching, too_early, unrelated):
        await publish(client, staff, offer.id)

    assert await alerts(client, watcher) == [
        "Tin mới cho tìm kiếm «Nước thải»: Công nghệ xử lý nước thải làng nghề giấy"
    ]
    # Alerts do not e-mail one by one: the digest does, once a day.
    mail = select(MailOutbox).where(MailOutbox.to_address == "theo-doi@giay.vn")
    assert (await session.scalars(mail)).all() == []
    assert await queue_digests(session) == 1
    digest = (await session.scalars(mail)).all()
    assert len(digest) == 1
    assert "Công nghệ xử lý nước thải làng nghề giấy" in digest[0].body
    assert f"/api/v1/offers/{matching.id}" in digest[0].body
    assert await queue_digests(session) == 0  # each hit is sent once


async def test_saved_searches_are_private_and_validated(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, organization=await make_organization(session))
    other = await make_user(session, organization=await make_organization(session))
    mine = await auth_headers(client, owner)
    theirs = await auth_headers(client, other)
    created = await client.post(
        "/api/v1/saved-searches", json={"name": "Robot", "q": "robot hàn"}, headers=mine
    )
    saved_id = created.json()["id"]
    assert (await client.get("/api/v1/saved-searches", headers=theirs)).json() == []
    assert (
        await client.delete(f"/api/v1/saved-searches/{saved_id}", headers=theirs)
    ).status_code == 404
    listed = await client.get("/api/v1/saved-searches", headers=mine)
    assert [s["query"] for s in listed.json()] == ["robot hàn"]

    for bad in (
        {"name": "Tất cả"},  # no words, no filter: would match everything
        {"name": "Lĩnh vực", "field_code": "999999"},
        {"name": "TRL", "q": "robot", "trl_min": 8, "trl_max": 3},
    ):
        response = await client.post("/api/v1/saved-searches", json=bad, headers=mine)
        assert response.status_code == 422, bad
    assert len((await client.get("/api/v1/saved-searches", headers=mine)).json()) == 1
    assert (await client.get("/api/v1/saved-searches")).status_code == 401

    deleted = await client.delete(f"/api/v1/saved-searches/{saved_id}", headers=mine)
    assert deleted.status_code == 204
    assert (await client.get("/api/v1/saved-searches", headers=mine)).json() == []


async def test_a_listing_renewed_after_it_expired_alerts_like_a_new_one(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    watcher = await make_user(session, organization=await make_organization(session))
    saved = await client.post(
        "/api/v1/saved-searches",
        json={"name": "Sấy", "q": "sấy vải thiều"},
        headers=await auth_headers(client, watcher),
    )
    assert saved.status_code == 201, saved.text
    supplier = await make_organization(session)
    owner = await make_user(session, organization=supplier)
    expired = await make_offer(
        session, supplier, status=ListingStatus.expired, title="Lò sấy vải thiều tiết kiệm củi"
    )
    current = await make_offer(session, supplier, title="Máy sấy vải thiều bằng nhiệt mặt trời")
    owner_headers = await auth_headers(client, owner)
    for offer in (expired, current):
        renewed = await client.post(f"/api/v1/offers/{offer.id}/renew", headers=owner_headers)
        assert renewed.status_code == 200, renewed.text
        assert renewed.json()["status"] == "published"

    # Back on the exchange after expiring: alerted. Confirmed while still published: it was
    # never off the exchange, so nothing new to announce.
    assert await alerts(client, watcher) == [
        "Tin mới cho tìm kiếm «Sấy»: Lò sấy vải thiều tiết kiệm củi"
    ]
