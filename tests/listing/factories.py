"""Listings made directly through the models, in any state."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models import Demand, Offer, Organization
from app.models.vocabulary import ListingStatus, OfferKind

_sequence = itertools.count(1)


def _lifecycle(status: ListingStatus, expires_at: datetime | None) -> dict[str, Any]:
    now = utcnow()
    if status in (ListingStatus.published, ListingStatus.expired):
        published = now - timedelta(days=30)
        default_expiry = now + timedelta(days=300)
        if status is ListingStatus.expired:
            default_expiry = now - timedelta(days=1)
        return {
            "published_at": published,
            "last_confirmed_at": published,
            "expires_at": expires_at or default_expiry,
        }
    return {"expires_at": expires_at}


async def make_offer(
    session: AsyncSession,
    organization: Organization,
    *,
    status: ListingStatus = ListingStatus.published,
    expires_at: datetime | None = None,
    **fields: Any,
) -> Offer:
    values: dict[str, Any] = {
        "title": f"Công nghệ xử lý nước thải làng nghề số {next(_sequence)}",
        "description": "Hệ thống xử lý nước thải sinh học hiếu khí kết hợp lọc màng.",
        "field_code": "207",
        "kind": OfferKind.technology,
        "trl": 7,
    }
    values.update(_lifecycle(status, expires_at))
    values.update(fields)
    offer = Offer(
        organization_id=organization.id, organization=organization, status=status, **values
    )
    session.add(offer)
    await session.flush()
    return offer


async def make_demand(
    session: AsyncSession,
    organization: Organization,
    *,
    status: ListingStatus = ListingStatus.published,
    expires_at: datetime | None = None,
    **fields: Any,
) -> Demand:
    values: dict[str, Any] = {
        "title": f"Cần công nghệ bảo quản vải thiều tươi số {next(_sequence)}",
        "problem": "Vải thiều hỏng nhanh sau thu hoạch; cần kéo dài thời gian bảo quản.",
        "field_code": "4",
        "min_trl": 6,
    }
    values.update(_lifecycle(status, expires_at))
    values.update(fields)
    demand = Demand(
        organization_id=organization.id, organization=organization, status=status, **values
    )
    session.add(demand)
    await session.flush()
    return demand
