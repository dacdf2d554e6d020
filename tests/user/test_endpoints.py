"""Accounts: profile, who creates whom, platform roles for admins only."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import MembershipRole, PlatformRole
from tests.factories import auth_headers, login, make_organization, make_user

USERS = "/api/v1/users"


async def test_update_own_profile(client: httpx.AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    response = await client.patch(
        f"{USERS}/me",
        json={"full_name": "Trần Văn Bình", "phone": "0912 345 678"},
        headers=await auth_headers(client, user),
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "Trần Văn Bình"


async def test_users_cannot_give_themselves_a_role(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    headers = await auth_headers(client, user)
    response = await client.patch(f"{USERS}/me", json={"platform_role": "admin"}, headers=headers)
    assert response.status_code == 422
    response = await client.patch(
        f"{USERS}/{user.id}", json={"platform_role": "admin"}, headers=headers
    )
    assert response.status_code == 403


async def test_only_admins_manage_platform_roles(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    target = await make_user(session)
    officer = await make_user(session, platform_role=PlatformRole.department)
    admin = await make_user(session, platform_role=PlatformRole.admin)
    body = {"platform_role": "broker"}
    assert (
        await client.patch(
            f"{USERS}/{target.id}", json=body, headers=await auth_headers(client, officer)
        )
    ).status_code == 403
    response = await client.patch(
        f"{USERS}/{target.id}", json=body, headers=await auth_headers(client, admin)
    )
    assert response.status_code == 200
    assert response.json()["platform_role"] == "broker"


async def test_admin_cannot_lock_themselves_out(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    response = await client.patch(
        f"{USERS}/{admin.id}", json={"is_active": False}, headers=await auth_headers(client, admin)
    )
    assert response.status_code == 409


async def test_owner_adds_a_member_to_own_organization_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ours = await make_organization(session)
    theirs = await make_organization(session)
    owner = await make_user(session, organization=ours, membership_role=MembershipRole.owner)
    headers = await auth_headers(client, owner)
    body = {
        "email": "new.member@ours.vn",
        "password": "a long enough pass",
        "full_name": "Lê Thị Mới",
        "organization_id": ours.id,
    }
    created = await client.post(USERS, json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["membership_role"] == "member"
    await login(client, "new.member@ours.vn", "a long enough pass")

    elsewhere = await client.post(
        USERS, json={**body, "email": "spy@ours.vn", "organization_id": theirs.id}, headers=headers
    )
    assert elsewhere.status_code == 403
    with_role = await client.post(
        USERS, json={**body, "email": "boss@ours.vn", "platform_role": "admin"}, headers=headers
    )
    assert with_role.status_code == 403


async def test_plain_member_cannot_create_accounts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ours = await make_organization(session)
    member = await make_user(session, organization=ours)
    body = {
        "email": "x@ours.vn",
        "password": "a long enough pass",
        "full_name": "X Y",
        "organization_id": ours.id,
    }
    assert (
        await client.post(USERS, json=body, headers=await auth_headers(client, member))
    ).status_code == 403


async def test_listing_users_is_for_staff(client: httpx.AsyncClient, session: AsyncSession) -> None:
    user = await make_user(session)
    officer = await make_user(session, platform_role=PlatformRole.department)
    assert (await client.get(USERS, headers=await auth_headers(client, user))).status_code == 403
    response = await client.get(
        USERS, params={"email": officer.email}, headers=await auth_headers(client, officer)
    )
    assert response.status_code == 200
    assert [u["id"] for u in response.json()["items"]] == [officer.id]


async def test_wrong_current_password_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session)
    headers = await auth_headers(client, user)
    response = await client.post(
        f"{USERS}/me/password",
        json={"current_password": "not my password", "new_password": "another long one"},
        headers=headers,
    )
    assert response.status_code == 401
    await login(client, user.email)  # the old password still works
