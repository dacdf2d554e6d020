"""Concurrent retries against the real application, each request in its own database
transaction (no test-transaction override): still one record."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.core.config import Settings
from app.main import create_app
from app.models import IdempotencyKey, Organization, Transaction, User
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.test_register import contract


@pytest.fixture
async def committed(engine: AsyncEngine) -> AsyncIterator[tuple[Organization, Organization, User]]:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        seller = await make_organization(session)
        buyer = await make_organization(session)
        user = await make_user(session, organization=buyer)
        await session.commit()
    yield seller, buyer, user
    async with AsyncSession(engine) as session:
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user.id))
        await session.execute(delete(Transaction).where(Transaction.recipient_id == buyer.id))
        await session.execute(delete(User).where(User.id == user.id))
        await session.execute(
            delete(Organization).where(Organization.id.in_([seller.id, buyer.id]))
        )
        await session.commit()


async def test_concurrent_retries_never_create_two(
    settings: Settings, engine: AsyncEngine, committed: tuple[Organization, Organization, User]
) -> None:
    seller, buyer, user = committed
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            headers = {**await auth_headers(client, user), "Idempotency-Key": "burst-1"}
            responses = await asyncio.gather(
                *(
                    client.post(
                        "/api/v1/transactions", json=contract(seller, buyer), headers=headers
                    )
                    for _ in range(6)
                )
            )
    finally:
        await app.state.engine.dispose()
    assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    async with AsyncSession(engine) as session:
        stored = await session.scalar(
            select(func.count())
            .select_from(Transaction)
            .where(Transaction.recipient_id == buyer.id)
        )
    assert stored == 1
