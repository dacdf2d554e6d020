from __future__ import annotations

from fastapi import APIRouter, status

from app.auth.endpoints import ClientDep
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.organization.schemas import OrganizationRead
from app.registration.schemas import Registration, RegistrationResult
from app.registration.service import register
from app.user.schemas import UserRead

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/register",
    response_model=RegistrationResult,
    status_code=status.HTTP_201_CREATED,
    summary="Create an account and its organisation (pending the department's verification)",
    responses={429: {"description": "Too many registrations from this client address"}},
)
async def register_account(
    body: Registration, session: SessionDep, settings: SettingsDep, client: ClientDep
) -> RegistrationResult:
    user, organization = await register(session, settings, body, client)
    return RegistrationResult(
        user=UserRead.model_validate(user),
        organization=OrganizationRead.model_validate(organization),
    )
