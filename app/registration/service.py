"""Sign-up: an account and the organisation it acts for, pending the department's check."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.credentials import check_password_policy, normalize_email
from app.auth.rate_limit import RegistrationRateLimiter
from app.auth.repository import RegistrationAttemptRepository
from app.auth.service import ClientInfo
from app.core.clock import utcnow
from app.core.config import Settings
from app.models import Organization, User
from app.models.vocabulary import MembershipRole
from app.organization.service import OrganizationService
from app.registration.schemas import Registration
from app.user.schemas import UserCreate
from app.user.service import UserService


async def register(
    session: AsyncSession, settings: Settings, data: Registration, client: ClientInfo
) -> tuple[User, Organization]:
    limiter = RegistrationRateLimiter(RegistrationAttemptRepository(session), settings.auth)
    await limiter.check_and_record(client.address, utcnow())
    # Counted even if this registration fails (a taken e-mail, a weak password): the
    # attempts are what a script would repeat.
    await session.commit()
    # Refuse a weak password before anything else is written.
    check_password_policy(settings, data.password, normalize_email(data.email))
    organization = await OrganizationService(session).create(data.organization, created_by=None)
    user = await UserService(session, settings).create(
        UserCreate(
            email=data.email,
            password=data.password,
            full_name=data.full_name,
            phone=data.phone,
            organization_id=organization.id,
            membership_role=MembershipRole.owner,
        ),
        created_by=None,
    )
    return user, organization
