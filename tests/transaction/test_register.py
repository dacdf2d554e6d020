"""Recording transactions: direction, snapshot, money, statuses, verification, exclusion."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Organization, Transaction
from app.models.vocabulary import OrganizationType, PlatformRole
from tests.factories import auth_headers, make_organization, make_user


def contract(supplier: Organization, recipient: Organization, **fields: Any) -> dict[str, Any]:
    return {
        "subject": "Chuyển giao quy trình xử lý nước thải làng nghề",
        "supplier_id": supplier.id,
        "recipient_id": recipient.id,
        "category": "technology_transfer",
        "signed_on": "2025-03-15",
        "value_vnd": 1_250_000_000,
        "field_code": "2",
        **fields,
    }


async def count_transactions(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Transaction)) or 0


async def test_a_party_records_an_inbound_contract_with_a_snapshot(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    japan = await make_organization(session, country="JP")
    buyer = await make_organization(session, commune_code="09187")
    member = await make_user(session, organization=buyer)
    response = await client.post(
        "/api/v1/transactions",
        json=contract(japan, buyer, transfer_methods=["documents", "training"]),
        headers=await auth_headers(client, member),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["direction"] == "inbound"
    assert (body["supplier_country"], body["recipient_type"]) == ("JP", "enterprise")
    assert body["value_vnd"] == 1_250_000_000 and body["value_visible"] is True
    assert body["verification"] == "self_reported"
    # Art. 31: technology from abroad must be registered within 90 days of signing.
    assert body["requires_registration"] is True
    assert body["registration_deadline"] == "2025-06-13"


async def test_a_foreign_currency_contract_keeps_amount_and_rate(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    japan = await make_organization(session, country="JP")
    buyer = await make_organization(session)
    officer = await make_user(session, platform_role=PlatformRole.department)
    body = contract(japan, buyer, currency="jpy", original_amount="5000000", exchange_rate="170.5")
    del body["value_vnd"]
    response = await client.post(
        "/api/v1/transactions", json=body, headers=await auth_headers(client, officer)
    )
    assert response.status_code == 201, response.text
    assert response.json()["value_vnd"] == 852_500_000
    assert response.json()["currency"] == "JPY"
    missing_rate = contract(japan, buyer, currency="USD")
    response = await client.post(
        "/api/v1/transactions", json=missing_rate, headers=await auth_headers(client, officer)
    )
    assert response.status_code == 422
    assert "exchange_rate" in response.text


async def test_overriding_the_direction_needs_a_reason(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    headers = await auth_headers(client, await make_user(session, organization=buyer))
    before = await count_transactions(session)
    response = await client.post(
        "/api/v1/transactions", json=contract(seller, buyer, direction="inbound"), headers=headers
    )
    assert response.status_code == 422
    assert "direction_override_reason" in response.json()["detail"]
    assert await count_transactions(session) == before
    response = await client.post(
        "/api/v1/transactions",
        json=contract(
            seller,
            buyer,
            direction="inbound",
            direction_override_reason="Công nghệ của công ty mẹ ở Nhật, bên giao là chi nhánh",
        ),
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["direction"] == "inbound"


async def test_bad_input_is_refused_with_a_reason_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    headers = await auth_headers(client, await make_user(session, organization=buyer))
    before = await count_transactions(session)
    future = (date.today() + timedelta(days=30)).isoformat()
    for body, words in (
        (contract(seller, buyer, field_code="999"), "S&T field"),
        (contract(seller, buyer, value_vnd=-5), "value_vnd"),
        (contract(seller, buyer, signed_on=future), "draft"),
        (contract(seller, buyer, supplier_id=999_999), "does not exist"),
        (contract(seller, seller), "different"),
        (contract(seller, buyer, registration_certificate_on="2024-01-01"), "before"),
    ):
        response = await client.post("/api/v1/transactions", json=body, headers=headers)
        assert response.status_code == 422, (body, response.text)
        assert words in response.text
    assert await count_transactions(session) == before


async def test_outsiders_may_not_record_other_peoples_contracts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    outsider = await make_user(session, organization=await make_organization(session))
    response = await client.post(
        "/api/v1/transactions",
        json=contract(seller, buyer),
        headers=await auth_headers(client, outsider),
    )
    assert response.status_code == 403
    response = await client.post("/api/v1/transactions", json=contract(seller, buyer))
    assert response.status_code == 401


async def test_a_broker_records_as_intermediary_and_does_not_see_the_value(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session, type=OrganizationType.research_institute)
    buyer = await make_organization(session)
    exchange = await make_organization(session, type=OrganizationType.intermediary)
    broker = await make_user(session, organization=exchange, platform_role=PlatformRole.broker)
    response = await client.post(
        "/api/v1/transactions",
        json=contract(seller, buyer),
        headers=await auth_headers(client, broker),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["intermediary_id"] == exchange.id
    assert body["value_vnd"] is None and body["value_visible"] is False
    other_exchange = await make_organization(session, type=OrganizationType.intermediary)
    refused = await client.post(
        "/api/v1/transactions",
        json=contract(seller, buyer, intermediary_id=other_exchange.id),
        headers=await auth_headers(client, broker),
    )
    assert refused.status_code == 403


async def test_status_moves_forward_only(client: httpx.AsyncClient, session: AsyncSession) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    headers = await auth_headers(client, await make_user(session, organization=buyer))
    created = await client.post(
        "/api/v1/transactions", json=contract(seller, buyer, status="draft"), headers=headers
    )
    url = f"/api/v1/transactions/{created.json()['id']}"
    assert (
        await client.patch(url, json={"status": "completed"}, headers=headers)
    ).status_code == 422
    assert (await client.patch(url, json={"status": "signed"}, headers=headers)).status_code == 200
    assert (
        await client.patch(url, json={"status": "completed"}, headers=headers)
    ).status_code == 200
    refused = await client.patch(url, json={"status": "signed"}, headers=headers)
    assert refused.status_code == 422
    assert "closed" in refused.json()["detail"]


async def test_a_draft_takes_its_snapshot_when_it_is_signed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session, type=OrganizationType.st_organization)
    buyer = await make_organization(session)
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)
    created = await client.post(
        "/api/v1/transactions", json=contract(seller, buyer, status="draft"), headers=headers
    )
    await client.patch(
        f"/api/v1/organizations/{seller.id}", json={"type": "university"}, headers=headers
    )
    signed = await client.patch(
        f"/api/v1/transactions/{created.json()['id']}", json={"status": "signed"}, headers=headers
    )
    assert signed.json()["supplier_type"] == "university"


async def test_verification_and_exclusion_are_for_the_department(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    member = await make_user(session, organization=buyer)
    officer = await make_user(session, platform_role=PlatformRole.department)
    member_headers = await auth_headers(client, member)
    created = await client.post(
        "/api/v1/transactions", json=contract(seller, buyer), headers=member_headers
    )
    url = f"/api/v1/transactions/{created.json()['id']}"
    assert (
        await client.post(f"{url}/verification", json={}, headers=member_headers)
    ).status_code == 403
    officer_headers = await auth_headers(client, officer)
    verified = await client.post(f"{url}/verification", json={}, headers=officer_headers)
    assert verified.json()["verification"] == "verified"
    # Once verified, the parties can no longer change it.
    refused = await client.patch(url, json={"value_vnd": 1}, headers=member_headers)
    assert refused.status_code == 403
    no_reason = await client.post(
        f"{url}/exclusion", json={"excluded": True}, headers=officer_headers
    )
    assert no_reason.status_code == 422
    excluded = await client.post(
        f"{url}/exclusion",
        json={"excluded": True, "reason": "Hợp đồng khai trùng với số 12"},
        headers=officer_headers,
    )
    assert excluded.json()["excluded_from_statistics"] is True
    assert excluded.json()["exclusion_reason"] == "Hợp đồng khai trùng với số 12"
