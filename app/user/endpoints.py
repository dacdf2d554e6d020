from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.dependencies import AdminUser, CurrentUser, StaffUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.pagination import Page, PageDep
from app.core.validation import Id
from app.models.vocabulary import PlatformRole
from app.user.repository import UserRepository
from app.user.schemas import PasswordChange, ProfileUpdate, UserAdminUpdate, UserCreate, UserRead
from app.user.service import UserService

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserRead, summary="The signed-in user")
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.patch("/me", response_model=UserRead, summary="Change one's own name or phone")
async def update_me(
    body: ProfileUpdate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> UserRead:
    return UserRead.model_validate(await UserService(session, settings).update_profile(user, body))


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change one's password; signs out every other session",
)
async def change_password(
    body: PasswordChange, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> None:
    await UserService(session, settings).change_password(user, body)


@router.post(
    "",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an account (admins: any; an organisation's owner: a member of it)",
)
async def create_user(
    body: UserCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> UserRead:
    created = await UserService(session, settings).create(body, created_by=user)
    return UserRead.model_validate(created)


@router.get("", response_model=Page[UserRead], summary="List accounts (department, admins)")
async def list_users(
    _: StaffUser,
    session: SessionDep,
    page: PageDep,
    organization_id: Id | None = None,
    platform_role: PlatformRole | None = None,
    email: Annotated[str | None, Query(max_length=320, description="Part of the e-mail")] = None,
) -> Page[UserRead]:
    rows, total = await UserRepository(session).list(
        page, organization_id=organization_id, platform_role=platform_role, email_contains=email
    )
    return Page.of([UserRead.model_validate(u) for u in rows], total, page)


@router.get("/{user_id}", response_model=UserRead, summary="One account (department, admins)")
async def read_user(
    user_id: Id, _: StaffUser, session: SessionDep, settings: SettingsDep
) -> UserRead:
    return UserRead.model_validate(await UserService(session, settings).get(user_id))


@router.patch(
    "/{user_id}",
    response_model=UserRead,
    summary="Change roles, membership or active state (admins only)",
)
async def admin_update_user(
    user_id: Id,
    body: UserAdminUpdate,
    admin: AdminUser,
    session: SessionDep,
    settings: SettingsDep,
) -> UserRead:
    updated = await UserService(session, settings).admin_update(user_id, body, admin=admin)
    return UserRead.model_validate(updated)
