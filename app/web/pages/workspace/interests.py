"""Expressions of interest, received and sent. Accepting one opens each side's contacts to
the other; declining needs a reason the requester reads. The same service as the API."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import AppError, NotFound
from app.core.i18n import translate
from app.core.pagination import PageParams
from app.interest.auth import is_listing_owner
from app.interest.repository import InterestRepository
from app.interest.service import InterestService, present
from app.models import User
from app.web.forms import FormState, read_form
from app.web.session import MemberUser, undo
from app.web.templating import render

router = APIRouter()

Box = Literal["received", "sent"]
PER_PAGE = 20


async def _page(
    request: Request,
    session: SessionDep,
    user: User,
    box: Box,
    page: int,
    *,
    failed: tuple[int, FormState] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    params = PageParams(page=page, per_page=PER_PAGE)
    rows, total = await InterestRepository(session).list_for(user, box, params)
    items = [(present(row, user), is_listing_owner(user, row)) for row in rows]
    context = {
        "box": box,
        "items": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "failed_id": failed[0] if failed else None,
        "failed_form": failed[1] if failed else FormState(),
        "done": request.query_params.get("done", ""),
    }
    return render(request, "workspace/interests.html", context, status_code=status_code)


@router.get("/workspace/interests", name="site_interests")
async def interests_page(
    request: Request, user: MemberUser, session: SessionDep, box: Box = "received", page: int = 1
) -> HTMLResponse:
    return await _page(request, session, user, box, max(page, 1))


@router.post("/workspace/interests/{interest_id}/{decision}", name="site_answer_interest")
async def answer_interest(
    request: Request,
    interest_id: int,
    decision: Literal["accept", "decline"],
    user: MemberUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    form = await read_form(request)
    reason = str(form.value("reason") or "").strip() or None
    try:
        await InterestService(session, settings.listing).decide(
            interest_id, accept=decision == "accept", reason=reason, user=user
        )
    except NotFound:
        raise
    except AppError as exc:
        await undo(request, session)
        form.fail(translate(exc.detail), "reason")
        return await _page(
            request,
            session,
            user,
            "received",
            1,
            failed=(interest_id, form),
            status_code=exc.status_code,
        )
    done = "accepted" if decision == "accept" else "declined"
    return RedirectResponse(f"/workspace/interests?box=received&done={done}#i{interest_id}", 303)
