"""The moderation queue: listings awaiting review, oldest first, each with its screening
hits (the matched list item and the words that matched); publish, or reject with a reason
that the owner reads on their listing's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import AppError
from app.core.i18n import gettext as _
from app.listing.kinds import ListingType, body_text
from app.listing.publication import PublicationDep
from app.listing.repository import ListingRepository
from app.listing.screening import PROHIBITED, has_prohibited
from app.listing.service import ListingService
from app.web.forms import FormState, read_form
from app.web.pages.department.people import local_time
from app.web.session import StaffPageUser, undo
from app.web.templating import render

router = APIRouter()

_BASE = "/department/moderation"
LISTING_TYPES: tuple[ListingType, ...] = ("offer", "demand")
# A reason is read by the owner: long enough to say what to change, short enough to read.
REASON_MAX = 2000


def reason_field(listing_type: str, listing_id: int) -> str:
    """Each queued listing's reject form has its own field, so an error lands beside it."""
    return f"reason-{listing_type}-{listing_id}"


async def _queue(session: SessionDep) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for listing_type in LISTING_TYPES:
        for listing in await ListingRepository(session, listing_type).pending_review():
            items.append(
                {
                    "type": listing_type,
                    "listing": listing,
                    "hits": listing.screening_hits or [],
                    "prohibited": has_prohibited(listing.screening_hits or []),
                    "reason_field": reason_field(listing_type, listing.id),
                    "text": body_text(listing),
                }
            )
    items.sort(
        key=lambda item: (item["listing"].submitted_at is None, item["listing"].submitted_at)
    )
    return items


async def _page(
    request: Request,
    session: SessionDep,
    form: FormState,
    *,
    done: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "items": await _queue(session),
        "form": form,
        "done": done,
        "prohibited_kind": PROHIBITED,
        "local_time": local_time,
    }
    return render(request, "moderation/queue.html", context, status_code=status_code)


@router.get(_BASE, name="site_moderation")
async def moderation_queue(
    request: Request, officer: StaffPageUser, session: SessionDep, done: str | None = None
) -> HTMLResponse:
    return await _page(request, session, FormState(), done=done if done in _DONE else None)


_DONE = ("published", "rejected", "review")


@router.post(_BASE + "/{listing_type}/{listing_id}/{action}", name="site_moderation_action")
async def moderation_action(
    request: Request,
    listing_type: ListingType,
    listing_id: int,
    action: str,
    officer: StaffPageUser,
    session: SessionDep,
    settings: SettingsDep,
    publication: PublicationDep,
) -> Response:
    form = await read_form(request)
    if action not in ("publish", "reject"):
        form.fail(_("Choose publish or reject."))
        return await _page(request, session, form, status_code=400)
    field = reason_field(listing_type, listing_id)
    reason = str(form.value(field)).strip() or None
    if action == "reject" and not reason:
        form.fail(_("Say why the listing is rejected: the owner reads it."), field)
    elif reason is not None and len(reason) > REASON_MAX:
        form.fail(_("Too long: at most %(count)s characters.") % {"count": REASON_MAX}, field)
    if not form.ok:
        return await _page(request, session, form, status_code=400)
    try:
        listing = await ListingService(session, listing_type, settings.listing).act(
            listing_id, action, user=officer, reason=reason, publication=publication
        )
    except AppError as exc:
        await undo(request, session)
        form.fail(exc.detail, field if action == "reject" else "__form__")
        return await _page(request, session, form, status_code=exc.status_code)
    # What became of it: a listing published straight from draft with screening hits goes
    # to review instead.
    done = {"published": "published", "rejected": "rejected"}.get(str(listing.status), "review")
    return RedirectResponse(f"{_BASE}?done={done}", status_code=303)
