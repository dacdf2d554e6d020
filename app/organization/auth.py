"""Who may see and change an organisation."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Forbidden
from app.core.i18n import N_
from app.core.roles import is_staff
from app.models import Organization, User
from app.models.vocabulary import (
    MembershipRole,
    OrganizationType,
    PlatformRole,
    VerificationStatus,
)


def is_member(user: User | None, organization: Organization) -> bool:
    return user is not None and user.organization_id == organization.id


def may_read_private(user: User | None, organization: Organization) -> bool:
    """Contact details, tax code, members: the organisation itself, the department, admins."""
    return is_staff(user) or is_member(user, organization)


def may_see(user: User | None, organization: Organization) -> bool:
    """An organisation not (yet) verified is known only to itself and the department."""
    return organization.verification_status is VerificationStatus.verified or may_read_private(
        user, organization
    )


def may_edit_profile(user: User, organization: Organization) -> bool:
    return is_staff(user) or (
        is_member(user, organization) and user.membership_role is MembershipRole.owner
    )


def may_edit_identity(user: User, organization: Organization) -> bool:
    """Type, country, tax code...: the department corrects them; the owner only before
    the organisation is verified."""
    return is_staff(user) or (
        may_edit_profile(user, organization)
        and organization.verification_status is not VerificationStatus.verified
    )


async def require_broker(session: AsyncSession, user: User) -> Organization:
    """The broker's intermediary organisation: deals and the desk are for brokers only."""
    organization = (
        await session.get(Organization, user.organization_id)
        if user.organization_id is not None
        else None
    )
    if (
        user.platform_role is not PlatformRole.broker
        or organization is None
        or organization.type is not OrganizationType.intermediary
    ):
        raise Forbidden(
            N_(
                "Deals and the desk are for brokers (platform role broker) of an "
                "intermediary organisation."
            )
        )
    return organization
