"""My deals (their stage, and the tasks and check-ins that concern me), saved searches with
their alerts, and notifications. The same repositories and services as the API."""

from __future__ import annotations

import re
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from app.core.db import SessionDep
from app.core.errors import AppError
from app.core.i18n import gettext as _
from app.core.pagination import PageParams
from app.deal.auth import is_party, may_run
from app.deal.repository import DealRepository
from app.models import Organization, SavedSearchHit, User
from app.models.vocabulary import IPType, OfferKind
from app.notification.repository import NotificationRepository
from app.notification.service import mark_read
from app.saved_search import service as saved_searches
from app.saved_search.schemas import SavedSearchCreate
from app.web.forms import FormState, nest, read_form, validate
from app.web.pages.workspace.listing_form import field_options
from app.web.session import MemberUser, undo
from app.web.templating import render

router = APIRouter()

PER_PAGE = 20
ALERTS_SHOWN = 5
_DEALS = PageParams(page=1, per_page=100)


# --- deals ----------------------------------------------------------------------------------


@router.get("/workspace/deals", name="site_my_deals")
async def deals_page(request: Request, user: MemberUser, session: SessionDep) -> HTMLResponse:
    deals_repository = DealRepository(session)
    deals, _total = await deals_repository.list_visible(user, _DEALS, None)
    today = date.today()
    rows = []
    for deal in deals:
        tasks = [task for task in await deals_repository.tasks(deal.id) if task.done_at is None]
        checkins = [
            checkin
            for checkin in await deals_repository.checkins(deal.id)
            if checkin.answered_at is None and checkin.due_on <= today
        ]
        rows.append(
            {
                "deal": deal,
                "supplier": await session.get(Organization, deal.supplier_id),
                "recipient": await session.get(Organization, deal.recipient_id),
                "broker": await session.get(Organization, deal.broker_organization_id),
                "tasks": tasks,
                "checkins": checkins if is_party(user, deal) else [],
            }
        )
    return render(request, "workspace/deals.html", {"rows": rows, "user_id": user.id})


# --- saved searches -------------------------------------------------------------------------


async def _saved_page(
    request: Request, session: SessionDep, user: User, form: FormState, status_code: int = 200
) -> HTMLResponse:
    rows = []
    for saved in await saved_searches.mine(session, user):
        hits = await session.scalars(
            select(SavedSearchHit)
            .where(SavedSearchHit.saved_search_id == saved.id)
            .order_by(SavedSearchHit.id.desc())
            .limit(ALERTS_SHOWN)
        )
        rows.append((saved, hits.all()))
    context = {
        "rows": rows,
        "form": form,
        "field_options": field_options(),
        "offer_kinds": list(OfferKind),
        "ip_types": list(IPType),
    }
    return render(request, "workspace/saved_searches.html", context, status_code=status_code)


@router.get("/workspace/saved-searches", name="site_saved_searches")
async def saved_searches_page(
    request: Request, user: MemberUser, session: SessionDep
) -> HTMLResponse:
    return await _saved_page(request, session, user, FormState())


@router.post("/workspace/saved-searches")
async def save_search(request: Request, user: MemberUser, session: SessionDep) -> Response:
    form = await read_form(request)
    data = validate(SavedSearchCreate, nest(form.values), form)
    if data is not None:
        if len(await saved_searches.mine(session, user)) >= saved_searches.MAX_SAVED_PER_USER:
            message = _("You have %(count)s saved searches; delete one to add another.")
            form.fail(message % {"count": saved_searches.MAX_SAVED_PER_USER})
        else:
            await saved_searches.create(session, data, user)
            return RedirectResponse("/workspace/saved-searches?saved=1", 303)
    return await _saved_page(request, session, user, form, status_code=400)


@router.post("/workspace/saved-searches/{saved_id}/delete", name="site_delete_saved_search")
async def delete_saved_search(saved_id: int, user: MemberUser, session: SessionDep) -> Response:
    await saved_searches.delete(session, saved_id, user)
    return RedirectResponse("/workspace/saved-searches", 303)


# --- notifications --------------------------------------------------------------------------

_API_LINK = re.compile(r"^/api/v1/(offers|demands|interests|deals)/(\d+)")


def page_link(link: str | None, kind: str) -> str:
    """Where a notification leads on the site (notifications store the API's address)."""
    match = _API_LINK.match(link or "")
    if match is None:
        return "/workspace/notifications"
    collection, number = match.groups()
    if collection in ("offers", "demands"):
        return f"/{collection}/{number}"
    if collection == "interests":
        box = "sent" if kind == "interest_answered" else "received"
        return f"/workspace/interests?box={box}#i{number}"
    return "/workspace/deals"


@router.get("/workspace/notifications", name="site_notifications")
async def notifications_page(
    request: Request, user: MemberUser, session: SessionDep, page: int = 1
) -> HTMLResponse:
    page = max(page, 1)
    rows, total = await NotificationRepository(session).list_for(
        user, PageParams(page=page, per_page=PER_PAGE), unread_only=False
    )
    context = {
        "items": rows,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
    }
    return render(request, "workspace/notifications.html", context)


@router.post("/workspace/notifications/{notification_id}/open", name="site_open_notification")
async def open_notification(
    request: Request, notification_id: int, user: MemberUser, session: SessionDep
) -> Response:
    try:
        notification = await mark_read(session, notification_id, user)
    except AppError:
        await undo(request, session)
        raise
    target = await _desk_link(session, user, notification.link) or page_link(
        notification.link, notification.kind
    )
    return RedirectResponse(target, 303)


_DEAL_LINK = re.compile(r"^/api/v1/deals/(\d+)(?:/(tasks|checkins))?")


async def _desk_link(session: SessionDep, user: User, link: str | None) -> str | None:
    """A deal's notification (a task or check-in due) opens the deal on the desk for a
    broker who runs it; everyone else reads their deals in the workspace."""
    match = _DEAL_LINK.match(link or "")
    if match is None:
        return None
    deal = await DealRepository(session).get(int(match.group(1)))
    if deal is None or not may_run(user, deal):
        return None
    section = match.group(2)
    return f"/desk/deals/{deal.id}" + (f"#{section}" if section else "")
