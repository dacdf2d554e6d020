"""Small factories: rows made directly, through the same models the app uses."""

from __future__ import annotations

import itertools

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.security import hash_password
from app.models import Organization, User
from app.models.vocabulary import (
    MembershipRole,
    OrganizationType,
    PlatformRole,
    VerificationStatus,
)

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD)
_sequence = itertools.count(1)


async def make_organization(
    session: AsyncSession,
    *,
    name: str | None = None,
    type: OrganizationType = OrganizationType.enterprise,
    country: str = "VN",
    verified: bool = True,
    **fields: object,
) -> Organization:
    organization = Organization(
        name=name or f"Công ty thử nghiệm {next(_sequence)}",
        type=type,
        country=country,
        verification_status=VerificationStatus.verified if verified else VerificationStatus.pending,
        **fields,
    )
    session.add(organization)
    await session.flush()
    return organization


async def make_user(
    session: AsyncSession,
    *,
    email: str | None = None,
    organization: Organization | None = None,
    membership_role: MembershipRole | None = None,
    platform_role: PlatformRole | None = None,
    is_active: bool = True,
) -> User:
    user = User(
        email=email or f"user{next(_sequence)}@example.com",
        full_name="Nguyễn Thị Thử",
        password_hash=_PASSWORD_HASH,
        organization_id=organization.id if organization else None,
        membership_role=membership_role or (MembershipRole.member if organization else None),
        platform_role=platform_role,
        is_active=is_active,
    )
    session.add(user)
    await session.flush()
    return user


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/token", data={"username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    tokens: dict[str, str] = response.json()
    return tokens


async def auth_headers(client: httpx.AsyncClient, user: User) -> dict[str, str]:
    """The API as a script written in English calls it: error details in English (without
    Accept-Language they come in Vietnamese, the product's language)."""
    tokens = await login(client, user.email)
    return {"Authorization": f"Bearer {tokens['access_token']}", "Accept-Language": "en"}
