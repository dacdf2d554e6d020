"""The audit trail of any listing, deal or transaction for the department, read through the
same services as /offers|demands/{id}/transitions, /deals/{id}/history and
/transactions/{id}/history (the department sees what those show it)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.i18n import current_locale
from app.core.i18n import gettext as _
from app.deal.service import DealService
from app.listing.kinds import ListingType
from app.listing.repository import ListingRepository
from app.listing.service import ListingService
from app.models.vocabulary import ListingStatus
from app.reference.labels import LABELS
from app.web.forms import FormState
from app.web.pages.department.people import action_words, actor_names, local_time
from app.web.session import StaffPageUser
from app.web.templating import render

router = APIRouter()

KINDS = ("transaction", "deal", "offer", "demand")


def kind_words() -> dict[str, str]:
    return {
        "transaction": _("Transaction"),
        "deal": _("Deal"),
        "offer": _("Offer"),
        "demand": _("Demand"),
    }


@router.get("/department/history", name="department_history_lookup")
async def lookup(
    request: Request, officer: StaffPageUser, kind: str = "", number: str = ""
) -> Response:
    """A form: which record's trail to open. A valid choice goes straight to it."""
    form = FormState(values={"kind": kind, "number": number})
    if kind or number:
        if kind not in KINDS:
            form.fail(_("Choose one of the options."), "kind")
        if not number.strip().isdigit():
            form.fail(_("Enter a whole number."), "number")
        if form.ok:
            return RedirectResponse(_trail_address(kind, int(number)), status_code=303)
    return render(
        request,
        "department/history_lookup.html",
        {"form": form, "kinds": [(kind, kind_words()[kind]) for kind in KINDS]},
        status_code=200 if form.ok else 400,
    )


def _trail_address(kind: str, number: int) -> str:
    if kind == "transaction":
        return f"/department/transactions/{number}#history-heading"
    return f"/department/{kind}s/{number}/history"


@router.get("/department/deals/{deal_id}/history", name="department_deal_history")
async def deal_history(
    request: Request, deal_id: int, officer: StaffPageUser, session: SessionDep
) -> HTMLResponse:
    service = DealService(session)
    deal = await service.get_visible(deal_id, officer)
    events = await service.history(deal.id, officer)
    return await _trail_page(
        request,
        session,
        _("Deal %(id)s: %(title)s") % {"id": deal.id, "title": deal.title},
        [
            {"at": e.at, "actor_id": e.actor_id, "action": e.action, "changes": e.changes}
            for e in events
        ],
        {"transaction_id": deal.transaction_id},
    )


async def _listing_history(
    request: Request, session: SessionDep, officer: Any, listing_type: ListingType, listing_id: int
) -> HTMLResponse:
    settings = request.app.state.settings
    listing = await ListingService(session, listing_type, settings.listing).get_managed(
        listing_id, officer
    )
    rows = await ListingRepository(session, listing_type).transitions(listing.id)
    statuses = LABELS[ListingStatus]
    events = [
        {
            "at": row.at,
            "actor_id": row.actor_id,
            "action": _status_change(row.from_status, row.to_status, statuses),
            "changes": {"reason": row.reason} if row.reason else {},
        }
        for row in rows
    ]
    title = kind_words()[listing_type]
    return await _trail_page(request, session, f"{title} {listing.id}: {listing.title}", events, {})


def _status_change(
    before: ListingStatus | None, after: ListingStatus, labels: dict[str, tuple[str, str]]
) -> str:
    def word(status: ListingStatus | None) -> str:
        if status is None:
            return "–"
        vi, en = labels.get(str(status), (str(status), str(status)))
        return vi if current_locale() == "vi" else en

    if before == after:
        return word(after)
    return f"{word(before)} → {word(after)}"


@router.get("/department/offers/{listing_id}/history", name="department_offer_history")
async def offer_history(
    request: Request, listing_id: int, officer: StaffPageUser, session: SessionDep
) -> HTMLResponse:
    return await _listing_history(request, session, officer, "offer", listing_id)


@router.get("/department/demands/{listing_id}/history", name="department_demand_history")
async def demand_history(
    request: Request, listing_id: int, officer: StaffPageUser, session: SessionDep
) -> HTMLResponse:
    return await _listing_history(request, session, officer, "demand", listing_id)


async def _trail_page(
    request: Request,
    session: SessionDep,
    title: str,
    events: list[dict[str, Any]],
    links: dict[str, Any],
) -> HTMLResponse:
    return render(
        request,
        "department/history.html",
        {
            "title": title,
            "events": events,
            "actors": await actor_names(session, [event["actor_id"] for event in events]),
            "action_words": action_words(),
            "local_time": local_time,
            "links": links,
        },
    )
