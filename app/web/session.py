"""Who is browsing: the signed session cookie of the site, and the page dependencies that
ask for a signed-in member or a given platform role.

The cookie holds the account's id and the time of sign-in, signed with a key derived from
the settings' secret (Starlette's SessionMiddleware). It obeys the same revocation as the
API's tokens: a session started before the account's ``tokens_valid_after`` (password
changed, account deactivated, signed out everywhere) is no longer honoured.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.middleware.sessions import SessionMiddleware

from app.core.config import Settings
from app.core.db import SessionDep
from app.core.errors import Forbidden
from app.core.i18n import N_
from app.core.roles import is_admin, is_staff
from app.models import User
from app.user.repository import UserRepository
from app.web.csrf import derive_secret

SESSION_COOKIE = "techex_session"
_USER_KEY = "uid"
_SIGNED_IN_AT_KEY = "at"


def install_session_middleware(app: FastAPI, settings: Settings) -> None:
    """Signed cookie sessions: HttpOnly, SameSite=Lax, Secure in production."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=derive_secret(settings, "session"),
        session_cookie=SESSION_COOKIE,
        max_age=settings.web.session_days * 24 * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )


@dataclass(frozen=True)
class Visitor:
    """What every page shows of the signed-in account (header, menus). Plain values, so
    that an error page rendered after the request's database session closed can use them."""

    id: int
    full_name: str
    email: str
    organization_id: int | None
    platform_role: str | None
    is_staff: bool
    is_admin: bool


def _remember(request: Request, user: User | None) -> None:
    request.state.page_user = user
    request.state.visitor = (
        Visitor(
            id=user.id,
            full_name=user.full_name,
            email=user.email,
            organization_id=user.organization_id,
            platform_role=user.platform_role.value if user.platform_role else None,
            is_staff=is_staff(user),
            is_admin=is_admin(user),
        )
        if user
        else None
    )


def sign_in(request: Request, user: User) -> None:
    request.session.clear()
    request.session.update({_USER_KEY: user.id, _SIGNED_IN_AT_KEY: time.time()})
    _remember(request, user)


def sign_out(request: Request) -> None:
    request.session.clear()
    _remember(request, None)


async def undo(request: Request, session: AsyncSession) -> None:
    """Rolls back what a refused form had begun; the page that shows the refusal still needs
    the visitor's account, which the rollback expired."""
    await session.rollback()
    user = getattr(request.state, "page_user", None)
    if user is not None:
        await session.refresh(user)


class NotSignedIn(Exception):
    """A page for members only was asked for without a session: the visitor is sent to the
    sign-in page, and back here afterwards."""


async def get_page_user(request: Request, session: SessionDep) -> User | None:
    if hasattr(request.state, "page_user"):
        user: User | None = request.state.page_user
        return user
    user = await _session_user(request, session)
    _remember(request, user)
    return user


async def _session_user(request: Request, session: SessionDep) -> User | None:
    user_id = request.session.get(_USER_KEY)
    signed_in_at = request.session.get(_SIGNED_IN_AT_KEY)
    if not isinstance(user_id, int) or not isinstance(signed_in_at, int | float):
        return None
    user = await UserRepository(session).get(user_id)
    revoked = (
        user is not None
        and user.tokens_valid_after is not None
        and signed_in_at < user.tokens_valid_after.timestamp()
    )
    if user is None or not user.is_active or revoked:
        request.session.clear()
        return None
    return user


async def require_member(user: Annotated[User | None, Depends(get_page_user)]) -> User:
    if user is None:
        raise NotSignedIn()
    return user


async def require_staff_page(user: Annotated[User, Depends(require_member)]) -> User:
    if not is_staff(user):
        raise Forbidden(
            N_("Only the Department of Science and Technology or an admin may do this.")
        )
    return user


async def require_admin_page(user: Annotated[User, Depends(require_member)]) -> User:
    if not is_admin(user):
        raise Forbidden(N_("Only an administrator may do this."))
    return user


PageUser = Annotated[User | None, Depends(get_page_user)]
MemberUser = Annotated[User, Depends(require_member)]
StaffPageUser = Annotated[User, Depends(require_staff_page)]
AdminPageUser = Annotated[User, Depends(require_admin_page)]
