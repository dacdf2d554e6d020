"""Registrations are limited per client address (429 with Retry-After), whatever their outcome."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Organization, User
from tests.registration.test_registration import REGISTER, registration


@pytest.fixture
def auth_limits() -> dict[str, int]:
    return {"registration_max_per_client": 3, "registration_window_seconds": 3600}


def sign_up(number: int, **overrides: object) -> dict[str, object]:
    body = registration(email=f"nguoi-dung-{number}@kinhbac.vn", **overrides)
    body["organization"] = {**body["organization"], "tax_code": None}  # type: ignore[dict-item]
    return body


async def count(session: AsyncSession, model: type[User] | type[Organization]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_past_the_limit_a_registration_is_refused_and_creates_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await client.post(REGISTER, json=sign_up(1))).status_code == 201
    # A failed attempt counts too: it is what a script probing e-mails would repeat.
    assert (await client.post(REGISTER, json=sign_up(2, password="short"))).status_code == 422
    assert (await client.post(REGISTER, json=sign_up(3))).status_code == 201
    users, organizations = await count(session, User), await count(session, Organization)

    refused = await client.post(REGISTER, json=sign_up(4), headers={"Accept-Language": "en"})
    assert refused.status_code == 429
    assert refused.json()["error"] == "too_many_requests"
    assert "Too many registrations" in refused.json()["detail"]
    assert 0 < int(refused.headers["retry-after"]) <= 3601
    assert (await count(session, User), await count(session, Organization)) == (
        users,
        organizations,
    )


async def test_another_address_may_still_register(app: FastAPI, client: httpx.AsyncClient) -> None:
    for number in range(3):
        await client.post(REGISTER, json=sign_up(number))
    assert (await client.post(REGISTER, json=sign_up(9))).status_code == 429
    elsewhere = httpx.ASGITransport(app=app, client=("198.51.100.20", 50000))
    async with httpx.AsyncClient(transport=elsewhere, base_url="http://testserver") as other:
        assert (await other.post(REGISTER, json=sign_up(9))).status_code == 201
