"""Accounts made from the command line: the first administrator."""

from __future__ import annotations

from app.core.config import Settings
from app.core.db import standalone_session
from app.core.errors import AppError
from app.core.security import hash_password
from app.models.vocabulary import PlatformRole
from app.user.repository import UserRepository
from app.user.schemas import UserCreate
from app.user.service import UserService, check_password_policy, normalize_email


async def ensure_admin(settings: Settings, email: str, password: str, full_name: str) -> bool:
    """Create the admin, or give an existing account the admin role and this password.
    Returns True when an account was created. Raises ValueError on bad input."""
    async with standalone_session(settings) as session:
        service = UserService(session, settings)
        existing = await UserRepository(session).get_by_email(normalize_email(email))
        try:
            if existing is None:
                data = UserCreate(
                    email=email,
                    password=password,
                    full_name=full_name,
                    platform_role=PlatformRole.admin,
                )
                await service.create(data, created_by=None)
                return True
            check_password_policy(settings, password, existing.email)
        except AppError as exc:
            raise ValueError(exc.detail) from exc
        existing.platform_role = PlatformRole.admin
        existing.is_active = True
        existing.password_hash = hash_password(password)
        await service.revoke_sessions(existing, reason="password_changed")
        return False
