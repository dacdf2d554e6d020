"""Suggestions: published demands with strong matches and no deal yet. Taking one opens a
deal between the demand's owner and the chosen offer's owner (the API's DealService)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import AppError
from app.core.i18n import gettext as _
from app.core.i18n import translate
from app.core.validation import Id
from app.deal.schemas import DealCreate
from app.deal.service import DealService
from app.listing.auth import may_see_owner
from app.listing.presenter import present
from app.matching.desk import suggestions
from app.models import Demand, Offer, User
from app.search.service import SearchUnavailable
from app.web.forms import FormState, read_form, validate
from app.web.pages.desk.access import BrokerUser
from app.web.session import undo
from app.web.templating import render

router = APIRouter()

SHOWN = 10


async def _page(
    request: Request,
    session: SessionDep,
    user: User,
    failed: tuple[int, FormState] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    unavailable = False
    try:
        found = await suggestions(session, request.app.state.search_engine, user, SHOWN)
    except SearchUnavailable:
        found, unavailable = [], True
    items = [
        {
            "demand": present(item.demand, user),
            "owner_known": may_see_owner(user, item.demand),
            "matches": [
                {
                    "offer": present(match.listing, user),
                    "owner_known": may_see_owner(user, match.listing),
                    "scored": match.scored,
                }
                for match in item.matches
            ],
        }
        for item in found
    ]
    context = {
        "items": items,
        "unavailable": unavailable,
        "failed_id": failed[0] if failed else None,
        "failed_form": failed[1] if failed else FormState(),
    }
    return render(request, "desk/suggestions.html", context, status_code=status_code)


@router.get("/desk/suggestions", name="site_desk_suggestions")
async def suggestions_page(request: Request, broker: BrokerUser, session: SessionDep) -> Response:
    return await _page(request, session, broker.user)


@router.post("/desk/suggestions/{demand_id}/take", name="site_desk_take")
async def take_suggestion(
    request: Request, demand_id: Id, broker: BrokerUser, session: SessionDep
) -> Response:
    """Opens a deal on the demand with the chosen offer; the parties are the listings'
    owners, whom the broker must be allowed to know (an anonymous owner stays unnamed)."""
    form = await read_form(request)
    status_code = 422
    demand = await session.get(Demand, demand_id)
    offer_id = str(form.value("offer_id"))
    # An id as the columns hold it (a 32-bit integer), or no offer at all.
    chosen = offer_id.isdigit() and len(offer_id) < 10
    offer = await session.get(Offer, int(offer_id)) if chosen else None
    if demand is None or offer is None:
        form.fail(_("Choose one of the matching offers."), "offer_id")
    elif not (may_see_owner(broker.user, demand) and may_see_owner(broker.user, offer)):
        form.fail(
            _("An owner of these listings is anonymous: reach them through the department."),
            "offer_id",
        )
    else:
        data = validate(
            DealCreate,
            {
                "title": form.value("title"),
                "supplier_id": offer.organization_id,
                "recipient_id": demand.organization_id,
                "offer_id": offer.id,
                "demand_id": demand.id,
            },
            form,
        )
        if data is not None:
            try:
                deal = await DealService(session).create(data, broker.user)
            except AppError as exc:
                await undo(request, session)
                form.fail(translate(exc.detail))
                status_code = exc.status_code
            else:
                return RedirectResponse(f"/desk/deals/{deal.id}?opened=1", 303)
    return await _page(request, session, broker.user, (demand_id, form), status_code)
