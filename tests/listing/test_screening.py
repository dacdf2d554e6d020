"""Screening against the restricted/prohibited technology lists (Nghị định 76/2018 data, rows
seeded by the migration)."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.screening import load_items, screen
from app.models.vocabulary import ListingStatus, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_offer


async def test_the_seeded_lists_have_both_kinds_for_every_direction(
    session: AsyncSession,
) -> None:
    items = await load_items(session)
    kinds = {(item.list_kind, direction) for item in items for direction in item.directions}
    assert kinds == {
        (kind, direction)
        for kind in ("restricted", "prohibited")
        for direction in ("inbound", "domestic", "outbound")
    }
    assert all(item.patterns for item in items)


async def test_keywords_match_folded_whole_words_only(session: AsyncSession) -> None:
    items = await load_items(session)
    hits = screen(["Bán dây chuyền sản xuất DONG CO HAI KY cho xe máy"], ["domestic"], items)
    assert [hit.code for hit in hits] == ["PLIII-A-07"]
    assert hits[0].list_kind == "prohibited"
    assert screen(["tấm lợp không chứa amiăngxyz"], ["domestic"], items) == []
    assert screen(["xử lý nước thải"], ["domestic", "inbound", "outbound"], items) == []


async def test_directions_decide_which_lists_apply(session: AsyncSession) -> None:
    items = await load_items(session)
    text = ["Bí quyết gia truyền đúc đồng Đại Bái"]
    assert [hit.code for hit in screen(text, ["outbound"], items)] == ["PLII-B-01"]
    assert screen(text, ["inbound"], items) == []


async def test_restricted_hit_goes_to_review_with_the_item_shown(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(
        session,
        organization,
        status=ListingStatus.draft,
        description="Tấm lợp fibro xi măng sử dụng amiăng trắng, năng suất cao.",
    )
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)

    direct = await client.post(f"/api/v1/offers/{offer.id}/publish", headers=headers)
    assert direct.status_code == 200
    assert direct.json()["status"] == "pending_review"
    assert direct.json()["screening_hits"][0]["code"] == "PLII-A-01"
    queue = (await client.get("/api/v1/moderation/queue", headers=headers)).json()["items"]
    item = next(i for i in queue if i["type"] == "offer" and i["id"] == offer.id)
    assert item["screening_hits"][0]["name"].startswith("Công nghệ sản xuất tấm lợp")
    assert item["prohibited"] is False
    assert (await client.get(f"/api/v1/offers/{offer.id}")).status_code == 404

    # Having seen the hit, the reviewer may publish a restricted technology.
    reviewed = await client.post(f"/api/v1/offers/{offer.id}/publish", headers=headers)
    assert reviewed.json()["status"] == "published"


async def test_prohibited_hit_can_never_be_published(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(
        session, organization, status=ListingStatus.draft, title="Dây chuyền xi măng lò đứng"
    )
    member = await make_user(session, organization=organization)
    officer = await make_user(session, platform_role=PlatformRole.department)
    submitted = await client.post(
        f"/api/v1/offers/{offer.id}/submit", headers=await auth_headers(client, member)
    )
    assert submitted.json()["status"] == "pending_review"
    assert submitted.json()["screening_hits"][0]["list_kind"] == "prohibited"
    headers = await auth_headers(client, officer)
    queue = (await client.get("/api/v1/moderation/queue", headers=headers)).json()["items"]
    assert next(i for i in queue if i["id"] == offer.id and i["type"] == "offer")["prohibited"]
    refused = await client.post(f"/api/v1/offers/{offer.id}/publish", headers=headers)
    assert refused.status_code == 409
    assert "prohibited" in refused.json()["detail"]
    await session.refresh(offer)
    assert offer.status is ListingStatus.pending_review


async def test_editing_a_published_listing_into_a_hit_sends_it_back_to_review(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization)
    member = await make_user(session, organization=organization)
    response = await client.patch(
        f"/api/v1/offers/{offer.id}",
        json={"version": offer.version, "keywords": ["phá sóng"]},
        headers=await auth_headers(client, member),
    )
    assert response.json()["status"] == "pending_review"
    assert (await client.get(f"/api/v1/offers/{offer.id}")).status_code == 404
