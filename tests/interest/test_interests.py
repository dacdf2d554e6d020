"""Expressions of interest end to end: sent about a published listing, answered by its owner,
an anonymous owner revealed only on acceptance, notifications both ways, permissions."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Interest, Offer, Organization, User
from app.models.vocabulary import ListingStatus, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer

SECRET_OWNER = "Viện Công nghệ Ẩn Danh"
SECRET_EMAIL = "lien.he@an-danh.example.vn"
REQUEST = {
    "intended_use": "Áp dụng cho dây chuyền xử lý nước thải 500 m³/ngày của nhà máy giấy.",
    "capacity": "Đội kỹ thuật 6 người, vốn đối ứng 3 tỷ đồng.",
    "questions": "Chi phí vận hành mỗi m³ là bao nhiêu?",
}


@dataclass
class World:
    owner_org: Organization
    owner: User
    offer: Offer
    requester_org: Organization
    requester: User
    stranger: User


async def make_world(session: AsyncSession, *, anonymous: bool = True) -> World:
    owner_org = await make_organization(
        session, name=SECRET_OWNER, contact_email=SECRET_EMAIL, contact_name="TS. Trần Văn Ẩn"
    )
    requester_org = await make_organization(session, name="Công ty Giấy Phong Khê")
    offer = await make_offer(session, owner_org, anonymous=anonymous)
    return World(
        owner_org=owner_org,
        owner=await make_user(session, organization=owner_org),
        offer=offer,
        requester_org=requester_org,
        requester=await make_user(session, organization=requester_org),
        stranger=await make_user(session, organization=await make_organization(session)),
    )


async def send(client: httpx.AsyncClient, world: World) -> dict[str, object]:
    response = await client.post(
        f"/api/v1/offers/{world.offer.id}/interests",
        json=REQUEST,
        headers=await auth_headers(client, world.requester),
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def inbox(client: httpx.AsyncClient, user: User, kind: str) -> list[dict[str, str]]:
    response = await client.get("/api/v1/notifications", headers=await auth_headers(client, user))
    return [n for n in response.json()["items"] if n["kind"] == kind]


async def test_anonymous_owner_revealed_only_on_acceptance(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    sent = await send(client, world)
    assert sent["status"] == "pending"
    assert sent["owner"] is None and sent["owner_contact"] is None
    assert SECRET_OWNER not in str(sent) and SECRET_EMAIL not in str(sent)

    # The owner hears of it, with who asks and what for.
    received = await inbox(client, world.owner, "interest_received")
    assert len(received) == 1 and "Công ty Giấy Phong Khê" in received[0]["body"]
    owner_headers = await auth_headers(client, world.owner)
    owner_view = (await client.get(f"/api/v1/interests/{sent['id']}", headers=owner_headers)).json()
    assert owner_view["capacity"] == REQUEST["capacity"]
    assert owner_view["questions"] == REQUEST["questions"]
    # The requester's contact waits for the owner's acceptance too.
    assert owner_view["requester_contact"] is None

    requester_headers = await auth_headers(client, world.requester)
    before = await client.get(f"/api/v1/interests/{sent['id']}", headers=requester_headers)
    assert SECRET_OWNER not in before.text and SECRET_EMAIL not in before.text

    accepted = await client.post(
        f"/api/v1/interests/{sent['id']}/accept",
        json={"reason": "Rất phù hợp, mời trao đổi"},
        headers=owner_headers,
    )
    assert accepted.status_code == 200, accepted.text

    after = (await client.get(f"/api/v1/interests/{sent['id']}", headers=requester_headers)).json()
    assert after["status"] == "accepted"
    assert after["owner"]["name"] == SECRET_OWNER
    assert after["owner_contact"]["email"] == SECRET_EMAIL
    owner_after = await client.get(f"/api/v1/interests/{sent['id']}", headers=owner_headers)
    assert owner_after.json()["requester_contact"]["email"] == world.requester.email
    answered = await inbox(client, world.requester, "interest_answered")
    assert len(answered) == 1 and "Rất phù hợp" in answered[0]["body"]


async def test_declined_keeps_the_owner_hidden_and_tells_the_reason(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    sent = await send(client, world)
    owner_headers = await auth_headers(client, world.owner)
    no_reason = await client.post(
        f"/api/v1/interests/{sent['id']}/decline", json={"reason": "  "}, headers=owner_headers
    )
    assert no_reason.status_code == 422
    assert (await session.get(Interest, sent["id"])).status == "pending"  # type: ignore[union-attr]

    declined = await client.post(
        f"/api/v1/interests/{sent['id']}/decline",
        json={"reason": "Đã chuyển giao độc quyền cho đơn vị khác"},
        headers=owner_headers,
    )
    assert declined.status_code == 200
    requester_headers = await auth_headers(client, world.requester)
    view = await client.get(f"/api/v1/interests/{sent['id']}", headers=requester_headers)
    assert view.json()["status"] == "declined"
    assert view.json()["decision_reason"] == "Đã chuyển giao độc quyền cho đơn vị khác"
    assert SECRET_OWNER not in view.text and SECRET_EMAIL not in view.text
    again = await client.post(f"/api/v1/interests/{sent['id']}/accept", headers=owner_headers)
    assert again.status_code == 409


async def test_who_may_send_see_and_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, anonymous=False)
    sent = await send(client, world)
    # A listing that is not anonymous shows its owner and contact from the start.
    assert sent["owner"]["name"] == SECRET_OWNER  # type: ignore[index]

    stranger = await auth_headers(client, world.stranger)
    assert (
        await client.get(f"/api/v1/interests/{sent['id']}", headers=stranger)
    ).status_code == 404
    listed = await client.get("/api/v1/interests", headers=stranger)
    assert listed.json()["total"] == 0
    requester = await auth_headers(client, world.requester)
    # The requester cannot answer its own request; a second open one is refused.
    assert (
        await client.post(f"/api/v1/interests/{sent['id']}/accept", headers=requester)
    ).status_code == 403
    duplicate = await client.post(
        f"/api/v1/offers/{world.offer.id}/interests", json=REQUEST, headers=requester
    )
    assert duplicate.status_code == 409
    staff = await auth_headers(
        client, await make_user(session, platform_role=PlatformRole.department)
    )
    assert (await client.get(f"/api/v1/interests/{sent['id']}", headers=staff)).status_code == 200
    assert (
        await client.post(f"/api/v1/interests/{sent['id']}/accept", headers=staff)
    ).status_code == 403

    sent_box = await client.get("/api/v1/interests?box=sent", headers=requester)
    assert [i["id"] for i in sent_box.json()["items"]] == [sent["id"]]
    owner = await auth_headers(client, world.owner)
    received_box = await client.get("/api/v1/interests?box=received", headers=owner)
    assert [i["id"] for i in received_box.json()["items"]] == [sent["id"]]
    assert (await client.get("/api/v1/interests?box=sent", headers=owner)).json()["total"] == 0


async def test_bad_requests_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    requester = await auth_headers(client, world.requester)
    owner = await auth_headers(client, world.owner)
    path = f"/api/v1/offers/{world.offer.id}/interests"
    too_short = await client.post(path, json={"intended_use": "  dùng  "}, headers=requester)
    assert too_short.status_code == 422
    own = await client.post(path, json=REQUEST, headers=owner)
    assert own.status_code == 409
    draft = await make_offer(session, world.owner_org, status=ListingStatus.draft)
    hidden = await client.post(
        f"/api/v1/offers/{draft.id}/interests", json=REQUEST, headers=requester
    )
    assert hidden.status_code == 404
    assert (await client.post(path, json=REQUEST)).status_code == 401
    assert (await client.get("/api/v1/interests", headers=requester)).json()["total"] == 0
    assert await inbox(client, world.owner, "interest_received") == []

    demand = await make_demand(session, world.owner_org)
    on_demand = await client.post(
        f"/api/v1/demands/{demand.id}/interests", json=REQUEST, headers=requester
    )
    assert on_demand.status_code == 201
    assert on_demand.json()["listing"] == {"type": "demand", "id": demand.id, "title": demand.title}
