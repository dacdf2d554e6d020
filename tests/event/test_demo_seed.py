"""The demo's techmart and challenge: shown through the public API, seeded once."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.demo.events import DEMO_CHALLENGE_TITLE, DEMO_EVENT_TITLE, seed_events
from app.models.vocabulary import OrganizationType
from tests.event.factories import COMMUNE
from tests.factories import make_organization
from tests.listing.factories import make_demand, make_offer


async def test_demo_techmart_and_challenge_are_public_and_seeded_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organizations = {
        "san": await make_organization(
            session, type=OrganizationType.intermediary, commune_code=COMMUNE
        ),
        "vien_nn": await make_organization(session, type=OrganizationType.research_institute),
        "dongdaibai": await make_organization(session),
    }
    for _ in range(3):
        await make_offer(session, organizations["vien_nn"])
    await make_demand(session, organizations["dongdaibai"])
    assert await seed_events(session, organizations) == 2
    assert await seed_events(session, organizations) == 0

    [event] = (await client.get("/api/v1/events")).json()["items"]
    assert event["title"] == DEMO_EVENT_TITLE and len(event["sessions"]) == 4
    assert event["registration_deadline"] < event["starts_at"] and event["commune_name"]
    participants = (await client.get(f"/api/v1/events/{event['id']}/participants")).json()
    assert sorted(len(p["listings"]) for p in participants) == [1, 2]
    [challenge] = (await client.get("/api/v1/challenges")).json()["items"]
    assert challenge["title"] == DEMO_CHALLENGE_TITLE
    assert challenge["reward_vnd"] is None and challenge["proposals"] is None
