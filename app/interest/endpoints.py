"""Expressions of interest: POST /offers/{id}/interests, /demands/{id}/interests; GET
/interests?box=sent|received|all, GET /interests/{id}; POST /interests/{id}/accept|decline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Body, Query, status

from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.pagination import Page, PageDep
from app.core.validation import Id
from app.interest.repository import Box, InterestRepository
from app.interest.schemas import DecisionBody, InterestCreate, InterestRead
from app.interest.service import InterestService, present
from app.listing.kinds import ListingType

router = APIRouter(tags=["interests"])


def _create_endpoint(listing_type: ListingType) -> Callable[..., Awaitable[InterestRead]]:
    async def endpoint(
        listing_id: Id,
        body: InterestCreate,
        user: CurrentUser,
        session: SessionDep,
        settings: SettingsDep,
    ) -> InterestRead:
        interest = await InterestService(session, settings.listing).create(
            listing_type, listing_id, body, user
        )
        return present(interest, user)

    endpoint.__name__ = f"express_interest_in_{listing_type}"
    return endpoint


for _type in ("offer", "demand"):
    router.add_api_route(
        f"/{_type}s/{{listing_id}}/interests",
        _create_endpoint(_type),
        methods=["POST"],
        status_code=status.HTTP_201_CREATED,
        response_model=InterestRead,
        summary=f"Express your organisation's interest in this {_type} (the owner is notified)",
    )


@router.get(
    "/interests",
    response_model=Page[InterestRead],
    summary="Expressions of interest your organisation sent or received (staff: all)",
)
async def list_interests(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    box: Annotated[Box, Query()] = "all",
) -> Page[InterestRead]:
    rows, total = await InterestRepository(session).list_for(user, box, page)
    return Page.of([present(row, user) for row in rows], total, page)


@router.get("/interests/{interest_id}", response_model=InterestRead, summary="One expression")
async def read_interest(
    interest_id: Id, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> InterestRead:
    interest = await InterestService(session, settings.listing).get(interest_id, user)
    return present(interest, user)


@router.post(
    "/interests/{interest_id}/accept",
    response_model=InterestRead,
    summary="Accept (listing owner): the requester now sees who you are and how to reach you",
)
async def accept_interest(
    interest_id: Id,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    body: Annotated[DecisionBody | None, Body()] = None,
) -> InterestRead:
    interest = await InterestService(session, settings.listing).decide(
        interest_id, accept=True, reason=body.reason if body else None, user=user
    )
    return present(interest, user)


@router.post(
    "/interests/{interest_id}/decline",
    response_model=InterestRead,
    summary="Decline with a reason the requester reads (listing owner)",
)
async def decline_interest(
    interest_id: Id,
    body: DecisionBody,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> InterestRead:
    interest = await InterestService(session, settings.listing).decide(
        interest_id, accept=False, reason=body.reason, user=user
    )
    return present(interest, user)
