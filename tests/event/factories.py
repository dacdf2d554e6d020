"""A small event world: a transfer centre organising a techmart with its broker, an institute
with two offers, an enterprise with a demand, the department, a stranger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models import Demand, Offer, Organization, User
from app.models.vocabulary import MembershipRole, OrganizationType, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer

COMMUNE = "07210"


@dataclass
class EventWorld:
    centre: Organization
    broker: User
    department: User
    institute: Organization
    institute_user: User
    offers: list[Offer]
    enterprise: Organization
    enterprise_user: User
    demand: Demand
    stranger: User


async def make_event_world(session: AsyncSession) -> EventWorld:
    centre = await make_organization(
        session, name="Trung tâm chuyển giao công nghệ", type=OrganizationType.intermediary
    )
    broker = await make_user(
        session,
        organization=centre,
        membership_role=MembershipRole.owner,
        platform_role=PlatformRole.broker,
    )
    department = await make_user(
        session,
        organization=await make_organization(
            session, name="Sở Khoa học và Công nghệ", type=OrganizationType.government
        ),
        platform_role=PlatformRole.department,
    )
    institute = await make_organization(
        session, name="Viện Công nghệ Sinh học", type=OrganizationType.research_institute
    )
    institute_user = await make_user(session, organization=institute)
    offers = [
        await make_offer(
            session,
            institute,
            title="Công nghệ bảo quản vải thiều bằng màng sinh học chitosan",
            keywords=["bảo quản vải thiều", "chitosan"],
            field_code="4",
        ),
        await make_offer(session, institute, title="Chế phẩm vi sinh xử lý phụ phẩm nông nghiệp"),
    ]
    enterprise = await make_organization(session, name="Công ty Nông sản Lục Ngạn")
    enterprise_user = await make_user(session, organization=enterprise)
    demand = await make_demand(
        session,
        enterprise,
        title="Cần công nghệ bảo quản vải thiều tươi",
        keywords=["bảo quản vải thiều"],
        field_code="4",
    )
    stranger = await make_user(session, organization=await make_organization(session))
    return EventWorld(
        centre, broker, department, institute, institute_user, offers, enterprise,
        enterprise_user, demand, stranger,
    )  # fmt: skip


def event_body(**overrides: Any) -> dict[str, Any]:
    day = (utcnow() + timedelta(days=10)).replace(hour=1, minute=0, second=0, microsecond=0)
    body: dict[str, Any] = {
        "kind": "techmart",
        "format": "hybrid",
        "title": "Techmart Bắc Ninh 2027",
        "title_en": "Bac Ninh Techmart 2027",
        "description": "Chợ công nghệ và thiết bị của tỉnh.",
        "description_en": "The province's technology market.",
        "commune_code": COMMUNE,
        "venue": "Trung tâm Hội nghị tỉnh",
        "online_url": "https://meet.example.vn/techmart",
        "registration_deadline": (day - timedelta(days=2)).isoformat(),
        "capacity": 50,
        "field_codes": ["4"],
        "tables": 2,
        "sessions": [
            {
                "title": "Sáng ngày 1",
                "starts_at": day.isoformat(),
                "ends_at": (day + timedelta(hours=1)).isoformat(),
            },
            {
                "title": "Khai mạc",
                "starts_at": (day - timedelta(hours=1)).isoformat(),
                "ends_at": day.isoformat(),
                "meetings": False,
            },
        ],
    }
    body.update(overrides)
    return body


async def create_event(client: httpx.AsyncClient, user: User, **overrides: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/events", json=event_body(**overrides), headers=await auth_headers(client, user)
    )
    assert response.status_code == 201, response.text
    event: dict[str, Any] = response.json()
    return event
