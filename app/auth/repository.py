"""Queries of sign-in: the account by e-mail, refresh tokens, failed sign-ins, registrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import rowcount
from app.models import LoginAttempt, RefreshToken, RegistrationAttempt, User


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    """The account signing in (e-mails are stored normalised: see credentials.normalize_email)."""
    return await session.scalar(select(User).where(User.email == email))


class RefreshTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, token: RefreshToken) -> RefreshToken:
        self.session.add(token)
        await self.session.flush()
        return token

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        result = await self.session.execute(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        )
        return result.scalar_one_or_none()

    async def mark_rotated(self, token_id: int, now: datetime) -> bool:
        """Rotate once: False when another request rotated or revoked it first."""
        result = await self.session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.id == token_id,
                RefreshToken.rotated_at.is_(None),
                RefreshToken.revoked_at.is_(None),
            )
            .values(rotated_at=now)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) == 1

    async def family_revoked(self, family_id: str) -> bool:
        """Whether the sign-in of this family was ended (logout, reuse, password change...)."""
        revoked = await self.session.scalar(
            select(RefreshToken.id)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_not(None))
            .limit(1)
        )
        return revoked is not None

    async def revoke_family(self, family_id: str, now: datetime, reason: str) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
            .execution_options(synchronize_session=False)
        )

    async def revoke_all_for_user(self, user_id: int, now: datetime, reason: str) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
            .execution_options(synchronize_session=False)
        )

    async def forget_expired_before(self, before: datetime) -> int:
        """Tokens that expired before `before`: refused anyway, and reuse of a rotated one
        past its expiry needs no family to revoke."""
        result = await self.session.execute(
            delete(RefreshToken).where(RefreshToken.expires_at < before)
        )
        return rowcount(result)


class LoginAttemptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_failure(self, email: str, client_address: str, now: datetime) -> None:
        self.session.add(LoginAttempt(email=email, client_address=client_address, attempted_at=now))
        await self.session.flush()

    async def failures_since(
        self, since: datetime, *, email: str | None = None, client_address: str | None = None
    ) -> tuple[int, datetime | None]:
        """How many failures since `since`, and the oldest of them."""
        query = select(func.count(), func.min(LoginAttempt.attempted_at)).where(
            LoginAttempt.attempted_at >= since
        )
        if email is not None:
            query = query.where(LoginAttempt.email == email)
        if client_address is not None:
            query = query.where(LoginAttempt.client_address == client_address)
        count, oldest = (await self.session.execute(query)).one()
        return int(count), oldest

    async def forget_before(self, before: datetime) -> None:
        await self.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < before))


class RegistrationAttemptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, client_address: str, now: datetime) -> None:
        self.session.add(RegistrationAttempt(client_address=client_address, attempted_at=now))
        await self.session.flush()

    async def since(self, since: datetime, client_address: str) -> tuple[int, datetime | None]:
        """How many attempts from this address since `since`, and the oldest of them."""
        query = select(func.count(), func.min(RegistrationAttempt.attempted_at)).where(
            RegistrationAttempt.client_address == client_address,
            RegistrationAttempt.attempted_at >= since,
        )
        count, oldest = (await self.session.execute(query)).one()
        return int(count), oldest

    async def forget_before(self, before: datetime) -> None:
        await self.session.execute(
            delete(RegistrationAttempt).where(RegistrationAttempt.attempted_at < before)
        )
