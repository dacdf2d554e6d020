"""Accounts: creation, profile, roles, password and deactivation."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.credentials import check_password_policy, normalize_email
from app.auth.repository import RefreshTokenRepository
from app.core.clock import utcnow
from app.core.config import Settings
from app.core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from app.core.i18n import N_
from app.core.security import hash_password, verify_password
from app.core.validation import refuse_nulls
from app.models import Organization, User
from app.models.vocabulary import MembershipRole, PlatformRole
from app.user.repository import UserRepository
from app.user.schemas import PasswordChange, ProfileUpdate, UserAdminUpdate, UserCreate


class UserService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.users = UserRepository(session)

    async def get(self, user_id: int) -> User:
        user = await self.users.get(user_id)
        if user is None:
            raise NotFound(N_("User %(user_id)s does not exist."), user_id=user_id)
        return user

    async def create(self, data: UserCreate, *, created_by: User | None) -> User:
        self._check_may_create(data, created_by)
        email = normalize_email(data.email)
        check_password_policy(self.settings, data.password, email)
        if await self.users.get_by_email(email):
            raise Conflict(N_("An account with the e-mail %(email)s already exists."), email=email)
        if data.organization_id is not None:
            await self._require_organization(data.organization_id)
        user = User(
            email=email,
            full_name=data.full_name,
            phone=data.phone,
            password_hash=hash_password(data.password),
            organization_id=data.organization_id,
            membership_role=data.membership_role
            or (MembershipRole.member if data.organization_id else None),
            platform_role=data.platform_role,
        )
        return await self.users.add(user)

    def _check_may_create(self, data: UserCreate, created_by: User | None) -> None:
        if created_by is None or created_by.platform_role is PlatformRole.admin:
            return  # an admin, or the command line (create-admin, seed-demo)
        owns_target = (
            created_by.membership_role is MembershipRole.owner
            and data.organization_id is not None
            and data.organization_id == created_by.organization_id
        )
        if not owns_target or data.platform_role is not None:
            raise Forbidden(
                N_(
                    "Only an administrator may create accounts with platform roles "
                    "or for other organisations; an organisation's owner may add "
                    "members to it."
                )
            )

    async def _require_organization(self, organization_id: int) -> Organization:
        organization = await self.session.get(Organization, organization_id)
        if organization is None:
            raise Invalid(
                N_("Organisation %(organization_id)s does not exist."),
                organization_id=organization_id,
            )
        return organization

    async def update_profile(self, user: User, data: ProfileUpdate) -> User:
        refuse_nulls(data.model_dump(exclude_unset=True), User)
        for field, value in data.model_dump(exclude_unset=True).items():
            setattr(user, field, value)
        await self.session.flush()
        return user

    async def admin_update(self, user_id: int, data: UserAdminUpdate, *, admin: User) -> User:
        user = await self.get(user_id)
        changes = data.model_dump(exclude_unset=True)
        refuse_nulls(changes, User)
        if user.id == admin.id and (
            changes.get("is_active") is False or "platform_role" in changes
        ):
            raise Conflict(N_("You cannot deactivate yourself or change your own platform role."))
        if changes.get("organization_id") is not None:
            await self._require_organization(changes["organization_id"])
        for field, value in changes.items():
            setattr(user, field, value)
        if changes.get("is_active") is False:
            await self.revoke_sessions(user, reason="deactivated")
        await self.session.flush()
        return user

    async def change_password(self, user: User, data: PasswordChange) -> None:
        if not verify_password(data.current_password, user.password_hash):
            raise Unauthorized(N_("The current password is not correct."))
        check_password_policy(self.settings, data.new_password, user.email)
        user.password_hash = hash_password(data.new_password)
        await self.revoke_sessions(user, reason="password_changed")
        await self.session.flush()

    async def ensure_admin(self, email: str, password: str, full_name: str) -> bool:
        """Create an administrator, or make an existing account one with this password (it is
        how a lost administrator password is reset). True when an account was created."""
        existing = await self.users.get_by_email(normalize_email(email))
        if existing is None:
            data = UserCreate(
                email=email,
                password=password,
                full_name=full_name,
                platform_role=PlatformRole.admin,
            )
            await self.create(data, created_by=None)
            return True
        check_password_policy(self.settings, password, existing.email)
        existing.platform_role = PlatformRole.admin
        existing.is_active = True
        existing.password_hash = hash_password(password)
        await self.revoke_sessions(existing, reason="password_changed")
        await self.session.flush()
        return False

    async def revoke_sessions(self, user: User, *, reason: str) -> None:
        """Sign the user out everywhere: refresh tokens revoked, access tokens refused."""
        now = utcnow()
        user.tokens_valid_after = now
        await RefreshTokenRepository(self.session).revoke_all_for_user(user.id, now, reason)
