from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from app.auth.schemas import RefreshRequest, TokenPair
from app.auth.service import AuthService, ClientInfo
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep

router = APIRouter(prefix="/auth", tags=["auth"])


def client_info(request: Request) -> ClientInfo:
    # Behind a reverse proxy, name it in TECHEX_PROXY_TRUSTED_IPS so that request.client is
    # the real client address (forwarded headers from anyone else are ignored).
    address = request.client.host if request.client else "unknown"
    return ClientInfo(address=address, user_agent=request.headers.get("user-agent"))


ClientDep = Annotated[ClientInfo, Depends(client_info)]


@router.post(
    "/token",
    response_model=TokenPair,
    summary="Sign in with e-mail and password (OAuth2 password form)",
    responses={
        401: {"description": "Wrong e-mail or password"},
        429: {"description": "Too many failed attempts"},
    },
)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
    client: ClientDep,
) -> TokenPair:
    return await AuthService(session, settings).login(form.username, form.password, client)


@router.post(
    "/refresh", response_model=TokenPair, summary="Exchange a refresh token for new tokens"
)
async def refresh(
    body: RefreshRequest, session: SessionDep, settings: SettingsDep, client: ClientDep
) -> TokenPair:
    return await AuthService(session, settings).refresh(body.refresh_token, client)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a refresh token and every token rotated from it",
)
async def logout(body: RefreshRequest, session: SessionDep, settings: SettingsDep) -> None:
    await AuthService(session, settings).logout(body.refresh_token)
