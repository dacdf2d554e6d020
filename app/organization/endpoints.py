from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.dependencies import CurrentUser, OptionalUser, StaffUser
from app.core.db import SessionDep
from app.core.errors import Forbidden
from app.core.i18n import N_
from app.core.pagination import Page, PageDep
from app.core.roles import is_staff
from app.core.validation import Id
from app.models import Organization, User
from app.models.vocabulary import OrganizationType, VerificationStatus
from app.organization.auth import may_read_private
from app.organization.repository import OrganizationRepository
from app.organization.schemas import (
    OrganizationCreate,
    OrganizationPublic,
    OrganizationRead,
    OrganizationUpdate,
    VerificationDecision,
)
from app.organization.service import OrganizationService
from app.user.repository import UserRepository
from app.user.schemas import UserRead

router = APIRouter(prefix="/organizations", tags=["organizations"])


def present(
    organization: Organization, viewer: User | None
) -> OrganizationRead | OrganizationPublic:
    """The full record for those allowed to read private data, the public card otherwise."""
    if may_read_private(viewer, organization):
        return OrganizationRead.model_validate(organization)
    return OrganizationPublic.model_validate(organization)


@router.post(
    "",
    response_model=OrganizationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an organisation (department, admins); it is verified at once",
)
async def create_organization(
    body: OrganizationCreate, officer: StaffUser, session: SessionDep
) -> OrganizationRead:
    organization = await OrganizationService(session).create(body, created_by=officer)
    return OrganizationRead.model_validate(organization)


@router.get(
    "",
    response_model=Page[OrganizationRead | OrganizationPublic],
    summary="List organisations: verified ones for everyone, all for the department",
)
async def list_organizations(
    viewer: OptionalUser,
    session: SessionDep,
    page: PageDep,
    type: OrganizationType | None = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    commune_code: str | None = None,
    status: VerificationStatus | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name")] = None,
) -> Page[OrganizationRead | OrganizationPublic]:
    rows, total = await OrganizationRepository(session).list_visible(
        page,
        sees_all=is_staff(viewer),
        own_organization_id=viewer.organization_id if viewer else None,
        type_=type,
        country=country,
        commune_code=commune_code,
        status=status,
        name_contains=q,
    )
    return Page.of([present(o, viewer) for o in rows], total, page)


@router.get(
    "/{organization_id}",
    response_model=OrganizationRead | OrganizationPublic,
    summary="One organisation: the full record for its members and the department",
)
async def read_organization(
    organization_id: Id, viewer: OptionalUser, session: SessionDep
) -> OrganizationRead | OrganizationPublic:
    organization = await OrganizationService(session).get_visible(organization_id, viewer)
    return present(organization, viewer)


@router.patch(
    "/{organization_id}",
    response_model=OrganizationRead,
    summary="Change an organisation (its owner; the department may also correct its type)",
)
async def update_organization(
    organization_id: Id, body: OrganizationUpdate, user: CurrentUser, session: SessionDep
) -> OrganizationRead:
    organization = await OrganizationService(session).update(organization_id, body, user=user)
    return OrganizationRead.model_validate(organization)


@router.post(
    "/{organization_id}/verification",
    response_model=OrganizationRead,
    summary="Verify or reject an organisation (department, admins)",
)
async def decide_verification(
    organization_id: Id, body: VerificationDecision, officer: StaffUser, session: SessionDep
) -> OrganizationRead:
    organization = await OrganizationService(session).decide_verification(
        organization_id, body, officer=officer
    )
    return OrganizationRead.model_validate(organization)


@router.get(
    "/{organization_id}/members",
    response_model=Page[UserRead],
    summary="Accounts of an organisation (its members, the department)",
)
async def list_members(
    organization_id: Id, user: CurrentUser, session: SessionDep, page: PageDep
) -> Page[UserRead]:
    organization = await OrganizationService(session).get_visible(organization_id, user)
    if not may_read_private(user, organization):
        raise Forbidden(N_("Only this organisation's members and the department see its accounts."))
    rows, total = await UserRepository(session).list(page, organization_id=organization_id)
    return Page.of([UserRead.model_validate(u) for u in rows], total, page)
