"""Failed sign-ins are limited per e-mail and per client address (429 with Retry-After)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import PASSWORD, make_user

TOKEN = "/api/v1/auth/token"


@pytest.fixture
def auth_limits() -> dict[str, int]:
    return {
        "login_max_failures_per_email": 3,
        "login_max_failures_per_client": 6,
        "login_window_seconds": 600,
    }


async def attempt(
    client: httpx.AsyncClient, email: str, password: str = "wrong password!"
) -> httpx.Response:
    return await client.post(TOKEN, data={"username": email, "password": password})


async def test_too_many_failures_for_one_email_blocks_it_even_with_the_right_password(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    for _ in range(3):
        assert (await attempt(client, user.email)).status_code == 401
    blocked = await attempt(client, user.email, PASSWORD)
    assert blocked.status_code == 429
    retry_after = int(blocked.headers["retry-after"])
    assert 0 < retry_after <= 601
    assert blocked.json()["error"] == "too_many_requests"


async def test_limit_per_email_ignores_case(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, email="lan@example.com")
    for variant in ("lan@example.com", "LAN@example.com", "Lan@Example.COM"):
        await attempt(client, variant)
    assert (await attempt(client, user.email, PASSWORD)).status_code == 429


async def test_other_accounts_are_not_blocked_by_one_email(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    victim = await make_user(session)
    other = await make_user(session)
    for _ in range(3):
        await attempt(client, victim.email)
    assert (await attempt(client, other.email, PASSWORD)).status_code == 200


async def test_one_client_address_trying_many_emails_is_blocked(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    for n in range(6):
        assert (await attempt(client, f"guess{n}@example.com")).status_code == 401
    assert (await attempt(client, user.email, PASSWORD)).status_code == 429


async def test_failures_are_counted_for_unknown_emails_too(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    for _ in range(3):
        await attempt(client, "nobody@example.com")
    assert (await attempt(client, "nobody@example.com")).status_code == 429
