"""An offer's or a demand's page: every field its viewer may see, related listings from
matching, and the form to express interest for signed-in members.

What a viewer may see is decided by the API's presenter (hidden prices, confidential
budgets, anonymous owners): the page shows the presented record, never the row.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import AppError
from app.core.i18n import translate
from app.interest.schemas import InterestCreate
from app.interest.service import InterestService
from app.listing.kinds import Listing, ListingType
from app.listing.presenter import present
from app.listing.service import ListingService
from app.matching.service import find_matches
from app.models import User
from app.search.service import SearchUnavailable
from app.web.forms import FormState, nest, read_form, validate
from app.web.session import MemberUser, PageUser, undo
from app.web.templating import render

router = APIRouter()

RELATED_COUNT = 5


async def _listing_page(
    request: Request,
    session: SessionDep,
    listing: Listing,
    viewer: User | None,
    *,
    interest_form: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    try:
        related = await find_matches(
            session, request.app.state.search_engine, listing, viewer, limit=RELATED_COUNT
        )
    except SearchUnavailable:
        related = []
    context: dict[str, Any] = {
        "listing": present(listing, viewer),
        "related": [(present(match.listing, viewer), match.scored) for match in related],
        "may_express_interest": _may_express_interest(viewer, listing),
        "interest_form": interest_form or FormState(),
        "interest_sent": request.query_params.get("interest") == "sent",
    }
    return render(request, "public/listing.html", context, status_code=status_code)


def _may_express_interest(viewer: User | None, listing: Listing) -> bool:
    return (
        viewer is not None
        and viewer.organization_id is not None
        and viewer.organization_id != listing.organization_id
    )


def _register(listing_type: ListingType) -> None:
    async def show(
        listing_id: int,
        request: Request,
        viewer: PageUser,
        session: SessionDep,
        settings: SettingsDep,
    ) -> HTMLResponse:
        service = ListingService(session, listing_type, settings.listing)
        listing = await service.get_visible(listing_id, viewer)
        return await _listing_page(request, session, listing, viewer)

    async def express_interest(
        listing_id: int,
        request: Request,
        user: MemberUser,
        session: SessionDep,
        settings: SettingsDep,
    ) -> Response:
        form = await read_form(request)
        data = validate(InterestCreate, nest(form.values), form)
        if data is not None:
            try:
                await InterestService(session, settings.listing).create(
                    listing_type, listing_id, data, user
                )
            except AppError as exc:
                if exc.status_code == 404:
                    raise
                await undo(request, session)
                form.fail(translate(exc.detail))
            else:
                return RedirectResponse(
                    f"/{listing_type}s/{listing_id}?interest=sent#interest", status_code=303
                )
        listing = await ListingService(session, listing_type, settings.listing).get_visible(
            listing_id, user
        )
        return await _listing_page(
            request, session, listing, user, interest_form=form, status_code=400
        )

    router.add_api_route(
        f"/{listing_type}s/{{listing_id}}",
        show,
        methods=["GET"],
        name=f"site_{listing_type}",
        response_class=HTMLResponse,
    )
    router.add_api_route(
        f"/{listing_type}s/{{listing_id}}/interest",
        express_interest,
        methods=["POST"],
        name=f"site_{listing_type}_interest",
    )


for _listing_type in ("offer", "demand"):
    _register(_listing_type)
