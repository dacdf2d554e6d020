"""Sign-up creates the account and a pending organisation the department then verifies."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import PlatformRole
from tests.factories import auth_headers, login, make_organization, make_user

REGISTER = "/api/v1/auth/register"


def registration(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": "Giam.Doc@DucDong.vn",
        "password": "đúc đồng Đại Bái 2026",
        "full_name": "Phạm Văn Đức",
        "phone": "+84 912 345 678",
        "organization": {
            "name": "Công ty  TNHH Đúc đồng   Kinh Bắc",
            "type": "enterprise",
            "ownership": "private",
            "country": "vn",
            "tax_code": "0100109106",
            "commune_code": "09454",
        },
    }
    body.update(overrides)
    return body


async def test_registration_creates_owner_and_pending_organization(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(REGISTER, json=registration())
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["user"]["email"] == "giam.doc@ducdong.vn"
    assert result["user"]["membership_role"] == "owner"
    assert result["user"]["platform_role"] is None
    organization = result["organization"]
    assert organization["name"] == "Công ty TNHH Đúc đồng Kinh Bắc"
    assert organization["country"] == "VN"
    assert organization["verification_status"] == "pending"
    assert organization["verified"] is False

    tokens = await login(client, "giam.doc@ducdong.vn", "đúc đồng Đại Bái 2026")
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.json()["organization_id"] == organization["id"]


async def test_pending_organization_is_hidden_from_the_public_until_verified(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization_id = (await client.post(REGISTER, json=registration())).json()["organization"][
        "id"
    ]
    assert (await client.get(f"/api/v1/organizations/{organization_id}")).status_code == 404

    officer = await make_user(session, platform_role=PlatformRole.department)
    decision = await client.post(
        f"/api/v1/organizations/{organization_id}/verification",
        json={"status": "verified"},
        headers=await auth_headers(client, officer),
    )
    assert decision.status_code == 200
    assert decision.json()["verified"] is True
    public = await client.get(f"/api/v1/organizations/{organization_id}")
    assert public.status_code == 200
    assert "tax_code" not in public.json()


async def test_email_already_taken_in_another_case_is_a_conflict(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, email="giam.doc@ducdong.vn")
    response = await client.post(REGISTER, json=registration())
    assert response.status_code == 409
    assert "giam.doc@ducdong.vn" in response.json()["detail"]


async def test_tax_code_of_a_registered_organization_is_a_conflict(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_organization(session, tax_code="0100109106")
    response = await client.post(REGISTER, json=registration())
    assert response.status_code == 409
    assert "0100109106" in response.json()["detail"]


async def test_bad_registration_names_every_bad_field_and_creates_nothing(
    client: httpx.AsyncClient,
) -> None:
    body = registration(email="not-an-email")
    body["organization"].update(tax_code="0100109107", country="XX", commune_code="nowhere")
    response = await client.post(REGISTER, json=body, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    fields = {item["field"] for item in response.json()["fields"]}
    assert fields == {
        "email",
        "organization.tax_code",
        "organization.country",
        "organization.commune_code",
    }
    assert "check digit" in response.json()["detail"]
    # Nothing was created: the same e-mail, fixed, registers fine.
    assert (await client.post(REGISTER, json=registration())).status_code == 201


async def test_short_password_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        REGISTER, json=registration(password="short"), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert "at least 10 characters" in response.json()["detail"]


async def test_registration_cannot_grant_a_platform_role(client: httpx.AsyncClient) -> None:
    response = await client.post(REGISTER, json=registration(platform_role="admin"))
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "platform_role"


async def test_an_individual_registers_with_the_personal_identification_number(
    client: httpx.AsyncClient,
) -> None:
    inventor = {
        "name": "Nguyễn Văn Sáng",
        "type": "individual",
        "country": "VN",
        "tax_code": "027 095 001 234",
    }
    response = await client.post(
        REGISTER, json=registration(email="sang.che@gmail.com", organization=inventor)
    )
    assert response.status_code == 201, response.text
    assert response.json()["organization"]["tax_code"] == "027095001234"

    company = {**inventor, "name": "Công ty Sáng Chế", "type": "enterprise"}
    refused = await client.post(
        REGISTER,
        json=registration(email="cong.ty@sangche.vn", organization=company),
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 422
    assert "personal identification number is the tax code of an individual" in refused.text
