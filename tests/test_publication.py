"""A listing that becomes public is announced the same way whichever path made it public: the
department publishing it, its owner renewing it after it expired, or the department
publishing a bulk import at once. Each path notifies the strong matches and alerts the saved
searches it answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.search_documents import build_search_document
from app.models import Offer, Organization, User
from app.models.vocabulary import ListingStatus, PlatformRole
from app.search.engines.base import SearchEngine
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer
from tests.listing.test_import import csv_file, row

TITLE = "Chế phẩm vi sinh phân giải rơm rạ thành phân hữu cơ"
OFFER = {
    "title": TITLE,
    "description": "Chế phẩm vi sinh phân giải rơm rạ thành phân hữu cơ trong 30 ngày.",
    "field_code": "40101",
    "keywords": ["vi sinh", "phân hữu cơ", "rơm rạ"],
    "trl": 7,
}

MakePublic = Callable[[httpx.AsyncClient, AsyncSession, Organization], Awaitable[None]]


async def _staff_headers(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    staff = await make_user(session, platform_role=PlatformRole.department)
    return await auth_headers(client, staff)


async def published_by_the_department(
    client: httpx.AsyncClient, session: AsyncSession, supplier: Organization
) -> None:
    offer = await make_offer(session, supplier, status=ListingStatus.draft, **OFFER)
    response = await client.post(
        f"/api/v1/offers/{offer.id}/publish", headers=await _staff_headers(client, session)
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "published"


async def renewed_after_expiry(
    client: httpx.AsyncClient, session: AsyncSession, supplier: Organization
) -> None:
    offer = await make_offer(session, supplier, status=ListingStatus.expired, **OFFER)
    owner = await make_user(session, organization=supplier)
    response = await client.post(
        f"/api/v1/offers/{offer.id}/renew", headers=await auth_headers(client, owner)
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "published"


async def imported_and_published(
    client: httpx.AsyncClient, session: AsyncSession, supplier: Organization
) -> None:
    data = csv_file([row("VS-01", title=TITLE, trl="7")])
    response = await client.post(
        "/api/v1/imports/research-results",
        params={"dry_run": "false", "publish": "true", "organization_id": str(supplier.id)},
        files={"file": ("ket-qua.csv", data)},
        headers=await _staff_headers(client, session),
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 1 and response.json()["published"] == 1
    offer = await session.scalar(select(Offer).where(Offer.external_ref == "VS-01"))
    assert offer is not None and offer.status is ListingStatus.published


async def _inbox(client: httpx.AsyncClient, user: User, kind: str) -> list[str]:
    response = await client.get("/api/v1/notifications", headers=await auth_headers(client, user))
    return [n["title"] for n in response.json()["items"] if n["kind"] == kind]


@pytest.mark.parametrize(
    "make_public",
    [published_by_the_department, renewed_after_expiry, imported_and_published],
    ids=["publish", "renew", "import"],
)
async def test_every_path_to_the_exchange_notifies_matches_and_alerts_saved_searches(
    client: httpx.AsyncClient,
    session: AsyncSession,
    index_engine: SearchEngine,
    make_public: MakePublic,
) -> None:
    buyer = await make_organization(session, name="Hợp tác xã nông nghiệp Yên Phong")
    demand = await make_demand(
        session,
        buyer,
        title="Cần chế phẩm vi sinh xử lý rơm rạ làm phân hữu cơ",
        problem="Rơm rạ sau thu hoạch bị đốt; cần chế phẩm vi sinh ủ thành phân hữu cơ.",
        keywords=["vi sinh", "rơm rạ", "phân hữu cơ"],
        field_code="40101",
        min_trl=6,
    )
    await index_engine.apply([build_search_document(demand)], [])
    watchers = await make_organization(session, name="Công ty Phân bón Quế Võ")
    watcher = await make_user(session, organization=watchers)
    saved = await client.post(
        "/api/v1/saved-searches",
        json={"name": "Vi sinh", "q": "vi sinh rơm rạ", "type": "offer"},
        headers=await auth_headers(client, watcher),
    )
    assert saved.status_code == 201, saved.text
    supplier = await make_organization(session, name="Viện Thổ nhưỡng Nông hóa")

    await make_public(client, session, supplier)

    matches = await _inbox(client, await make_user(session, organization=buyer), "match_found")
    assert len(matches) == 1 and TITLE in matches[0]
    supplier_member = await make_user(session, organization=supplier)
    supplier_matches = await _inbox(client, supplier_member, "match_found")
    assert len(supplier_matches) == 1 and demand.title in supplier_matches[0]
    alerts = await _inbox(client, watcher, "saved_search_alert")
    assert alerts == [f"Tin mới cho tìm kiếm «Vi sinh»: {TITLE}"]


async def test_only_the_department_publishes_on_import(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    member = await make_user(session, organization=organization)
    response = await client.post(
        "/api/v1/imports/research-results",
        params={"dry_run": "false", "publish": "true"},
        files={"file": ("ket-qua.csv", csv_file([row("VS-02")]))},
        headers=await auth_headers(client, member),
    )
    assert response.status_code == 403
    assert await session.scalar(select(Offer).where(Offer.external_ref == "VS-02")) is None
