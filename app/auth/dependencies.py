"""Who is calling: typed dependencies for the current user and each platform permission."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from app.auth.repository import RefreshTokenRepository
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import Forbidden, Unauthorized
from app.core.i18n import N_
from app.core.roles import is_admin, is_staff
from app.core.security import InvalidToken, decode_access_token
from app.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def get_optional_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User | None:
    if token is None:
        return None
    try:
        claims = decode_access_token(settings, token)
    except InvalidToken as exc:
        raise Unauthorized(N_("The access token is invalid or has expired.")) from exc
    user = await session.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized(N_("The account behind this token no longer exists or is deactivated."))
    # A token's issue time has whole seconds: one issued in the second of the revocation
    # stays valid here, and its sign-in's revoked family refuses it below if it is older.
    if user.tokens_valid_after and claims.issued_at < user.tokens_valid_after.replace(
        microsecond=0
    ):
        raise Unauthorized(N_("This token was revoked; sign in again."))
    if claims.family_id and await RefreshTokenRepository(session).family_revoked(claims.family_id):
        raise Unauthorized(N_("This sign-in was ended (signed out or revoked); sign in again."))
    return user


async def get_current_user(user: Annotated[User | None, Depends(get_optional_user)]) -> User:
    if user is None:
        raise Unauthorized()
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]
CurrentUser = Annotated[User, Depends(get_current_user)]


async def require_staff(user: CurrentUser) -> User:
    if not is_staff(user):
        raise Forbidden(
            N_("Only the Department of Science and Technology or an admin may do this.")
        )
    return user


async def require_admin(user: CurrentUser) -> User:
    if not is_admin(user):
        raise Forbidden(N_("Only an administrator may do this."))
    return user


StaffUser = Annotated[User, Depends(require_staff)]
AdminUser = Annotated[User, Depends(require_admin)]
