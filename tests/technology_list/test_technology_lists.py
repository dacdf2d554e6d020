"""The technology lists as rows: read by the department, edited by administrators with a
source and a date, every change audited, and screening follows the edits at once."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models.vocabulary import ListingStatus, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_offer

ITEMS = "/api/v1/technology-lists/items"
NEW_ITEM = {
    "code": "TEST-01",
    "list_kind": "restricted",
    "directions": ["domestic", "inbound"],
    "list_title": "Phụ lục II, mục A",
    "sector": "Công nghiệp",
    "name": "Công nghệ mạ kẽm nhúng nóng thủ công",
    "keywords": ["mạ kẽm nhúng nóng thủ công"],
    "source": "Quyết định thử nghiệm của Sở, mục 3",
    "source_date": "2025-06-30",
}


async def test_the_seeded_items_carry_a_source_and_a_date(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await make_user(session, platform_role=PlatformRole.department)
    response = await client.get(
        ITEMS, params={"per_page": 100}, headers=await auth_headers(client, officer)
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == response.json()["total"] >= 19
    assert all(item["source"] and item["source_date"] == "2018-05-15" for item in items)
    assert {item["list_kind"] for item in items} == {"restricted", "prohibited"}


async def test_only_the_department_and_admins_read_and_only_admins_edit(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    member = await make_user(session, organization=organization)
    officer = await make_user(session, platform_role=PlatformRole.department)
    member_headers = await auth_headers(client, member)
    officer_headers = await auth_headers(client, officer)
    assert (await client.get(ITEMS)).status_code == 401
    assert (await client.get(ITEMS, headers=member_headers)).status_code == 403
    refused = await client.post(ITEMS, json=NEW_ITEM, headers=officer_headers)
    assert refused.status_code == 403
    assert (await client.get(ITEMS, params={"q": "TEST-01"}, headers=officer_headers)).json()[
        "total"
    ] == 0


async def test_an_admin_adds_changes_and_removes_an_item_and_each_step_is_audited(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    headers = await auth_headers(client, admin)
    created = await client.post(ITEMS, json=NEW_ITEM, headers=headers)
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["updated_by_id"] == admin.id
    assert item["keywords"] == ["mạ kẽm nhúng nóng thủ công"]

    changed = await client.patch(
        f"{ITEMS}/{item['id']}",
        json={"version": item["version"], "source": "Công văn 12/SKHCN", "list_kind": "prohibited"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    stale = await client.patch(
        f"{ITEMS}/{item['id']}", json={"version": item["version"], "name": "X Y Z"}, headers=headers
    )
    assert stale.status_code == 409

    removed = await client.delete(
        f"{ITEMS}/{item['id']}", params={"version": changed.json()["version"]}, headers=headers
    )
    assert removed.status_code == 204
    assert (await client.get(f"{ITEMS}/{item['id']}", headers=headers)).status_code == 404

    trail = (
        await client.get(
            "/api/v1/technology-lists/history", params={"item_id": item["id"]}, headers=headers
        )
    ).json()
    assert [event["action"] for event in trail] == ["deleted", "changed", "created"]
    assert trail[1]["changes"] == {
        "list_kind": ["restricted", "prohibited"],
        "source": ["Quyết định thử nghiệm của Sở, mục 3", "Công văn 12/SKHCN"],
    }
    assert all(event["actor_id"] == admin.id and event["code"] == "TEST-01" for event in trail)


async def test_bad_items_are_refused_with_the_field_named(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    headers = await auth_headers(client, admin)
    no_source = {key: value for key, value in NEW_ITEM.items() if key != "source"}
    assert (await client.post(ITEMS, json=no_source, headers=headers)).status_code == 422
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    future = await client.post(ITEMS, json=NEW_ITEM | {"source_date": tomorrow}, headers=headers)
    assert future.status_code == 422
    assert "source_date" in future.json()["detail"]
    one_letter = await client.post(ITEMS, json=NEW_ITEM | {"keywords": ["a!"]}, headers=headers)
    assert one_letter.status_code == 422
    duplicate = await client.post(ITEMS, json=NEW_ITEM | {"code": "PLII-A-01"}, headers=headers)
    assert duplicate.status_code == 409
    assert (
        await client.post(ITEMS, json=NEW_ITEM | {"directions": []}, headers=headers)
    ).status_code == 422


async def test_screening_reads_the_edited_lists(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    officer = await make_user(session, platform_role=PlatformRole.department)
    created = await client.post(ITEMS, json=NEW_ITEM, headers=await auth_headers(client, admin))
    assert created.status_code == 201
    organization = await make_organization(session)
    offer = await make_offer(
        session,
        organization,
        status=ListingStatus.draft,
        description="Dây chuyền mạ kẽm nhúng nóng thủ công cho làng nghề.",
    )
    published = await client.post(
        f"/api/v1/offers/{offer.id}/publish", headers=await auth_headers(client, officer)
    )
    assert published.json()["status"] == "pending_review"
    assert published.json()["screening_hits"][0]["code"] == "TEST-01"


async def test_refusals_are_in_the_request_language(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, platform_role=PlatformRole.admin)
    headers = await auth_headers(client, admin)
    taken = NEW_ITEM | {"code": "PLII-A-01"}
    vi = await client.post(ITEMS, json=taken, headers=headers | {"Accept-Language": "vi"})
    en = await client.post(ITEMS, json=taken, headers=headers | {"Accept-Language": "en"})
    assert vi.status_code == en.status_code == 409
    assert en.json()["detail"] == (
        "An item with the code PLII-A-01 already exists; choose another code."
    )
    assert vi.json()["detail"] == "Đã có mục mang mã PLII-A-01; hãy chọn mã khác."
