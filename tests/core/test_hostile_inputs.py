"""Hostile input gets a 4xx a person can act on, never a 500, and changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Deal, Transaction, TransactionDocument
from app.models.vocabulary import OrganizationType, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_offer
from tests.transaction.factories import make_transaction
from tests.transaction.test_register import contract

HUGE = "100000000000000000000"  # beyond 64 bits
PDF = b"%PDF-1.4\n% hop dong\n"


async def count(session: AsyncSession, model: type[Any]) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/offers/{HUGE}",
        f"/api/v1/demands/{HUGE}",
        f"/api/v1/organizations/{HUGE}",
        f"/api/v1/transactions/{HUGE}",
        f"/api/v1/plans/{HUGE}",
        "/api/v1/offers/0",
        "/api/v1/offers/-1",
        "/api/v1/offers/1e20",
        f"/api/v1/offers?page={HUGE}",
        "/api/v1/offers?page=1e20",
        f"/api/v1/offers?organization_id={HUGE}",
        f"/api/v1/transactions?organization_id={HUGE}",
        f"/api/v1/indicators?plan_id={HUGE}",
    ],
)
async def test_numbers_beyond_64_bits_in_paths_and_queries_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, path: str
) -> None:
    user = await make_user(session, platform_role=PlatformRole.department)
    response = await client.get(path, headers=await auth_headers(client, user))
    assert response.status_code == 422, response.text
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"supplier_id": int(HUGE)}, "supplier_id"),
        ({"offer_id": int(HUGE)}, "offer_id"),
        ({"signed_on": "9999-12-31"}, "signed_on"),
        ({"signed_on": "0001-01-01"}, "signed_on"),
        ({"registration_certificate_on": "9999-12-31"}, "registration_certificate_on"),
        ({"subject": "Hợp đồng\x00 chuyển giao"}, "subject"),
        ({"subject": "Hợp đồng \x1b[31mđỏ\x1b[0m"}, "subject"),
        ({"value_vnd": 10**30}, "value_vnd"),
        (
            {
                "value_vnd": None,
                "currency": "USD",
                "original_amount": "99999999999999999.99",
                "exchange_rate": "99999999999999.999999",
            },
            "exchange_rate",
        ),
    ],
)
async def test_hostile_transaction_bodies_are_refused_and_store_nothing(
    client: httpx.AsyncClient, session: AsyncSession, fields: dict[str, Any], reason: str
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    member = await make_user(session, organization=buyer)
    body = {k: v for k, v in contract(seller, buyer, **fields).items() if v is not None}
    response = await client.post(
        "/api/v1/transactions", json=body, headers=await auth_headers(client, member)
    )
    assert response.status_code == 422, response.text
    assert reason in response.text
    assert await count(session, Transaction) == 0


async def test_references_must_exist_and_be_the_callers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    other = await make_organization(session)
    exchange = await make_organization(session, type=OrganizationType.intermediary)
    member = await make_user(session, organization=buyer)
    headers = await auth_headers(client, member)
    foreign_offer = await make_offer(session, other)
    deal = Deal(
        title="Thương vụ khác",
        supplier_id=seller.id,
        recipient_id=other.id,
        broker_organization_id=exchange.id,
    )
    session.add(deal)
    await session.flush()
    for fields, status in (
        ({"offer_id": 999999}, 422),
        ({"offer_id": foreign_offer.id}, 422),  # an offer of someone who is not the supplier
        ({"demand_id": 999999}, 422),
        ({"deal_id": 999999}, 422),
        ({"deal_id": deal.id}, 422),  # a deal between other parties
    ):
        response = await client.post(
            "/api/v1/transactions", json=contract(seller, buyer, **fields), headers=headers
        )
        assert response.status_code == status, (fields, response.text)
    # The deal's own recipient may cite it; a broker not on the deal may not.
    outsider_deal = Deal(
        title="Thương vụ của người khác",
        supplier_id=seller.id,
        recipient_id=buyer.id,
        broker_organization_id=exchange.id,
    )
    session.add(outsider_deal)
    await session.flush()
    broker = await make_user(
        session, organization=await make_organization(session), platform_role=PlatformRole.broker
    )
    response = await client.post(
        "/api/v1/transactions",
        json=contract(seller, buyer, deal_id=outsider_deal.id),
        headers=await auth_headers(client, broker),
    )
    assert response.status_code == 403, response.text
    response = await client.post(
        "/api/v1/transactions",
        json=contract(seller, buyer, deal_id=outsider_deal.id),
        headers=headers,
    )
    assert response.status_code == 201, response.text
    assert await count(session, Transaction) == 1


async def test_patch_with_null_for_a_required_field_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    member = await make_user(session, organization=buyer)
    transaction = await make_transaction(session, seller, buyer)
    headers = await auth_headers(client, member)
    for field in ("uses_state_funds", "subject", "signed_on", "transfer_methods"):
        response = await client.patch(
            f"/api/v1/transactions/{transaction.id}", json={field: None}, headers=headers
        )
        assert response.status_code == 422, (field, response.text)
        assert field in response.json()["detail"]
    # What may be empty can still be cleared.
    response = await client.patch(
        f"/api/v1/transactions/{transaction.id}", json={"field_code": None}, headers=headers
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "name",
    [
        "Công ty\x00 Đúc đồng",
        "Công ty \x1b[2J Đúc đồng",
        "\u200b\u200c\u200d\u2060",  # only zero-width characters
        "   \u200b  ",
        "Công ty \u202eeyaB ucĐ",  # right-to-left override
        "Công ty \u2067Đúc\u2069 đồng",  # isolate
    ],
)
async def test_names_and_titles_need_something_visible_and_nothing_hidden(
    client: httpx.AsyncClient, session: AsyncSession, name: str
) -> None:
    organization = await make_organization(session)
    owner = await make_user(session, organization=organization)
    headers = await auth_headers(client, owner)
    response = await client.patch(
        f"/api/v1/organizations/{organization.id}", json={"name": name}, headers=headers
    )
    assert response.status_code == 422, response.text
    offer = await client.post(
        "/api/v1/offers",
        json={
            "title": name,
            "description": "Mô tả công nghệ đầy đủ.",
            "field_code": "207",
            "kind": "technology",
        },
        headers=headers,
    )
    assert offer.status_code == 422, offer.text
    await session.refresh(organization)
    assert organization.name != name


async def test_a_document_keeps_the_extension_of_its_detected_type(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    member = await make_user(session, organization=buyer)
    transaction = await make_transaction(session, seller, buyer)
    url = f"/api/v1/transactions/{transaction.id}/documents"
    headers = await auth_headers(client, member)
    created = await client.post(
        url,
        data={"kind": "contract", "title": "Hợp đồng"},
        files={"file": ("x.html", PDF, "text/html")},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["filename"] == "x.pdf"
    assert created.json()["content_type"] == "application/pdf"
    refused = await client.post(
        url,
        data={"kind": "contract", "title": "\u202eHợp đồng"},
        files={"file": ("y.pdf", PDF, "application/pdf")},
        headers=headers,
    )
    assert refused.status_code == 422
    assert await count(session, TransactionDocument) == 1
