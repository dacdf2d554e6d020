"""The workspace's front page and "my organisation": its record, its verification status,
and the form to keep it up to date (identity fields only while it is not verified, as the
API's PATCH allows)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import AppError, NotFound
from app.core.i18n import N_, translate
from app.core.i18n import gettext as _
from app.models import Organization, User
from app.models.vocabulary import OrganizationType, Ownership
from app.organization.auth import may_edit_identity, may_edit_profile
from app.organization.schemas import OrganizationUpdate
from app.organization.service import OrganizationService
from app.reference.communes import load_communes
from app.web.forms import FormState, read_form, validate
from app.web.pages.workspace.overview import overview
from app.web.session import MemberUser, undo
from app.web.templating import render

router = APIRouter()

PROFILE_FIELDS = (
    "name",
    "short_name",
    "name_en",
    "commune_code",
    "former_district",
    "address",
    "website",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
)
IDENTITY_FIELDS = ("type", "ownership", "tax_code", "country")


@router.get("/workspace", name="site_workspace")
async def workspace_home(request: Request, user: MemberUser, session: SessionDep) -> Response:
    organization = await _own_organization(session, user)
    context = {"organization": organization, "summary": await overview(session, user)}
    return render(request, "workspace/home.html", context)


async def _own_organization(session: SessionDep, user: User) -> Organization | None:
    if user.organization_id is None:
        return None
    return await OrganizationService(session).get_visible(user.organization_id, user)


def _form_of(organization: Organization) -> FormState:
    values: dict[str, Any] = {}
    for name in (*PROFILE_FIELDS, *IDENTITY_FIELDS):
        value = getattr(organization, name)
        values[name] = "" if value is None else str(value)
    return FormState(values=values)


def _context(organization: Organization, user: User, form: FormState) -> dict[str, Any]:
    return {
        "organization": organization,
        "form": form,
        "may_edit": may_edit_profile(user, organization),
        "may_edit_identity": may_edit_identity(user, organization),
        "organization_types": list(OrganizationType),
        "ownerships": list(Ownership),
        "communes": sorted(load_communes().values(), key=lambda commune: commune.name),
        "saved": False,
    }


async def _required_organization(session: SessionDep, user: User) -> Organization:
    organization = await _own_organization(session, user)
    if organization is None:
        raise NotFound(N_("Your account belongs to no organisation."))
    return organization


@router.get("/workspace/organization", name="site_my_organization")
async def organization_page(
    request: Request, user: MemberUser, session: SessionDep, saved: bool = False
) -> HTMLResponse:
    organization = await _required_organization(session, user)
    context = _context(organization, user, _form_of(organization)) | {"saved": saved}
    return render(request, "workspace/organization.html", context)


@router.post("/workspace/organization")
async def organization_submit(request: Request, user: MemberUser, session: SessionDep) -> Response:
    organization = await _required_organization(session, user)
    form = await read_form(request)
    names = PROFILE_FIELDS + (IDENTITY_FIELDS if may_edit_identity(user, organization) else ())
    # Every field is sent: an emptied input clears the value; the name cannot be emptied.
    data = {name: (form.value(name).strip() or None) for name in names}
    if data["name"] is None:
        data.pop("name")
        form.fail(_("This field is required."), "name")
    if not may_edit_identity(user, organization) or data.get("type") is None:
        data.pop("type", None)
    if "country" in data and data["country"] is None:
        data.pop("country")
    changes = validate(OrganizationUpdate, data, form)
    if changes is not None and form.ok:
        try:
            await OrganizationService(session).update(organization.id, changes, user=user)
        except AppError as exc:
            await undo(request, session)
            form.fail(translate(exc.detail))
        else:
            return RedirectResponse("/workspace/organization?saved=1", status_code=303)
    await session.refresh(organization)
    context = _context(organization, user, form)
    return render(request, "workspace/organization.html", context, status_code=400)
