"""`techex create-admin` through the account service: create, or promote and reset."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.core.errors import Invalid
from app.models.vocabulary import PlatformRole
from app.user.service import UserService
from tests.factories import login, make_user

NEW_PASSWORD = "a new long admin passphrase"


async def test_an_existing_account_becomes_admin_with_the_new_password_and_is_signed_out(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    user = await make_user(session)
    old_tokens = await login(client, user.email)

    created = await UserService(session, settings).ensure_admin(
        user.email.upper(), NEW_PASSWORD, "Quản trị"
    )

    assert created is False
    assert user.platform_role is PlatformRole.admin
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": old_tokens["refresh_token"]}
    )
    assert refreshed.status_code == 401
    tokens = await login(client, user.email, NEW_PASSWORD)
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.json()["platform_role"] == "admin"


async def test_a_weak_password_changes_nothing(session: AsyncSession, settings: Settings) -> None:
    user = await make_user(session)
    with pytest.raises(Invalid):
        await UserService(session, settings).ensure_admin(user.email, "short", "Quản trị")
    assert user.platform_role is None


async def test_a_deactivated_account_is_reactivated(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    user = await make_user(session, is_active=False)
    await UserService(session, settings).ensure_admin(user.email, NEW_PASSWORD, "Quản trị")
    assert (await login(client, user.email, NEW_PASSWORD))["access_token"]
