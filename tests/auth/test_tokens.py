"""The token life cycle: sign-in, expiry, refresh rotation, reuse, logout, forgeries."""

from __future__ import annotations

import base64
import json
import statistics
import time
from datetime import timedelta

import httpx
from jose import jwt
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.config import Settings
from app.core.security import create_access_token, hash_refresh_token
from app.models import RefreshToken
from tests.factories import PASSWORD, login, make_organization, make_user

ME = "/api/v1/users/me"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_sign_in_returns_working_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, email="an.nguyen@example.com")
    tokens = await login(client, "An.Nguyen@Example.com")  # e-mail case does not matter
    assert tokens["token_type"] == "bearer"
    me = await client.get(ME, headers=bearer(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json()["id"] == user.id


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, email="real@example.com")
    wrong = await client.post(
        "/api/v1/auth/token", data={"username": "real@example.com", "password": "nope-nope-nope"}
    )
    unknown = await client.post(
        "/api/v1/auth/token", data={"username": "ghost@example.com", "password": "nope-nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_no_token_is_401_with_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get(ME)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"] == "unauthorized"


async def test_expired_access_token_is_rejected(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    user = await make_user(session)
    an_hour_ago = utcnow() - timedelta(hours=1)
    expired = create_access_token(settings, user.id, now=an_hour_ago)
    response = await client.get(ME, headers=bearer(expired))
    assert response.status_code == 401


async def test_access_token_lives_fifteen_minutes_by_default(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    user = await make_user(session)
    fourteen_minutes_ago = utcnow() - timedelta(minutes=14)
    still_valid = create_access_token(settings, user.id, now=fourteen_minutes_ago)
    assert (await client.get(ME, headers=bearer(still_valid))).status_code == 200
    sixteen_minutes_ago = utcnow() - timedelta(minutes=16)
    too_old = create_access_token(settings, user.id, now=sixteen_minutes_ago)
    assert (await client.get(ME, headers=bearer(too_old))).status_code == 401


async def test_token_signed_with_another_key_is_rejected(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    now = int(utcnow().timestamp())
    forged = jwt.encode(
        {"sub": str(user.id), "type": "access", "iat": now, "exp": now + 600},
        "an-attacker-secret-that-is-long-enough",
        algorithm="HS256",
    )
    assert (await client.get(ME, headers=bearer(forged))).status_code == 401


def _unsigned(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_alg_none_token_is_rejected(client: httpx.AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    now = int(utcnow().timestamp())
    token = _unsigned({"sub": str(user.id), "type": "access", "iat": now, "exp": now + 600})
    assert (await client.get(ME, headers=bearer(token))).status_code == 401


async def test_tampered_payload_is_rejected(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    admin = await make_user(session)
    header, _payload, signature = (await login(client, user.email))["access_token"].split(".")
    now = int(utcnow().timestamp())
    claims = {"sub": str(admin.id), "type": "access", "iat": now, "exp": now + 600}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert (
        await client.get(ME, headers=bearer(f"{header}.{payload}.{signature}"))
    ).status_code == 401


async def test_refresh_rotates_and_old_token_stops_working(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    first = await login(client, user.email)
    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert (await client.get(ME, headers=bearer(second["access_token"]))).status_code == 200


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    first = await login(client, user.email)
    second = (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()

    # An attacker replays the stolen first token.
    replay = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert replay.status_code == 401

    # The legitimate holder's newer token is now dead too.
    after = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert after.status_code == 401
    rows = (
        await session.scalars(select(RefreshToken).where(RefreshToken.user_id == user.id))
    ).all()
    assert rows and all(row.revoked_at is not None for row in rows)
    assert {row.revoked_reason for row in rows} == {"reuse_detected"}
    # The access tokens of that sign-in stop working too: the thief's and the holder's.
    for tokens in (first, second):
        me = await client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
        assert me.status_code == 401


async def test_other_sessions_survive_a_reuse_in_one_family(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    laptop = await login(client, user.email)
    phone = await login(client, user.email)
    await client.post("/api/v1/auth/refresh", json={"refresh_token": laptop["refresh_token"]})
    await client.post("/api/v1/auth/refresh", json={"refresh_token": laptop["refresh_token"]})
    still = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": phone["refresh_token"]}
    )
    assert still.status_code == 200
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {phone['access_token']}"}
    )
    assert me.status_code == 200


async def test_expired_refresh_token_is_rejected(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    tokens = await login(client, user.email)
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.token_hash == hash_refresh_token(tokens["refresh_token"]))
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert response.status_code == 401


async def test_refresh_tokens_are_stored_only_as_hashes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    tokens = await login(client, user.email)
    stored = (
        await session.scalars(
            select(RefreshToken.token_hash).where(RefreshToken.user_id == user.id)
        )
    ).all()
    assert tokens["refresh_token"] not in stored
    assert hash_refresh_token(tokens["refresh_token"]) in stored


async def test_logout_revokes_the_refresh_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    tokens = await login(client, user.email)
    response = await client.post(
        "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}
    )
    assert response.status_code == 204
    after = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert after.status_code == 401
    # The access token of that sign-in stops working at once, not in 15 minutes.
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 401


async def test_password_change_revokes_refresh_and_access_tokens(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    user = await make_user(session)
    old = await login(client, user.email)
    # Revocation has one-second precision (JWT iat): use an access token from a second before.
    old_access = create_access_token(settings, user.id, now=utcnow() - timedelta(seconds=2))
    response = await client.post(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        headers=bearer(old["access_token"]),
    )
    assert response.status_code == 204
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": old["refresh_token"]})
    ).status_code == 401
    assert (await client.get(ME, headers=bearer(old_access))).status_code == 401
    # The sign-in's own access token, issued in the same second, is ended by its family.
    assert (await client.get(ME, headers=bearer(old["access_token"]))).status_code == 401
    fresh = await login(client, user.email, "a brand new passphrase")
    assert (await client.get(ME, headers=bearer(fresh["access_token"]))).status_code == 200


async def test_deactivated_user_loses_access_at_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from app.models.vocabulary import PlatformRole

    admin = await make_user(session, platform_role=PlatformRole.admin)
    organization = await make_organization(session)
    user = await make_user(session, organization=organization)
    tokens = await login(client, user.email)
    admin_tokens = await login(client, admin.email)
    response = await client.patch(
        f"/api/v1/users/{user.id}",
        json={"is_active": False},
        headers=bearer(admin_tokens["access_token"]),
    )
    assert response.status_code == 200
    assert (await client.get(ME, headers=bearer(tokens["access_token"]))).status_code == 401
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    ).status_code == 401
    relogin = await client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
    )
    assert relogin.status_code == 403


async def test_unknown_email_takes_as_long_as_a_wrong_password(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """An attacker must not learn which e-mails have accounts from response times."""
    users = [await make_user(session) for _ in range(2)]

    async def timed(email: str) -> float:
        start = time.perf_counter()
        await client.post(
            "/api/v1/auth/token", data={"username": email, "password": "wrong password!"}
        )
        return time.perf_counter() - start

    known = [await timed(users[i % 2].email) for i in range(4)]
    unknown = [await timed(f"unknown{i}@example.com") for i in range(4)]
    ratio = statistics.median(unknown) / statistics.median(known)
    # Without the dummy hash an unknown e-mail answers ~20x faster; equal work gives ~1.
    assert 0.5 < ratio < 2.0, (known, unknown)
