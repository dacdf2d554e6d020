"""Organisations: who sees what, who changes what."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import MembershipRole, OrganizationType, PlatformRole
from tests.factories import auth_headers, make_organization, make_user

ORGS = "/api/v1/organizations"
PRIVATE_FIELDS = {"tax_code", "contact_email", "contact_phone", "address", "verification_note"}


async def test_member_of_one_organization_cannot_read_anothers_private_data(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ours = await make_organization(session)
    theirs = await make_organization(
        session, tax_code="0300588569", contact_email="ceo@theirs.vn", contact_phone="0912345678"
    )
    member = await make_user(session, organization=ours)
    headers = await auth_headers(client, member)

    card = await client.get(f"{ORGS}/{theirs.id}", headers=headers)
    assert card.status_code == 200
    assert not PRIVATE_FIELDS & card.json().keys()
    assert "ceo@theirs.vn" not in card.text

    members = await client.get(f"{ORGS}/{theirs.id}/members", headers=headers)
    assert members.status_code == 403
    edit = await client.patch(f"{ORGS}/{theirs.id}", json={"address": "Hijacked"}, headers=headers)
    assert edit.status_code == 403


async def test_member_reads_own_private_data(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ours = await make_organization(session, tax_code="0300588569", contact_email="ceo@ours.vn")
    member = await make_user(session, organization=ours)
    headers = await auth_headers(client, member)
    response = await client.get(f"{ORGS}/{ours.id}", headers=headers)
    assert response.json()["tax_code"] == "0300588569"
    assert response.json()["contact_email"] == "ceo@ours.vn"
    members = await client.get(f"{ORGS}/{ours.id}/members", headers=headers)
    assert [m["id"] for m in members.json()["items"]] == [member.id]


async def test_department_reads_everything(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pending = await make_organization(session, verified=False, contact_email="a@b.vn")
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)
    response = await client.get(f"{ORGS}/{pending.id}", headers=headers)
    assert response.status_code == 200
    assert response.json()["contact_email"] == "a@b.vn"
    listing = await client.get(ORGS, params={"status": "pending"}, headers=headers)
    assert pending.id in [o["id"] for o in listing.json()["items"]]


async def test_public_list_shows_only_verified_organizations_without_private_fields(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    verified = await make_organization(
        session,
        name="Viện Công nghệ Sinh học Thử nghiệm",
        type=OrganizationType.research_institute,
        contact_email="x@y.vn",
    )
    hidden = await make_organization(session, name="Viện Chưa Xác Minh", verified=False)
    response = await client.get(ORGS, params={"q": "Viện", "per_page": 100})
    ids = [o["id"] for o in response.json()["items"]]
    assert verified.id in ids and hidden.id not in ids
    assert all(not PRIVATE_FIELDS & item.keys() for item in response.json()["items"])


async def test_only_staff_create_organizations(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    body = {"name": "Kansai Precision Machinery", "type": "enterprise", "country": "JP"}
    member = await make_user(session, organization=await make_organization(session))
    assert (
        await client.post(ORGS, json=body, headers=await auth_headers(client, member))
    ).status_code == 403
    officer = await make_user(session, platform_role=PlatformRole.department)
    created = await client.post(ORGS, json=body, headers=await auth_headers(client, officer))
    assert created.status_code == 201
    assert created.json()["verified"] is True
    assert created.json()["country"] == "JP"


async def test_owner_edits_profile_but_not_the_identity_of_a_verified_organization(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ours = await make_organization(session)
    owner = await make_user(session, organization=ours, membership_role=MembershipRole.owner)
    headers = await auth_headers(client, owner)
    ok = await client.patch(
        f"{ORGS}/{ours.id}",
        json={"website": "https://ducdong.vn", "commune_code": "09454"},
        headers=headers,
    )
    assert ok.status_code == 200
    assert ok.json()["website"] == "https://ducdong.vn/"
    refused = await client.patch(f"{ORGS}/{ours.id}", json={"type": "university"}, headers=headers)
    assert refused.status_code == 403
    assert "type" in refused.json()["detail"]


async def test_plain_member_cannot_edit(client: httpx.AsyncClient, session: AsyncSession) -> None:
    ours = await make_organization(session)
    member = await make_user(session, organization=ours, membership_role=MembershipRole.member)
    response = await client.patch(
        f"{ORGS}/{ours.id}", json={"address": "Số 1"}, headers=await auth_headers(client, member)
    )
    assert response.status_code == 403


async def test_department_corrects_the_type(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session, type=OrganizationType.enterprise)
    officer = await make_user(session, platform_role=PlatformRole.department)
    response = await client.patch(
        f"{ORGS}/{organization.id}",
        json={"type": "st_organization"},
        headers=await auth_headers(client, officer),
    )
    assert response.status_code == 200
    assert response.json()["type"] == "st_organization"


async def test_inconsistent_type_attributes_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)
    body = {"name": "Đại học Thử", "type": "university", "ownership": "fdi"}
    response = await client.post(ORGS, json=body, headers=headers)
    assert response.status_code == 422
    assert "enterprises only" in response.json()["detail"]
    enterprise = await make_organization(session, ownership=None)
    response = await client.patch(
        f"{ORGS}/{enterprise.id}", json={"intermediary_subtype": "incubator"}, headers=headers
    )
    assert response.status_code == 422


async def test_rejection_needs_a_reason(client: httpx.AsyncClient, session: AsyncSession) -> None:
    pending = await make_organization(session, verified=False)
    officer = await make_user(session, platform_role=PlatformRole.department)
    headers = await auth_headers(client, officer)
    url = f"{ORGS}/{pending.id}/verification"
    assert (await client.post(url, json={"status": "rejected"}, headers=headers)).status_code == 422
    response = await client.post(
        url, json={"status": "rejected", "note": "Mã số thuế không khớp"}, headers=headers
    )
    assert response.status_code == 200
    assert response.json()["verification_note"] == "Mã số thuế không khớp"


async def test_members_cannot_verify_their_own_organization(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pending = await make_organization(session, verified=False)
    owner = await make_user(session, organization=pending, membership_role=MembershipRole.owner)
    response = await client.post(
        f"{ORGS}/{pending.id}/verification",
        json={"status": "verified"},
        headers=await auth_headers(client, owner),
    )
    assert response.status_code == 403


async def test_duplicate_tax_code_on_edit_is_a_conflict(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_organization(session, tax_code="0300588569")
    other = await make_organization(session)
    officer = await make_user(session, platform_role=PlatformRole.admin)
    response = await client.patch(
        f"{ORGS}/{other.id}",
        json={"tax_code": "0300588569"},
        headers=await auth_headers(client, officer),
    )
    assert response.status_code == 409


async def test_an_organisation_cannot_take_a_personal_identification_number(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    company = await make_organization(session, tax_code="0300588569")
    officer = await auth_headers(client, await make_user(session, platform_role=PlatformRole.admin))
    response = await client.patch(
        f"{ORGS}/{company.id}", json={"tax_code": "027095001234"}, headers=officer
    )
    assert response.status_code == 422
    assert "tax code of an individual" in response.json()["detail"]
    assert (await client.get(f"{ORGS}/{company.id}", headers=officer)).json()["tax_code"] == (
        "0300588569"
    )
    # Corrected to an individual at the same time, the number is accepted.
    response = await client.patch(
        f"{ORGS}/{company.id}",
        json={"type": "individual", "tax_code": "027095001234"},
        headers=officer,
    )
    assert response.status_code == 200, response.text
