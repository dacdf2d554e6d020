"""Rate limits in a sliding window: failed logins per e-mail and per client address, and
registrations per client address.

Kept in the database (table login_attempts) so that it holds across several app processes
and restarts, on SQLite and PostgreSQL alike, without another server.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.auth.repository import LoginAttemptRepository, RegistrationAttemptRepository
from app.core.config import AuthSettings
from app.core.errors import TooManyRequests
from app.core.i18n import N_


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
                    N_(
                        "Too many failed sign-in attempts. Wait before trying again or "
                        "reset your password."
                    ),
                    retry_after_seconds=retry_after,
                )

    async def record_failure(self, email: str, client_address: str, now: datetime) -> None:
        await self.attempts.forget_before(now - self.window)
        await self.attempts.record_failure(email, client_address, now)


class RegistrationRateLimiter:
    def __init__(self, attempts: RegistrationAttemptRepository, settings: AuthSettings) -> None:
        self.attempts = attempts
        self.settings = settings

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.settings.registration_window_seconds)

    async def check_and_record(self, client_address: str, now: datetime) -> None:
        """Refuse past the limit; otherwise count this attempt, whatever its outcome."""
        count, oldest = await self.attempts.since(now - self.window, client_address)
        if count >= self.settings.registration_max_per_client and oldest is not None:
            raise TooManyRequests(
                N_(
                    "Too many registrations from this network. Wait before trying "
                    "again, or ask the Department of Science and Technology to "
                    "create the account."
                ),
                retry_after_seconds=int((oldest + self.window - now).total_seconds()) + 1,
            )
        await self.attempts.forget_before(now - self.window)
        await self.attempts.record(client_address, now)
