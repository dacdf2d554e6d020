"""POST /transactions with an Idempotency-Key never creates a second record."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import IdempotencyKey, Transaction
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.test_register import contract


async def count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Transaction)) or 0


async def test_a_retry_returns_the_original_record(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    headers = {
        **await auth_headers(client, await make_user(session, organization=buyer)),
        "Idempotency-Key": "contract-2025-001",
    }
    before = await count(session)
    first = await client.post("/api/v1/transactions", json=contract(seller, buyer), headers=headers)
    retry = await client.post("/api/v1/transactions", json=contract(seller, buyer), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert retry.headers["Idempotency-Replayed"] == "true"
    assert await count(session) == before + 1


async def test_the_same_key_with_another_body_is_a_conflict(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    headers = {
        **await auth_headers(client, await make_user(session, organization=buyer)),
        "Idempotency-Key": "k-42",
    }
    await client.post("/api/v1/transactions", json=contract(seller, buyer), headers=headers)
    before = await count(session)
    other = await client.post(
        "/api/v1/transactions", json=contract(seller, buyer, value_vnd=7), headers=headers
    )
    assert other.status_code == 409
    assert "new key" in other.json()["detail"]
    assert await count(session) == before


async def test_keys_belong_to_their_user(client: httpx.AsyncClient, session: AsyncSession) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    first = await make_user(session, organization=buyer)
    second = await make_user(session, organization=buyer)
    ids = []
    for user in (first, second):
        headers = {**await auth_headers(client, user), "Idempotency-Key": "same"}
        response = await client.post(
            "/api/v1/transactions", json=contract(seller, buyer), headers=headers
        )
        ids.append(response.json()["id"])
    assert ids[0] != ids[1]


async def test_the_database_refuses_a_second_row_for_one_key(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Two first attempts racing each other: the unique key lets one insert win; the
    service then replays the winner (see TransactionService.create_idempotent)."""
    buyer = await make_organization(session)
    user = await make_user(session, organization=buyer)
    session.add(
        IdempotencyKey(user_id=user.id, scope="s", key="k", request_hash="h", response_status=201)
    )
    await session.flush()
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            session.add(
                IdempotencyKey(
                    user_id=user.id, scope="s", key="k", request_hash="h", response_status=201
                )
            )
            await session.flush()


async def test_a_retry_arriving_after_the_key_was_stored_replays(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The loser of a race finds the winner's key row and returns the winner's record."""
    seller = await make_organization(session)
    buyer = await make_organization(session)
    user = await make_user(session, organization=buyer)
    headers = {**await auth_headers(client, user), "Idempotency-Key": "raced"}
    winner = await client.post(
        "/api/v1/transactions", json=contract(seller, buyer), headers=headers
    )
    key = await session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == "raced"))
    assert key is not None and key.resource_id == winner.json()["id"]
    loser = await client.post("/api/v1/transactions", json=contract(seller, buyer), headers=headers)
    assert loser.json()["id"] == winner.json()["id"]
