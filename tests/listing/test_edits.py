"""Versioned edits: a stale edit gets 409 and changes nothing; bad input changes nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import SearchOutbox
from app.models.vocabulary import ListingStatus
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer


@pytest.mark.parametrize("listing_type", ["offer", "demand"])
async def test_stale_edit_gets_409_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, listing_type: str
) -> None:
    organization = await make_organization(session)
    make = make_offer if listing_type == "offer" else make_demand
    listing = await make(session, organization, status=ListingStatus.draft)
    alice = await auth_headers(client, await make_user(session, organization=organization))
    bob = await auth_headers(client, await make_user(session, organization=organization))
    url = f"/api/v1/{listing_type}s/{listing.id}"
    read = (await client.get(url, headers=alice)).json()

    first = await client.patch(
        url, json={"version": read["version"], "title": "Tiêu đề của Bình"}, headers=bob
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == read["version"] + 1

    stale = await client.patch(
        url,
        json={"version": read["version"], "title": "Tiêu đề của An", "keywords": ["an"]},
        headers=alice,
    )
    assert stale.status_code == 409
    assert "Reload" in stale.json()["detail"]
    now = (await client.get(url, headers=alice)).json()
    assert now["title"] == "Tiêu đề của Bình" and now["keywords"] == []
    assert now["version"] == read["version"] + 1


async def test_patch_without_version_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization, status=ListingStatus.draft)
    headers = await auth_headers(client, await make_user(session, organization=organization))
    response = await client.patch(
        f"/api/v1/offers/{offer.id}", json={"title": "x y z"}, headers=headers
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"field_code": "99999"}, "S&T field"),
        ({"trl": 12}, "trl"),
        ({"price_mode": "range", "price_min_vnd": 5}, "price range"),
        ({"price_min_vnd": 9, "price_max_vnd": 1}, "swap"),
        ({"origin_country": "XX"}, "ISO 3166"),
        ({"title": None}, "title"),
    ],
)
async def test_bad_edits_say_what_to_fix_and_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, object], message: str
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization, status=ListingStatus.draft)
    headers = await auth_headers(client, await make_user(session, organization=organization))
    url = f"/api/v1/offers/{offer.id}"
    before = (await client.get(url, headers=headers)).json()
    response = await client.patch(url, json={"version": before["version"], **body}, headers=headers)
    assert response.status_code == 422
    assert message in response.text
    assert (await client.get(url, headers=headers)).json() == before


async def test_editing_a_published_listing_updates_the_search_outbox(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization)
    headers = await auth_headers(client, await make_user(session, organization=organization))
    response = await client.patch(
        f"/api/v1/offers/{offer.id}",
        json={"version": offer.version, "summary": "Công suất 50 m3/ngày"},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    rows = await session.scalars(
        select(SearchOutbox).where(
            SearchOutbox.entity_type == "offer", SearchOutbox.entity_id == offer.id
        )
    )
    assert len(rows.all()) == 1


async def test_outsiders_cannot_edit(client: httpx.AsyncClient, session: AsyncSession) -> None:
    offer = await make_offer(session, await make_organization(session))
    outsider = await make_user(session, organization=await make_organization(session))
    response = await client.patch(
        f"/api/v1/offers/{offer.id}",
        json={"version": offer.version, "title": "Chiếm quyền"},
        headers=await auth_headers(client, outsider),
    )
    assert response.status_code == 403


async def test_demand_accepts_description_as_the_problem(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    member = await make_user(session, organization=await make_organization(session))
    response = await client.post(
        "/api/v1/demands",
        json={
            "title": "Cần dây chuyền chiết rót nước mắm",
            "description": "Tự động hóa chiết rót, 2.000 chai/giờ.",
            "field_code": "2",
            "budget_min_vnd": 500_000_000,
            "budget_max_vnd": 900_000_000,
            "commune_code": "09454",
            "preferred_forms": ["equipment_sale"],
        },
        headers=await auth_headers(client, member),
    )
    assert response.status_code == 201, response.text
    assert response.json()["problem"] == "Tự động hóa chiết rót, 2.000 chai/giờ."
    assert response.json()["description"] == response.json()["problem"]
    assert response.json()["preferred_forms"] == ["equipment_sale"]


async def test_contact_person_is_a_member_shown_to_signed_in_users(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    owner = await make_user(session, organization=organization)
    colleague = await make_user(session, organization=organization)
    stranger = await make_user(session, organization=await make_organization(session))
    offer = await make_offer(session, organization)
    headers = await auth_headers(client, owner)
    url = f"/api/v1/offers/{offer.id}"
    refused = await client.patch(
        url, json={"version": offer.version, "contact_user_id": stranger.id}, headers=headers
    )
    assert refused.status_code == 422
    changed = await client.patch(
        url, json={"version": offer.version, "contact_user_id": colleague.id}, headers=headers
    )
    assert changed.json()["contact"]["email"] == colleague.email
    stranger_view = await client.get(url, headers=await auth_headers(client, stranger))
    assert stranger_view.json()["contact"]["email"] == colleague.email
    assert (await client.get(url)).json()["contact"] is None
    await session.refresh(offer)
    offer.anonymous = True
    await session.flush()
    stranger_view = await client.get(url, headers=await auth_headers(client, stranger))
    assert stranger_view.json()["contact"] is None
    assert colleague.email not in stranger_view.text
