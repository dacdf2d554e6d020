"""Events through the API: who creates them, registration and approval, the catalogue,
suggestions from the matcher, meeting requests, the schedule, agendas, outcomes and deals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models import DealSource, Event, MailOutbox, User
from tests.event.factories import EventWorld, create_event, event_body, make_event_world
from tests.factories import auth_headers


class Actors:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.cache: dict[int, dict[str, str]] = {}

    async def __call__(self, user: User) -> dict[str, str]:
        if user.id not in self.cache:
            self.cache[user.id] = await auth_headers(self.client, user)
        return self.cache[user.id]


async def register(
    client: httpx.AsyncClient, headers: dict[str, str], event_id: int, **body: Any
) -> httpx.Response:
    return await client.post(f"/api/v1/events/{event_id}/participants", json=body, headers=headers)


async def test_only_the_department_or_an_intermediary_creates_events(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    refused = await client.post(
        "/api/v1/events", json=event_body(), headers=await as_(world.enterprise_user)
    )
    assert refused.status_code == 403
    no_place = await client.post(
        "/api/v1/events",
        json=event_body(format="offline", commune_code="nowhere"),
        headers=await as_(world.broker),
    )
    assert no_place.status_code == 422 and "commune_code" in no_place.json()["detail"]
    late = await client.post(
        "/api/v1/events",
        json=event_body(registration_deadline=(utcnow() + timedelta(days=30)).isoformat()),
        headers=await as_(world.broker),
    )
    assert late.status_code == 422
    day = event_body()["sessions"][0]
    overlapping = await client.post(
        "/api/v1/events",
        json=event_body(sessions=[day, {**day, "title": "Trùng giờ"}]),
        headers=await as_(world.broker),
    )
    assert overlapping.status_code == 422 and "overlap" in overlapping.json()["detail"]
    assert await session.scalar(select(func.count()).select_from(Event)) == 0

    event = await create_event(client, world.department)
    assert event["organizer"]["id"] != world.centre.id and event["broker_organization_id"] is None
    event = await create_event(client, world.broker)
    assert event["organizer"]["id"] == world.centre.id
    assert event["broker_organization_id"] == world.centre.id
    assert event["commune_name"] and event["starts_at"] < event["sessions"][1]["starts_at"]

    listed = (await client.get("/api/v1/events")).json()
    assert listed["total"] == 2
    feed = await client.get("/api/v1/events/calendar.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    entries = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(entry["summary"]) for entry in entries] == ["Techmart Bắc Ninh 2027"] * 2
    assert "Trung tâm Hội nghị tỉnh" in str(entries[0]["location"])


async def test_registration_approval_and_the_public_catalogue(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    event = await create_event(client, world.broker)
    url = f"/api/v1/events/{event['id']}/participants"

    not_mine = await register(
        client, await as_(world.enterprise_user), event["id"], role="exhibitor",
        offer_ids=[world.offers[0].id],
    )  # fmt: skip
    assert not_mine.status_code == 422
    exhibitor = await register(
        client, await as_(world.institute_user), event["id"], role="exhibitor",
        offer_ids=[offer.id for offer in world.offers],
    )  # fmt: skip
    assert exhibitor.status_code == 201 and exhibitor.json()["status"] == "pending"
    assert len(exhibitor.json()["listings"]) == 2
    again = await register(client, await as_(world.institute_user), event["id"], role="visitor")
    assert again.status_code == 409

    assert (await client.get(url)).json() == []  # pending exhibitors are not public
    organiser_view = (await client.get(url, headers=await as_(world.broker))).json()
    assert [p["status"] for p in organiser_view] == ["pending"]

    approval = f"{url}/{exhibitor.json()['id']}/approval"
    assert (
        await client.post(approval, json={"approve": True}, headers=await as_(world.stranger))
    ).status_code == 403
    approved = await client.post(approval, json={"approve": True}, headers=await as_(world.broker))
    assert approved.json()["status"] == "approved"
    public = (await client.get(url)).json()
    assert [p["organization"]["name"] for p in public] == ["Viện Công nghệ Sinh học"]


async def test_registration_closes_at_the_deadline_and_at_capacity(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    event = await create_event(client, world.broker, capacity=1)
    first = await register(client, await as_(world.enterprise_user), event["id"], role="visitor")
    assert first.status_code == 201
    full = await register(client, await as_(world.stranger), event["id"], role="visitor")
    assert full.status_code == 409

    row = await session.get(Event, event["id"])
    assert row is not None
    row.capacity = 10
    row.registration_deadline = utcnow() - timedelta(minutes=1)
    await session.flush()
    late = await register(client, await as_(world.stranger), event["id"], role="visitor")
    assert late.status_code == 409 and "closed" in late.json()["detail"]


async def approved_pair(
    client: httpx.AsyncClient, world: EventWorld, as_: Actors, **event: Any
) -> tuple[dict[str, Any], int, int]:
    created = await create_event(client, world.broker, **event)
    institute = await register(
        client, await as_(world.institute_user), created["id"], role="exhibitor",
        offer_ids=[offer.id for offer in world.offers],
    )  # fmt: skip
    await client.post(
        f"/api/v1/events/{created['id']}/participants/{institute.json()['id']}/approval",
        json={"approve": True},
        headers=await as_(world.broker),
    )
    enterprise = await register(
        client, await as_(world.enterprise_user), created["id"], role="visitor",
        demand_ids=[world.demand.id],
    )  # fmt: skip
    assert enterprise.json()["status"] == "approved"
    return created, institute.json()["id"], enterprise.json()["id"]


async def test_from_suggestion_to_schedule_agenda_and_deal(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    event, institute_id, _ = await approved_pair(client, world, as_)
    base = f"/api/v1/events/{event['id']}"

    suggestions = (
        await client.get(f"{base}/suggestions", headers=await as_(world.enterprise_user))
    ).json()
    assert [s["participant"]["id"] for s in suggestions] == [institute_id]
    assert suggestions[0]["score"] > 0.3

    requested = await client.post(
        f"{base}/meeting-requests",
        json={"target_participant_id": institute_id, "suggested": True, "message": "Gặp nhé"},
        headers=await as_(world.enterprise_user),
    )
    assert requested.status_code == 201 and requested.json()["match_score"] > 0.3
    twice = await client.post(
        f"{base}/meeting-requests",
        json={"target_participant_id": institute_id},
        headers=await as_(world.enterprise_user),
    )
    assert twice.status_code == 409
    answer = await client.post(
        f"{base}/meeting-requests/{requested.json()['id']}/answer",
        json={"approve": True},
        headers=await as_(world.enterprise_user),
    )
    assert answer.status_code == 403  # only the invited side answers

    refused = await client.post(f"{base}/schedule", headers=await as_(world.enterprise_user))
    assert refused.status_code == 403
    schedule = await client.post(f"{base}/schedule", headers=await as_(world.broker))
    assert schedule.status_code == 200, schedule.text
    body = schedule.json()
    assert body["unscheduled"] == 0 and len(body["meetings"]) == 1
    meeting = body["meetings"][0]
    morning = event["sessions"][0] if event["sessions"][0]["meetings"] else event["sessions"][1]
    assert meeting["session_id"] == morning["id"] and meeting["table_number"] in (1, 2)

    for user in (world.enterprise_user, world.institute_user):
        mine = (await client.get(f"{base}/meetings", headers=await as_(user))).json()
        assert [m["id"] for m in mine] == [meeting["id"]]
        agenda = await client.get(f"{base}/agenda.ics", headers=await as_(user))
        [entry] = Calendar.from_ical(agenda.content).walk("VEVENT")
        assert entry.decoded("dtstart").isoformat() == meeting["starts_at"].replace("Z", "+00:00")
    assert (
        await client.get(f"{base}/meetings", headers=await as_(world.stranger))
    ).status_code == 403
    mails = await session.scalars(
        select(MailOutbox.to_address).where(MailOutbox.subject.like("Lịch gặp B2B%"))
    )
    assert set(mails.all()) == {world.enterprise_user.email, world.institute_user.email}

    # Rebuilding keeps a held meeting where it is.
    held = await client.post(
        f"{base}/meetings/{meeting['id']}/check-in", headers=await as_(world.institute_user)
    )
    assert held.json()["held_at"] is not None
    again = (await client.post(f"{base}/schedule", headers=await as_(world.broker))).json()
    assert [(m["id"], m["starts_at"]) for m in again["meetings"]] == [
        (meeting["id"], meeting["starts_at"])
    ]

    outcome = await client.post(
        f"{base}/meetings/{meeting['id']}/outcome",
        json={"outcome": "deal", "note": "Thử nghiệm tại kho lạnh"},
        headers=await as_(world.enterprise_user),
    )
    assert outcome.status_code == 200, outcome.text
    deal_id = outcome.json()["deal_id"]
    deals = (await client.get("/api/v1/deals", headers=await as_(world.broker))).json()
    [deal] = [d for d in deals["items"] if d["id"] == deal_id]
    assert deal["supplier_id"] == world.institute.id and deal["recipient_id"] == world.enterprise.id
    source = await session.get(DealSource, deal_id)
    assert source is not None and source.event_id == event["id"]
    twice_outcome = await client.post(
        f"{base}/meetings/{meeting['id']}/outcome",
        json={"outcome": "no_interest"},
        headers=await as_(world.institute_user),
    )
    assert twice_outcome.status_code == 409

    assert (
        await client.get("/api/v1/outcomes", headers=await as_(world.broker))
    ).status_code == 403
    report = (await client.get("/api/v1/outcomes", headers=await as_(world.department))).json()
    assert report["events"] == [
        {
            "event_id": event["id"],
            "title": event["title"],
            "held": False,
            "participants": 2,
            "checked_in": 0,
            "meetings_requested": 1,
            "meetings_scheduled": 1,
            "meetings_held": 1,
            "interests": 1,
            "deals": 1,
            "transactions": 0,
        }
    ]
    assert report["totals"]["deals"] == 1 and report["totals"]["events_held"] == 0


async def test_availability_and_tables_limit_the_schedule(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_event_world(session)
    as_ = Actors(client)
    event, institute_id, _ = await approved_pair(client, world, as_, tables=1)
    base = f"/api/v1/events/{event['id']}"
    meeting_session = next(s for s in event["sessions"] if s["meetings"])
    other_session = next(s for s in event["sessions"] if not s["meetings"])
    stranger = await register(
        client, await as_(world.stranger), event["id"], role="visitor",
        available_session_ids=[other_session["id"]],
    )  # fmt: skip
    assert stranger.status_code == 201
    for user in (world.enterprise_user, world.stranger):
        response = await client.post(
            f"{base}/meeting-requests",
            json={"target_participant_id": institute_id},
            headers=await as_(user),
        )
        assert response.status_code == 201
    body = (await client.post(f"{base}/schedule", headers=await as_(world.broker))).json()
    # The stranger only attends the opening, where no meetings are held.
    assert body["unscheduled"] == 1
    assert [m["target"]["id"] for m in body["meetings"]] == [world.institute.id]
    assert body["meetings"][0]["session_id"] == meeting_session["id"]
