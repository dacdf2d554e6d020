"""Who sees which transaction, and who sees its value, on every read path."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Transaction, User
from app.models.vocabulary import OrganizationType, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.factories import make_transaction


@dataclass
class Cast:
    transaction: Transaction
    supplier_member: User
    recipient_member: User
    intermediary_member: User
    outsider: User
    officer: User


@pytest.fixture
async def cast(session: AsyncSession) -> Cast:
    supplier = await make_organization(session, type=OrganizationType.university)
    recipient = await make_organization(session)
    exchange = await make_organization(session, type=OrganizationType.intermediary)
    transaction = await make_transaction(
        session, supplier, recipient, intermediary_id=exchange.id, millions=777
    )
    return Cast(
        transaction=transaction,
        supplier_member=await make_user(session, organization=supplier),
        recipient_member=await make_user(session, organization=recipient),
        intermediary_member=await make_user(
            session, organization=exchange, platform_role=PlatformRole.broker
        ),
        outsider=await make_user(session, organization=await make_organization(session)),
        officer=await make_user(session, platform_role=PlatformRole.department),
    )


async def listed(client: httpx.AsyncClient, user: User) -> dict[int, dict[str, object]]:
    response = await client.get(
        "/api/v1/transactions", params={"per_page": 100}, headers=await auth_headers(client, user)
    )
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["items"]}


async def test_parties_and_the_department_see_the_value(
    client: httpx.AsyncClient, cast: Cast
) -> None:
    for user in (cast.supplier_member, cast.recipient_member, cast.officer):
        item = (await listed(client, user))[cast.transaction.id]
        assert item["value_vnd"] == 777_000_000
        one = await client.get(
            f"/api/v1/transactions/{cast.transaction.id}", headers=await auth_headers(client, user)
        )
        assert one.json()["value_vnd"] == 777_000_000


async def test_the_intermediary_sees_the_record_but_not_the_value(
    client: httpx.AsyncClient, cast: Cast
) -> None:
    item = (await listed(client, cast.intermediary_member))[cast.transaction.id]
    assert item["value_vnd"] is None
    assert item["original_amount"] is None and item["value_visible"] is False


async def test_outsiders_and_anonymous_callers_see_nothing(
    client: httpx.AsyncClient, cast: Cast
) -> None:
    assert cast.transaction.id not in await listed(client, cast.outsider)
    one = await client.get(
        f"/api/v1/transactions/{cast.transaction.id}",
        headers=await auth_headers(client, cast.outsider),
    )
    assert one.status_code == 404
    assert (await client.get("/api/v1/transactions")).status_code == 401
    drill = await client.get(
        "/api/v1/indicators/transaction_value/transactions",
        params={"year": 2025},
        headers=await auth_headers(client, cast.outsider),
    )
    assert cast.transaction.id not in {t["id"] for t in drill.json()["items"]}


async def test_drill_down_hides_the_value_from_the_intermediary(
    client: httpx.AsyncClient, cast: Cast
) -> None:
    drill = await client.get(
        "/api/v1/indicators/transaction_value/transactions",
        params={"year": 2025},
        headers=await auth_headers(client, cast.intermediary_member),
    )
    items = {t["id"]: t for t in drill.json()["items"]}
    assert items[cast.transaction.id]["value_vnd"] is None


async def test_outsiders_cannot_change_a_transaction(client: httpx.AsyncClient, cast: Cast) -> None:
    url = f"/api/v1/transactions/{cast.transaction.id}"
    outsider = await client.patch(
        url, json={"value_vnd": 1}, headers=await auth_headers(client, cast.outsider)
    )
    assert outsider.status_code == 404
    broker = await client.patch(
        url, json={"value_vnd": 1}, headers=await auth_headers(client, cast.intermediary_member)
    )
    assert broker.status_code == 403
    unchanged = await client.get(url, headers=await auth_headers(client, cast.officer))
    assert unchanged.json()["value_vnd"] == 777_000_000


async def test_the_register_is_searched_by_words_of_the_subject(
    client: httpx.AsyncClient, cast: Cast
) -> None:
    headers = await auth_headers(client, cast.officer)
    subject = cast.transaction.subject
    found = await client.get(
        "/api/v1/transactions", params={"subject": subject[2:12].upper()}, headers=headers
    )
    assert [item["id"] for item in found.json()["items"]] == [cast.transaction.id]
    missing = await client.get("/api/v1/transactions", params={"subject": "_%"}, headers=headers)
    assert missing.json()["total"] == 0
