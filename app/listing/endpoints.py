"""Offers, demands and the department's moderation queue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Body, Query, status

from app.auth.dependencies import CurrentUser, OptionalUser, StaffUser
from app.core.clock import utcnow
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.pagination import Page, PageDep
from app.core.validation import Id
from app.listing import attachment_endpoints, import_endpoints
from app.listing.kinds import ListingType
from app.listing.presenter import present, present_demand, present_offer
from app.listing.publication import PublicationDep
from app.listing.repository import ListingFilters, ListingRepository
from app.listing.schemas import (
    ActionBody,
    DemandCreate,
    DemandRead,
    DemandUpdate,
    OfferCreate,
    OfferRead,
    OfferUpdate,
    OwnerCard,
    QueueItem,
    TransitionRead,
)
from app.listing.screening import has_prohibited
from app.listing.service import ACTIONS, ListingService
from app.models import Demand, Offer
from app.models.vocabulary import IPType, ListingStatus, OfferKind

offers = APIRouter(prefix="/offers", tags=["offers"])
demands = APIRouter(prefix="/demands", tags=["demands"])
moderation = APIRouter(prefix="/moderation", tags=["moderation"])
router = APIRouter()

TRLQuery = Annotated[int | None, Query(ge=1, le=9)]
TextQuery = Annotated[
    str | None,
    Query(
        max_length=100,
        description="Words of the title (an offer's English title too), with or without accents",
    ),
]


# --- offers ------------------------------------------------------------------------------


@offers.post(
    "",
    response_model=OfferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an offer (a draft of your organisation; staff: any organisation)",
)
async def create_offer(
    body: OfferCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> OfferRead:
    offer = await ListingService(session, "offer", settings.listing).create(body, user=user)
    assert isinstance(offer, Offer)
    return present_offer(offer, user)


@offers.get(
    "",
    response_model=Page[OfferRead],
    summary="Offers: published ones for everyone, your own in any state, all for staff",
)
async def list_offers(
    viewer: OptionalUser,
    session: SessionDep,
    page: PageDep,
    status: ListingStatus | None = None,
    organization_id: Id | None = None,
    mine: bool = False,
    field_code: str | None = None,
    kind: OfferKind | None = None,
    ip_type: IPType | None = None,
    origin_country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    trl_min: TRLQuery = None,
    trl_max: TRLQuery = None,
    q: TextQuery = None,
) -> Page[OfferRead]:
    filters = ListingFilters(
        status=status,
        organization_id=organization_id,
        mine=mine,
        field_code=field_code,
        kind=kind,
        ip_type=ip_type,
        origin_country=origin_country,
        trl_min=trl_min,
        trl_max=trl_max,
        q=q,
    )
    rows, total = await ListingRepository(session, "offer").list_visible(
        page, viewer, utcnow(), filters
    )
    items = [present_offer(o, viewer) for o in rows if isinstance(o, Offer)]
    return Page.of(items, total, page)


@offers.get("/{offer_id}", response_model=OfferRead, summary="One offer")
async def read_offer(
    offer_id: Id, viewer: OptionalUser, session: SessionDep, settings: SettingsDep
) -> OfferRead:
    offer = await ListingService(session, "offer", settings.listing).get_visible(offer_id, viewer)
    assert isinstance(offer, Offer)
    return present_offer(offer, viewer)


@offers.patch(
    "/{offer_id}",
    response_model=OfferRead,
    summary="Change an offer; send the `version` you read (stale: 409, nothing changes)",
)
async def update_offer(
    offer_id: Id,
    body: OfferUpdate,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> OfferRead:
    offer = await ListingService(session, "offer", settings.listing).update(
        offer_id, body, user=user
    )
    assert isinstance(offer, Offer)
    return present_offer(offer, user)


# --- demands -----------------------------------------------------------------------------


@demands.post(
    "",
    response_model=DemandRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a demand (a draft of your organisation; staff: any organisation)",
)
async def create_demand(
    body: DemandCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> DemandRead:
    demand = await ListingService(session, "demand", settings.listing).create(body, user=user)
    assert isinstance(demand, Demand)
    return present_demand(demand, user)


@demands.get(
    "",
    response_model=Page[DemandRead],
    summary="Demands: published ones for everyone, your own in any state, all for staff",
)
async def list_demands(
    viewer: OptionalUser,
    session: SessionDep,
    page: PageDep,
    status: ListingStatus | None = None,
    organization_id: Id | None = None,
    mine: bool = False,
    field_code: str | None = None,
    commune_code: str | None = None,
    trl_min: TRLQuery = None,
    trl_max: TRLQuery = None,
    q: TextQuery = None,
) -> Page[DemandRead]:
    filters = ListingFilters(
        status=status,
        organization_id=organization_id,
        mine=mine,
        field_code=field_code,
        commune_code=commune_code,
        trl_min=trl_min,
        trl_max=trl_max,
        q=q,
    )
    rows, total = await ListingRepository(session, "demand").list_visible(
        page, viewer, utcnow(), filters
    )
    items = [present_demand(d, viewer) for d in rows if isinstance(d, Demand)]
    return Page.of(items, total, page)


@demands.get("/{demand_id}", response_model=DemandRead, summary="One demand")
async def read_demand(
    demand_id: Id, viewer: OptionalUser, session: SessionDep, settings: SettingsDep
) -> DemandRead:
    demand = await ListingService(session, "demand", settings.listing).get_visible(
        demand_id, viewer
    )
    assert isinstance(demand, Demand)
    return present_demand(demand, viewer)


@demands.patch(
    "/{demand_id}",
    response_model=DemandRead,
    summary="Change a demand; send the `version` you read (stale: 409, nothing changes)",
)
async def update_demand(
    demand_id: Id,
    body: DemandUpdate,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> DemandRead:
    demand = await ListingService(session, "demand", settings.listing).update(
        demand_id, body, user=user
    )
    assert isinstance(demand, Demand)
    return present_demand(demand, user)


# --- transitions and history, the same for both ------------------------------------------

_ACTION_SUMMARIES = {
    "submit": "Submit for the department's review (owner)",
    "publish": "Publish (department; directly from draft when screening is clean)",
    "reject": "Reject with a reason the owner reads (department)",
    "renew": "Confirm the listing is still available: moves its expiry (owner)",
    "withdraw": "Withdraw from the exchange (owner)",
    "archive": "Archive (owner)",
}


def _action_endpoint(
    listing_type: ListingType, action: str
) -> Callable[..., Awaitable[OfferRead | DemandRead]]:
    async def endpoint(
        listing_id: Id,
        user: CurrentUser,
        session: SessionDep,
        settings: SettingsDep,
        publication: PublicationDep,
        body: Annotated[ActionBody | None, Body()] = None,
    ) -> OfferRead | DemandRead:
        listing = await ListingService(session, listing_type, settings.listing).act(
            listing_id,
            action,
            user=user,
            reason=body.reason if body else None,
            publication=publication,
        )
        return present(listing, user)

    endpoint.__name__ = f"{action}_{listing_type}"
    return endpoint


def _history_endpoint(
    listing_type: ListingType,
) -> Callable[..., Awaitable[list[TransitionRead]]]:
    async def endpoint(
        listing_id: Id, user: CurrentUser, session: SessionDep, settings: SettingsDep
    ) -> list[TransitionRead]:
        await ListingService(session, listing_type, settings.listing).get_managed(listing_id, user)
        rows = await ListingRepository(session, listing_type).transitions(listing_id)
        return [TransitionRead.model_validate(t) for t in rows]

    endpoint.__name__ = f"{listing_type}_history"
    return endpoint


for _router, _type, _model in ((offers, "offer", OfferRead), (demands, "demand", DemandRead)):
    for _action in ACTIONS:
        _router.add_api_route(
            f"/{{listing_id}}/{_action}",
            _action_endpoint(_type, _action),  # type: ignore[arg-type]
            methods=["POST"],
            response_model=_model,
            summary=_ACTION_SUMMARIES[_action],
        )
    _router.add_api_route(
        "/{listing_id}/transitions",
        _history_endpoint(_type),  # type: ignore[arg-type]
        methods=["GET"],
        response_model=list[TransitionRead],
        summary="The audit trail: who moved it from what to what, when, and why",
    )


# --- moderation --------------------------------------------------------------------------


@moderation.get(
    "/queue",
    response_model=Page[QueueItem],
    summary="Listings waiting for review, oldest first, with screening hits",
)
async def moderation_queue(
    officer: StaffUser, session: SessionDep, page: PageDep, type: ListingType | None = None
) -> Page[QueueItem]:
    items: list[QueueItem] = []
    for listing_type in ("offer", "demand"):
        if type is not None and type != listing_type:
            continue
        for listing in await ListingRepository(session, listing_type).pending_review():
            items.append(
                QueueItem(
                    type=listing_type,
                    id=listing.id,
                    title=listing.title,
                    organization=OwnerCard.model_validate(listing.organization),
                    submitted_at=listing.submitted_at,
                    screening_hits=listing.screening_hits,
                    prohibited=has_prohibited(listing.screening_hits),
                )
            )
    items.sort(key=lambda i: (i.submitted_at is None, i.submitted_at))
    # The queue is short (what waits for review); paging the merged, sorted list is simplest.
    window = items[page.offset : page.offset + page.per_page]
    return Page.of(window, len(items), page)


for _sub in (offers, demands, moderation, attachment_endpoints.router, import_endpoints.router):
    router.include_router(_sub)
