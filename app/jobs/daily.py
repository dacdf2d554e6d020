"""Daily jobs: listing expiry and warnings, deal reminders, the saved-search digest, and
housekeeping of records kept only for a while.

The background runner (app/background.py) asks the scheduler below for due jobs every few
minutes, inside `techex worker` or `techex serve` on the embedded default, so no cron is
needed; each is also a command (`techex expire-listings` ...) for operators who prefer cron.
Each job is safe to run twice: it remembers what it has done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth.repository import RefreshTokenRepository
from app.core.clock import utcnow
from app.core.config import Settings
from app.core.db import rowcount, standalone_session
from app.deal.jobs import send_reminders
from app.listing.expiry import expire_and_warn
from app.models.job_run import JobRun
from app.saved_search.service import queue_digests
from app.transaction.repository import TransactionRepository

log = structlog.get_logger(__name__)

# Days are the province's days: a job "of 22/11" runs after 02:00 Vietnam time.
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
RUN_AFTER = time(2, 0)

JobFunction = Callable[[AsyncSession, Settings, datetime], Awaitable[str]]


async def _expire_listings(session: AsyncSession, settings: Settings, now: datetime) -> str:
    report = await expire_and_warn(session, now, settings.listing)
    return f"Listings expired: {report.expired}; owners warned: {report.warned}."


async def _deal_reminders(session: AsyncSession, settings: Settings, now: datetime) -> str:
    report = await send_reminders(session, now.astimezone(LOCAL_TIME).date())
    return f"Task reminders: {report.tasks}; check-in reminders: {report.checkins}."


async def _saved_search_digest(session: AsyncSession, settings: Settings, now: datetime) -> str:
    return f"Digest e-mails queued: {await queue_digests(session, now)}."


# Idempotency keys answer retries of the same request; a month covers any client's retries.
KEEP_IDEMPOTENCY_KEYS = timedelta(days=30)
# Refresh tokens expired this long ago are refused anyway; every rotation adds one.
KEEP_EXPIRED_REFRESH_TOKENS = timedelta(days=30)


async def _housekeeping(session: AsyncSession, settings: Settings, now: datetime) -> str:
    keys = await TransactionRepository(session).forget_idempotency_keys_before(
        now - KEEP_IDEMPOTENCY_KEYS
    )
    tokens = await RefreshTokenRepository(session).forget_expired_before(
        now - KEEP_EXPIRED_REFRESH_TOKENS
    )
    return f"Idempotency keys removed: {keys}; expired refresh tokens removed: {tokens}."


JOBS: dict[str, JobFunction] = {
    "expire-listings": _expire_listings,
    "deal-reminders": _deal_reminders,
    "saved-search-digest": _saved_search_digest,
    "housekeeping": _housekeeping,
}


async def run_job_once(settings: Settings, name: str) -> str:
    """One job now, in its own transaction (the command-line path)."""
    async with standalone_session(settings) as session:
        return await JOBS[name](session, settings, utcnow())


@dataclass
class DailyScheduler:
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    jobs: dict[str, JobFunction]

    async def run_due(self, now: datetime) -> list[str]:
        """Run each job not yet run on today's (local) date, once it is past RUN_AFTER.
        Returns the names of the jobs this call ran."""
        local = now.astimezone(LOCAL_TIME)
        if local.time() < RUN_AFTER:
            return []
        ran = []
        for name, job in self.jobs.items():
            if await self._claim(name, local.date(), now):
                await self._run(name, job, now)
                ran.append(name)
        return ran

    async def _claim(self, name: str, today: date, now: datetime) -> bool:
        async with self.sessionmaker() as session, session.begin():
            claimed = await session.execute(
                update(JobRun)
                .where(
                    JobRun.name == name,
                    or_(JobRun.last_run_on.is_(None), JobRun.last_run_on < today),
                )
                .values(last_run_on=today, last_started_at=now)
            )
            if rowcount(claimed) == 1:
                return True
            if await session.get(JobRun, name) is not None:
                return False  # already run today, here or by another process
        try:
            async with self.sessionmaker() as session, session.begin():
                await session.execute(
                    insert(JobRun).values(name=name, last_run_on=today, last_started_at=now)
                )
        except IntegrityError:
            return False  # another process created and claimed it first
        return True

    async def _run(self, name: str, job: JobFunction, now: datetime) -> None:
        try:
            async with self.sessionmaker() as session, session.begin():
                result = await job(session, self.settings, now)
        except Exception as exc:  # one failing job must not stop the others or the worker
            log.exception("daily job failed", job=name)
            result = f"failed: {type(exc).__name__}: {exc}"
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(JobRun)
                .where(JobRun.name == name)
                .values(last_finished_at=utcnow(), last_result=result[:2000])
            )
        log.info("daily job done", job=name, result=result)
