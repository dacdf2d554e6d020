"""Anonymous owners, hidden prices and confidential budgets stay hidden on every read path:
detail, lists, search documents (the import report has its own test in test_import.py)."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.listing.search_documents import iter_search_documents, load_search_document
from app.models import Organization, User
from app.models.vocabulary import ListingStatus, OrganizationType, PlatformRole, PriceMode
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer

SECRET_PRICE = 987_654_321
SECRET_BUDGET = 123_456_789
OWNER_NAME = "Công ty TNHH Đúc Đồng Bí Mật Đại Bái"


async def _secret_world(session: AsyncSession) -> tuple[Organization, int, int]:
    owner = await make_organization(session, name=OWNER_NAME, commune_code="09454")
    offer = await make_offer(
        session,
        owner,
        anonymous=True,
        price_mode=PriceMode.fixed,
        price_min_vnd=SECRET_PRICE,
        price_hidden=True,
    )
    demand = await make_demand(
        session,
        owner,
        anonymous=True,
        budget_min_vnd=SECRET_BUDGET,
        budget_max_vnd=SECRET_BUDGET + 1,
        budget_confidential=True,
    )
    return owner, offer.id, demand.id


def _leaks(text: str) -> list[str]:
    secrets = (str(SECRET_PRICE), str(SECRET_BUDGET), str(SECRET_BUDGET + 1), OWNER_NAME)
    return [secret for secret in secrets if secret in text]


async def _viewers(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, dict[str, str]]:
    outsider = await make_user(session, organization=await make_organization(session))
    broker = await make_user(session, platform_role=PlatformRole.broker)
    return {
        "public": {},
        "outsider": await auth_headers(client, outsider),
        "broker": await auth_headers(client, broker),
    }


async def test_outsiders_never_see_the_secrets_in_detail_or_lists(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, offer_id, demand_id = await _secret_world(session)
    for who, headers in (await _viewers(client, session)).items():
        responses = [
            await client.get(f"/api/v1/offers/{offer_id}", headers=headers),
            await client.get(f"/api/v1/demands/{demand_id}", headers=headers),
            await client.get("/api/v1/offers", params={"per_page": 100}, headers=headers),
            await client.get("/api/v1/demands", params={"per_page": 100}, headers=headers),
        ]
        for response in responses:
            assert response.status_code == 200, (who, response.text)
            assert _leaks(response.text) == [], who
        offer = responses[0].json()
        assert offer["organization"] is None and offer["price_hidden"] is True
        assert offer["price_min_vnd"] is None and offer["price_mode"] == "fixed"
        demand = responses[1].json()
        assert demand["budget_min_vnd"] is None and demand["budget_confidential"] is True


async def test_filtering_by_organisation_does_not_unmask_anonymous_listings(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, _, _ = await _secret_world(session)
    for path in ("/api/v1/offers", "/api/v1/demands"):
        response = await client.get(path, params={"organization_id": owner.id})
        assert response.json()["total"] == 0


@pytest.mark.parametrize("who", ["member", "department", "admin"])
async def test_owner_and_staff_see_everything(
    client: httpx.AsyncClient, session: AsyncSession, who: str
) -> None:
    owner, offer_id, demand_id = await _secret_world(session)
    user: User
    if who == "member":
        user = await make_user(session, organization=owner)
    else:
        user = await make_user(session, platform_role=PlatformRole(who))
    headers = await auth_headers(client, user)
    offer = (await client.get(f"/api/v1/offers/{offer_id}", headers=headers)).json()
    demand = (await client.get(f"/api/v1/demands/{demand_id}", headers=headers)).json()
    assert offer["organization"]["name"] == OWNER_NAME
    assert offer["price_min_vnd"] == SECRET_PRICE
    assert demand["budget_min_vnd"] == SECRET_BUDGET


async def test_search_documents_carry_no_secrets(session: AsyncSession) -> None:
    _, offer_id, demand_id = await _secret_world(session)
    offer_doc = await load_search_document(session, "offer", offer_id)
    demand_doc = await load_search_document(session, "demand", demand_id)
    assert offer_doc is not None and demand_doc is not None
    assert offer_doc["organization_name"] is None and offer_doc["commune_code"] is None
    assert offer_doc["organization_type"] is None
    assert demand_doc["organization_name"] is None and demand_doc["organization_type"] is None
    everything = [doc async for doc in iter_search_documents(session, batch_size=1)]
    assert {offer_doc["id"], demand_doc["id"]} <= {doc["id"] for doc in everything}
    assert _leaks(json.dumps(everything, ensure_ascii=False)) == []


async def test_search_neither_filters_nor_counts_the_owner_type_of_anonymous_listings(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    inventor = await make_organization(session, type=OrganizationType.individual)
    named = await make_offer(session, inventor, title="Máy tách hạt sen cải tiến")
    hidden = await make_offer(session, inventor, title="Máy tách hạt sen tự động", anonymous=True)
    engine = app.state.search_engine
    await engine.clear()
    documents = [await load_search_document(session, "offer", o.id) for o in (named, hidden)]
    await engine.apply([d for d in documents if d is not None], [])
    try:
        response = await client.get(
            "/api/v1/search", params={"q": "tách hạt sen", "organization_type": "individual"}
        )
        assert [item["id"] for item in response.json()["items"]] == [named.id]
        response = await client.get("/api/v1/search", params={"q": "tách hạt sen"})
        body = response.json()
        assert {item["id"] for item in body["items"]} == {named.id, hidden.id}
        counted = [(f["value"], f["count"]) for f in body["facets"]["organization_type"]]
        assert counted == [("individual", 1)]
    finally:
        await engine.clear()


async def test_search_documents_of_a_named_listing(session: AsyncSession) -> None:
    owner = await make_organization(session, name="Viện Cơ khí Kinh Bắc", commune_code="09187")
    offer = await make_offer(
        session,
        owner,
        field_code="20701",
        origin_country="JP",
        keywords=["xử lý nước thải", "màng MBR"],
        title_en="MBR wastewater treatment",
        summary="Xử lý nước thải làng nghề bằng màng MBR.",
        advantages="Tiết kiệm diện tích.",
        price_mode=PriceMode.range,
        price_min_vnd=10,
        price_max_vnd=20,
    )
    document = await load_search_document(session, "offer", offer.id)
    assert document is not None
    assert document["id"] == f"offer-{offer.id}" and document["type"] == "offer"
    assert document["field_codes"] == ["2", "207", "20701"]
    assert document["origin"] == "foreign" and document["origin_country"] == "JP"
    assert document["organization_name"] == "Viện Cơ khí Kinh Bắc"
    assert document["commune_code"] == "09187"
    assert document["summary"] == "Xử lý nước thải làng nghề bằng màng MBR."
    assert "Tiết kiệm diện tích." in document["body"]
    assert document["price_mode"] == "range"
    assert "10" not in json.dumps({k: v for k, v in document.items() if "price" in k})


@pytest.mark.parametrize(
    "status",
    [s for s in ListingStatus if s is not ListingStatus.published],
)
async def test_unpublished_listings_have_no_search_document(
    session: AsyncSession, status: ListingStatus
) -> None:
    owner = await make_organization(session)
    offer = await make_offer(session, owner, status=status)
    demand = await make_demand(session, owner, status=status)
    assert await load_search_document(session, "offer", offer.id) is None
    assert await load_search_document(session, "demand", demand.id) is None
    ids = {doc["id"] async for doc in iter_search_documents(session)}
    assert not {f"offer-{offer.id}", f"demand-{demand.id}"} & ids


async def test_an_expired_but_not_yet_swept_listing_has_no_search_document(
    session: AsyncSession,
) -> None:
    owner = await make_organization(session)
    offer = await make_offer(session, owner, expires_at=utcnow() - timedelta(seconds=1))
    assert await load_search_document(session, "offer", offer.id) is None
    assert await load_search_document(session, "offer", 10**9) is None


async def test_review_details_stay_with_owner_and_staff(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_organization(session)
    offer = await make_offer(
        session, owner, external_ref="NCKH-2024-01", screening_hits=[{"code": "X"}]
    )
    public = (await client.get(f"/api/v1/offers/{offer.id}")).json()
    assert public["external_ref"] is None and public["screening_hits"] == []


async def test_unknown_entity_type_is_an_error(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match="unknown search entity type"):
        await load_search_document(session, "organization", 1)


async def test_the_audit_trail_is_for_owner_and_staff(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, offer_id, demand_id = await _secret_world(session)
    for who, headers in (await _viewers(client, session)).items():
        for path in (f"/api/v1/offers/{offer_id}", f"/api/v1/demands/{demand_id}"):
            response = await client.get(f"{path}/transitions", headers=headers)
            assert response.status_code == (401 if who == "public" else 403), who
