"""A broker, the parties of a deal and bystanders, with an offer and a demand; helpers to
open and move a deal through the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Demand, Offer, Organization, User
from app.models.vocabulary import (
    IPType,
    OrganizationType,
    PlatformRole,
    TransferForm,
    TransferRight,
)
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_demand, make_offer


@dataclass
class World:
    broker_org: Organization
    broker: User
    broker_colleague: User  # a member of the intermediary without the broker role
    rival_broker: User
    supplier: User
    recipient: User
    outsider: User
    staff: User
    offer: Offer
    demand: Demand


async def make_world(session: AsyncSession) -> World:
    broker_org = await make_organization(
        session, name="Trung tâm Ứng dụng tiến bộ KH&CN", type=OrganizationType.intermediary
    )
    rival_org = await make_organization(
        session, name="Sàn môi giới khác", type=OrganizationType.intermediary
    )
    supplier_org = await make_organization(
        session, name="Viện Cơ điện", type=OrganizationType.research_institute
    )
    recipient_org = await make_organization(session, name="Công ty Giấy Phong Khê")
    return World(
        broker_org=broker_org,
        broker=await make_user(session, organization=broker_org, platform_role=PlatformRole.broker),
        broker_colleague=await make_user(session, organization=broker_org),
        rival_broker=await make_user(
            session, organization=rival_org, platform_role=PlatformRole.broker
        ),
        supplier=await make_user(session, organization=supplier_org),
        recipient=await make_user(session, organization=recipient_org),
        outsider=await make_user(session, organization=await make_organization(session)),
        staff=await make_user(session, platform_role=PlatformRole.department),
        offer=await make_offer(
            session,
            supplier_org,
            field_code="20701",
            ip_type=IPType.patent,
            transfer_forms=[TransferForm.independent_contract],
            transfer_rights=[TransferRight.right_to_use_exclusive, TransferRight.ownership],
        ),
        demand=await make_demand(session, recipient_org),
    )


async def headers(client: httpx.AsyncClient, user: User) -> dict[str, str]:
    return await auth_headers(client, user)


async def open_deal(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/deals",
        json={
            "title": "Chuyển giao công nghệ xử lý nước thải giấy",
            "supplier_id": world.offer.organization_id,
            "recipient_id": world.demand.organization_id,
            "offer_id": world.offer.id,
            "demand_id": world.demand.id,
        },
        headers=await headers(client, world.broker),
    )
    assert response.status_code == 201, response.text
    deal: dict[str, Any] = response.json()
    return deal


async def move(client: httpx.AsyncClient, user: User, deal_id: int, **body: Any) -> httpx.Response:
    return await client.post(
        f"/api/v1/deals/{deal_id}/stage", json=body, headers=await headers(client, user)
    )
