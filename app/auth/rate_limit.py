"""Login rate limit: failed attempts per e-mail and per client address in a sliding window.

Kept in the database (table login_attempts) so that it holds across several app processes
and restarts, on SQLite and PostgreSQL alike, without another server.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.auth.repository import LoginAttemptRepository
from app.core.config import AuthSettings
from app.core.errors import TooManyRequests


class LoginRateLimiter:
    def __init__(self, attempts: LoginAttemptRepository, settings: AuthSettings) -> None:
        self.attempts = attempts
        self.settings = settings

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.settings.login_window_seconds)

    async def check(self, email: str, client_address: str, now: datetime) -> None:
        since = now - self.window
        for limit, filters in (
            (self.settings.login_max_failures_per_email, {"email": email}),
            (self.settings.login_max_failures_per_client, {"client_address": client_address}),
        ):
            count, oldest = await self.attempts.failures_since(since, **filters)
            if count >= limit and oldest is not None:
                retry_after = int((oldest + self.window - now).total_seconds()) + 1
                raise TooManyRequests(
                    "Too many failed sign-in attempts. Wait before trying again "
                    "or reset your password.",
                    retry_after_seconds=retry_after,
                )

    async def record_failure(self, email: str, client_address: str, now: datetime) -> None:
        await self.attempts.forget_before(now - self.window)
        await self.attempts.record_failure(email, client_address, now)
