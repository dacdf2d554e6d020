"""Sign-in, token refresh with rotation and reuse detection, sign-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.credentials import normalize_email
from app.auth.rate_limit import LoginRateLimiter
from app.auth.repository import LoginAttemptRepository, RefreshTokenRepository, find_user_by_email
from app.auth.schemas import TokenPair
from app.core.clock import utcnow
from app.core.config import Settings
from app.core.errors import Forbidden, Unauthorized
from app.core.i18n import N_
from app.core.security import (
    create_access_token,
    hash_refresh_token,
    new_refresh_token,
    verify_password,
)
from app.models import RefreshToken, User

_BAD_CREDENTIALS = N_("Incorrect e-mail or password.")


@dataclass(frozen=True)
class ClientInfo:
    address: str
    user_agent: str | None = None


class AuthService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.tokens = RefreshTokenRepository(session)
        self.rate_limiter = LoginRateLimiter(LoginAttemptRepository(session), settings.auth)

    async def login(self, email: str, password: str, client: ClientInfo) -> TokenPair:
        user = await self.authenticate(email, password, client)
        assert user.last_login_at is not None
        return await self._issue(
            user, family_id=uuid.uuid4().hex, client=client, now=user.last_login_at
        )

    async def authenticate(self, email: str, password: str, client: ClientInfo) -> User:
        """The active account with this e-mail and password, under the sign-in rate limit:
        the API issues tokens for it, the site a session cookie."""
        email = normalize_email(email)
        now = utcnow()
        await self.rate_limiter.check(email, client.address, now)
        user = await find_user_by_email(self.session, email)
        # verify_password hashes against a dummy when the user is unknown: same time either way.
        if not verify_password(password, user.password_hash if user else None) or user is None:
            await self.rate_limiter.record_failure(email, client.address, now)
            await self._commit_before_failing()
            raise Unauthorized(_BAD_CREDENTIALS)
        if not user.is_active:
            raise Forbidden(
                N_("This account is deactivated. Contact the exchange's administrator.")
            )
        user.last_login_at = now
        return user

    async def refresh(self, raw_token: str, client: ClientInfo) -> TokenPair:
        now = utcnow()
        token = await self.tokens.get_by_hash(hash_refresh_token(raw_token))
        if token is None or token.revoked_at is not None or token.expires_at <= now:
            raise Unauthorized(
                N_("The refresh token is invalid, expired or revoked; sign in again.")
            )
        if token.rotated_at is not None or not await self.tokens.mark_rotated(token.id, now):
            # A rotated token came back: someone holds a copy. End the whole chain.
            await self.tokens.revoke_family(token.family_id, now, reason="reuse_detected")
            await self._commit_before_failing()
            raise Unauthorized(
                N_("This refresh token was already used; every session it started is revoked.")
            )
        user = await self.session.get(User, token.user_id)
        if user is None or not user.is_active:
            raise Unauthorized(N_("The account is deactivated."))
        return await self._issue(user, family_id=token.family_id, client=client, now=now)

    async def logout(self, raw_token: str) -> None:
        token = await self.tokens.get_by_hash(hash_refresh_token(raw_token))
        if token is not None:
            await self.tokens.revoke_family(token.family_id, utcnow(), reason="logout")

    async def _issue(
        self, user: User, *, family_id: str, client: ClientInfo, now: datetime
    ) -> TokenPair:
        raw = new_refresh_token()
        await self.tokens.add(
            RefreshToken(
                user_id=user.id,
                family_id=family_id,
                token_hash=hash_refresh_token(raw),
                issued_at=now,
                expires_at=now + timedelta(days=self.settings.auth.refresh_token_days),
                client_address=client.address[:64],
                user_agent=(client.user_agent or "")[:300] or None,
            )
        )
        return TokenPair(
            access_token=create_access_token(self.settings, user.id, now, family_id),
            refresh_token=raw,
            expires_in=self.settings.auth.access_token_minutes * 60,
        )

    async def _commit_before_failing(self) -> None:
        # The request is about to fail, which rolls its transaction back; but a failed login
        # and a revoked token family must stay recorded. Commit them first.
        await self.session.commit()
