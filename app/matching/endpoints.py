"""GET /demands/{id}/matches and GET /offers/{id}/matches."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.auth.dependencies import CurrentUser, OptionalUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.validation import Id
from app.listing.kinds import ListingType
from app.listing.presenter import present_demand
from app.listing.service import ListingService
from app.matching.desk import suggestions
from app.matching.presenter import match_item
from app.matching.schemas import MatchList, SuggestionRead
from app.matching.service import find_matches

router = APIRouter(tags=["matching"])
Lang = Annotated[str, Query(pattern="^(vi|en)$", description="Language of the reasons")]
NO_GOOD_MATCH = {
    "vi": "Chưa có kết quả phù hợp. Khi có tin mới phù hợp, bạn sẽ được thông báo.",
    "en": "No good match yet. You will be notified when a matching listing is published.",
}


def _matches_endpoint(listing_type: ListingType) -> Callable[..., Awaitable[MatchList]]:
    async def endpoint(
        listing_id: Id,
        request: Request,
        viewer: OptionalUser,
        session: SessionDep,
        settings: SettingsDep,
        limit: Annotated[int, Query(ge=1, le=50)] = 20,
        lang: Lang = "vi",
    ) -> MatchList:
        listing = await ListingService(session, listing_type, settings.listing).get_visible(
            listing_id, viewer
        )
        matches = await find_matches(
            session, request.app.state.search_engine, listing, viewer, limit=limit
        )
        return MatchList(
            items=[match_item(match, viewer, lang) for match in matches],
            message=None if matches else NO_GOOD_MATCH[lang],
        )

    endpoint.__name__ = f"{listing_type}_matches"
    return endpoint


router.add_api_route(
    "/demands/{listing_id}/matches",
    _matches_endpoint("demand"),
    methods=["GET"],
    response_model=MatchList,
    summary="Offers that answer this demand, best first, each with a score and reasons",
)
router.add_api_route(
    "/offers/{listing_id}/matches",
    _matches_endpoint("offer"),
    methods=["GET"],
    response_model=MatchList,
    summary="Demands this offer could answer, best first, each with a score and reasons",
)


@router.get(
    "/desk/suggestions",
    response_model=list[SuggestionRead],
    summary="Demands with strong matches and no deal yet, newest first (brokers)",
)
async def desk_suggestions(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=20)] = 10,
    lang: Annotated[str, Query(pattern="^(vi|en)$", description="Language of the reasons")] = "vi",
) -> list[SuggestionRead]:
    found = await suggestions(session, request.app.state.search_engine, user, limit)
    return [
        SuggestionRead(
            demand=present_demand(item.demand, user),
            matches=[match_item(match, user, lang) for match in item.matches],
        )
        for item in found
    ]
