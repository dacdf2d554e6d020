"""Accounts and their platform roles: grant or revoke the broker, department or
administrator role, deactivate an account. The same UserService.admin_update as the API's
PATCH /users/{id}, so the same rules (an administrator never changes their own role)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import AppError, Conflict
from app.core.pagination import PageParams
from app.models import Organization, User
from app.models.vocabulary import PlatformRole
from app.user.repository import UserRepository
from app.user.schemas import UserAdminUpdate
from app.user.service import UserService
from app.web.forms import FormState, read_form, validate
from app.web.pages.department.people import local_time
from app.web.session import AdminPageUser, undo
from app.web.templating import render

router = APIRouter()

_BASE = "/admin/users"
PER_PAGE = 50
NO_ROLE = "none"


@router.get(_BASE, name="site_admin_users")
async def users_page(
    request: Request,
    admin: AdminPageUser,
    session: SessionDep,
    role: str | None = None,
    email: Annotated[str | None, Query(max_length=320)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    platform_role = PlatformRole(role) if role and role in PlatformRole.__members__ else None
    email = (email or "").strip()
    rows, total = await UserRepository(session).list(
        PageParams(page=page, per_page=PER_PAGE),
        platform_role=platform_role,
        email_contains=email or None,
    )
    filters = {"role": platform_role.value if platform_role else "", "email": email}
    context = {
        "users": rows,
        "organizations": await _organization_names(session, rows),
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "filters": filters,
        "query": lambda **changes: urlencode(
            {k: v for k, v in (filters | {"page": page} | changes).items() if v}
        ),
        "roles": list(PlatformRole),
    }
    return render(request, "admin/users.html", context)


async def _organization_names(session: SessionDep, users: Any) -> dict[int, str]:
    ids = {user.organization_id for user in users if user.organization_id}
    if not ids:
        return {}
    rows = await session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(ids))
    )
    return {row.id: row.name for row in rows}


def _form_of(user: User) -> FormState:
    return FormState(
        values={
            "platform_role": user.platform_role.value if user.platform_role else NO_ROLE,
            "is_active": "true" if user.is_active else "",
        }
    )


async def _user_page(
    request: Request,
    session: SessionDep,
    user: User,
    form: FormState,
    *,
    saved: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    organization = (
        await session.get(Organization, user.organization_id) if user.organization_id else None
    )
    context = {
        "account": user,
        "organization": organization,
        "form": form,
        "saved": saved,
        "roles": list(PlatformRole),
        "no_role": NO_ROLE,
        "local_time": local_time,
    }
    return render(request, "admin/user.html", context, status_code=status_code)


@router.get(_BASE + "/{user_id}", name="site_admin_user")
async def user_page(
    request: Request,
    user_id: int,
    admin: AdminPageUser,
    session: SessionDep,
    settings: SettingsDep,
    saved: bool = False,
) -> HTMLResponse:
    user = await UserService(session, settings).get(user_id)
    return await _user_page(request, session, user, _form_of(user), saved=saved)


@router.post(_BASE + "/{user_id}")
async def user_submit(
    request: Request,
    user_id: int,
    admin: AdminPageUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    service = UserService(session, settings)
    user = await service.get(user_id)
    form = await read_form(request)
    role = str(form.value("platform_role"))
    data = {
        "platform_role": None if role == NO_ROLE else role,
        "is_active": form.value("is_active") in ("true", "on"),
    }
    changes = validate(UserAdminUpdate, data, form)
    if changes is not None:
        # Only what differs is sent: an administrator saving their own page unchanged is
        # no attempt to change their own role.
        unchanged = {
            name
            for name, value in changes.model_dump().items()
            if name in data and getattr(user, name) == value
        }
        update = UserAdminUpdate.model_validate(
            {name: value for name, value in data.items() if name not in unchanged}
        )
        try:
            await service.admin_update(user_id, update, admin=admin)
        except AppError as exc:
            await undo(request, session)
            await session.refresh(user)
            # A conflict is about the role (an administrator's own); the rest about the form.
            form.fail(exc.detail, "platform_role" if isinstance(exc, Conflict) else "__form__")
        else:
            return RedirectResponse(f"{_BASE}/{user_id}?saved=1", status_code=303)
    return await _user_page(request, session, user, form, status_code=400)
