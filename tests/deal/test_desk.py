"""The broker's desk through the API: demands worth a deal (strong matches, no deal yet) and
the tasks due today or overdue."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Demand, Offer, Organization
from app.models.vocabulary import OrganizationType, PlatformRole
from app.search.engines.base import SearchEngine
from tests.deal.world import headers, make_world, move, open_deal
from tests.factories import make_organization, make_user
from tests.matching.test_matches import index, paper_world


@pytest.fixture
async def index_engine(app: FastAPI) -> AsyncIterator[SearchEngine]:
    engine: SearchEngine = app.state.search_engine
    await engine.clear()
    yield engine
    await engine.clear()


async def test_suggestions_are_demands_with_strong_matches_and_no_deal(
    client: httpx.AsyncClient, session: AsyncSession, index_engine: SearchEngine
) -> None:
    world = await paper_world(session)
    demand, english = world["demand"], world["english"]
    assert isinstance(demand, Demand) and isinstance(english, Offer)
    await index(index_engine, english, world["unrelated"])  # type: ignore[arg-type]
    broker_org = await make_organization(session, type=OrganizationType.intermediary)
    broker = await make_user(session, organization=broker_org, platform_role=PlatformRole.broker)
    broker_headers = await headers(client, broker)

    response = await client.get("/api/v1/desk/suggestions", headers=broker_headers)
    assert response.status_code == 200, response.text
    suggested = response.json()
    assert [s["demand"]["id"] for s in suggested] == [demand.id]
    matches = suggested[0]["matches"]
    assert matches[0]["listing"]["id"] == english.id and matches[0]["score"] >= 0.6
    assert world["unrelated"].id not in [m["listing"]["id"] for m in matches]
    # Scored as the public sees it: the confidential budget stays out of it.
    assert "budget" not in {r["code"] for m in matches for r in m["reasons"]}
    assert suggested[0]["demand"]["budget_max_vnd"] is None

    # Once a broker takes the demand up, it is no longer a suggestion.
    buyer = world["buyer"]
    assert isinstance(buyer, Organization)
    opened = await client.post(
        "/api/v1/deals",
        json={
            "title": "Xử lý nước thải giấy Phong Khê",
            "supplier_id": english.organization_id,
            "recipient_id": buyer.id,
            "offer_id": english.id,
            "demand_id": demand.id,
        },
        headers=broker_headers,
    )
    assert opened.status_code == 201, opened.text
    after = await client.get("/api/v1/desk/suggestions", headers=broker_headers)
    assert after.json() == []


async def test_the_desk_is_for_brokers(client: httpx.AsyncClient, session: AsyncSession) -> None:
    member = await make_user(session, organization=await make_organization(session))
    officer = await make_user(session, platform_role=PlatformRole.department)
    for user in (member, officer):
        for path in ("desk/suggestions", "deals/desk/tasks"):
            response = await client.get(f"/api/v1/{path}", headers=await headers(client, user))
            assert response.status_code == 403 and "broker" in response.json()["detail"]
    assert (await client.get("/api/v1/deals/desk/tasks")).status_code == 401


async def test_tasks_due_today_and_overdue_are_the_brokers_own_or_nobodys(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    deal = await open_deal(client, world)
    other_broker = await make_user(
        session, organization=world.broker_org, platform_role=PlatformRole.broker
    )
    broker = await headers(client, world.broker)
    today = date.today()

    async def task(title: str, due_on: date, assignee_id: int | None = None) -> int:
        response = await client.post(
            f"/api/v1/deals/{deal['id']}/tasks",
            json={"title": title, "due_on": due_on.isoformat(), "assignee_id": assignee_id},
            headers=broker,
        )
        assert response.status_code == 201, response.text
        task_id: int = response.json()["id"]
        return task_id

    await task("Gửi dự thảo NDA", today - timedelta(days=2), world.broker.id)
    await task("Gọi bên nhận", today)
    await task("Khảo sát nhà máy", today + timedelta(days=1), world.broker.id)
    await task("Việc của đồng nghiệp", today, other_broker.id)
    done = await task("Đã xong", today - timedelta(days=1), world.broker.id)
    await client.patch(
        f"/api/v1/deals/{deal['id']}/tasks/{done}", json={"done": True}, headers=broker
    )
    lost = await open_deal(client, world)
    stale = await client.post(
        f"/api/v1/deals/{lost['id']}/tasks",
        json={"title": "Việc của giao dịch đã đóng", "due_on": today.isoformat()},
        headers=broker,
    )
    assert stale.status_code == 201
    await move(client, world.broker, lost["id"], stage="closed_lost", reason="Không còn nhu cầu")

    response = await client.get("/api/v1/deals/desk/tasks", headers=broker)
    assert response.status_code == 200, response.text
    assert [(t["title"], t["overdue"], t["deal_id"]) for t in response.json()] == [
        ("Gửi dự thảo NDA", True, deal["id"]),
        ("Gọi bên nhận", False, deal["id"]),
    ]
    assert response.json()[0]["deal_title"] == deal["title"]

    colleague = await client.get(
        "/api/v1/deals/desk/tasks", headers=await headers(client, other_broker)
    )
    assert [t["title"] for t in colleague.json()] == ["Gọi bên nhận", "Việc của đồng nghiệp"]
    rival = await client.get(
        "/api/v1/deals/desk/tasks", headers=await headers(client, world.rival_broker)
    )
    assert rival.json() == []
