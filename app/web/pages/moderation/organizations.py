"""Verifying organisations: the list with filters (pending first by default), and for each
one verify, or reject with a note its owner reads on "my organisation"."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import AppError
from app.core.i18n import gettext as _
from app.core.pagination import PageParams
from app.models.vocabulary import OrganizationType, VerificationStatus
from app.organization.repository import OrganizationRepository
from app.organization.schemas import VerificationDecision
from app.organization.service import OrganizationService
from app.web.forms import FormState, read_form, validate
from app.web.pages.department.people import local_time
from app.web.session import StaffPageUser, undo
from app.web.templating import render

router = APIRouter()

_BASE = "/department/organizations"
PER_PAGE = 30


def note_field(organization_id: int) -> str:
    return f"note-{organization_id}"


class Filters:
    """The list's filters as the query string gives them; anything unknown is ignored."""

    def __init__(self, status: str | None, type_: str | None, q: str | None, page: int) -> None:
        statuses = {member.value for member in VerificationStatus}
        types = {member.value for member in OrganizationType}
        # Pending first: what waits for the department. "all" lifts the filter.
        self.status = status if status in statuses or status == "all" else "pending"
        self.type = type_ if type_ in types else ""
        self.q = (q or "").strip()[:100]
        self.page = max(1, min(page, 10_000))

    def query(self, **changes: Any) -> str:
        values = {"status": self.status, "type": self.type, "q": self.q, "page": self.page}
        values.update(changes)
        return urlencode({key: value for key, value in values.items() if value})


async def _page(
    request: Request,
    session: SessionDep,
    filters: Filters,
    form: FormState,
    *,
    done: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    rows, total = await OrganizationRepository(session).list_visible(
        PageParams(page=filters.page, per_page=PER_PAGE),
        sees_all=True,
        own_organization_id=None,
        type_=OrganizationType(filters.type) if filters.type else None,
        status=VerificationStatus(filters.status) if filters.status != "all" else None,
        name_contains=filters.q or None,
    )
    context = {
        "organizations": rows,
        "total": total,
        "filters": filters,
        "pages": max(1, -(-total // PER_PAGE)),
        "form": form,
        "done": done,
        "statuses": list(VerificationStatus),
        "organization_types": list(OrganizationType),
        "note_field": note_field,
        "local_time": local_time,
    }
    return render(request, "moderation/organizations.html", context, status_code=status_code)


@router.get(_BASE, name="site_verify_organizations")
async def organizations_page(
    request: Request,
    officer: StaffPageUser,
    session: SessionDep,
    status: str | None = None,
    type: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    done: str | None = None,
) -> HTMLResponse:
    filters = Filters(status, type, q, page)
    done = done if done in ("verified", "rejected") else None
    return await _page(request, session, filters, FormState(), done=done)


@router.post(_BASE + "/{organization_id}/{decision}", name="site_organization_decision")
async def decide(
    request: Request,
    organization_id: int,
    decision: str,
    officer: StaffPageUser,
    session: SessionDep,
) -> Response:
    form = await read_form(request)
    filters = Filters(str(form.value("status")), str(form.value("type")), str(form.value("q")), 1)
    field = note_field(organization_id)
    note = str(form.value(field)).strip() or None
    status = {"verify": "verified", "reject": "rejected"}.get(decision)
    if status is None:
        form.fail(_("Choose verify or reject."))
    elif status == "rejected" and not note:
        form.fail(_("Say why the organisation is not verified: its owner reads it."), field)
    data = validate(VerificationDecision, {"status": status, "note": note}, checked := FormState())
    if data is None or not form.ok:
        if form.ok:  # the schema's own limits (the note's length) are about the note field
            form.fail(next(iter(checked.errors.values())), field)
        return await _page(request, session, filters, form, status_code=400)
    try:
        await OrganizationService(session).decide_verification(
            organization_id, data, officer=officer
        )
    except AppError as exc:
        await undo(request, session)
        form.fail(exc.detail)
        return await _page(request, session, filters, form, status_code=exc.status_code)
    return RedirectResponse(f"{_BASE}?{filters.query(done=status)}", status_code=303)
