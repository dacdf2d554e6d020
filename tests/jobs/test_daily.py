"""The daily jobs run once a day after 02:00 Vietnam time, whichever process gets there first,
and a failing job neither stops the others nor the scheduler."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core.clock import utcnow
from app.core.config import Settings
from app.core.db import create_sessionmaker
from app.jobs.daily import JOBS, DailyScheduler, JobFunction
from app.models import IdempotencyKey, RefreshToken
from app.models.job_run import JobRun
from tests.factories import make_user

# 20:00 UTC is 03:00 the next day in Vietnam (UTC+7); 18:30 UTC is 01:30.
AFTER_TWO = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
BEFORE_TWO = datetime(2026, 11, 22, 18, 30, tzinfo=UTC)


@pytest.fixture
async def sessionmaker(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The scheduler commits its claims, as it does in production: clean up after."""
    maker = create_sessionmaker(engine)
    yield maker
    async with maker() as session, session.begin():
        await session.execute(delete(JobRun))


def recording_jobs(calls: Counter[str], failing: str | None = None) -> dict[str, JobFunction]:
    def job(name: str) -> JobFunction:
        async def run(session: AsyncSession, settings: Settings, now: datetime) -> str:
            calls[name] += 1
            if name == failing:
                raise RuntimeError("mail server exploded")
            return f"{name} done"

        return run

    return {name: job(name) for name in ("a", "b", "c")}


async def test_jobs_run_once_a_day_after_two_in_the_morning(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    calls: Counter[str] = Counter()
    scheduler = DailyScheduler(sessionmaker, settings, recording_jobs(calls))
    assert await scheduler.run_due(BEFORE_TWO) == []
    assert await scheduler.run_due(AFTER_TWO) == ["a", "b", "c"]
    assert await scheduler.run_due(AFTER_TWO + timedelta(hours=5)) == []
    assert await scheduler.run_due(AFTER_TWO + timedelta(days=1)) == ["a", "b", "c"]
    assert calls == Counter({"a": 2, "b": 2, "c": 2})


async def test_two_processes_never_run_the_same_job_twice_a_day(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    calls: Counter[str] = Counter()
    first = DailyScheduler(sessionmaker, settings, recording_jobs(calls))
    second = DailyScheduler(sessionmaker, settings, recording_jobs(calls))
    ran = await asyncio.gather(first.run_due(AFTER_TWO), second.run_due(AFTER_TWO))
    assert sorted(ran[0] + ran[1]) == ["a", "b", "c"]
    assert calls == Counter({"a": 1, "b": 1, "c": 1})


async def test_a_failing_job_is_recorded_and_the_others_still_run(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    calls: Counter[str] = Counter()
    scheduler = DailyScheduler(sessionmaker, settings, recording_jobs(calls, failing="b"))
    assert await scheduler.run_due(AFTER_TWO) == ["a", "b", "c"]
    async with sessionmaker() as session:
        results = dict((await session.execute(select(JobRun.name, JobRun.last_result))).all())
    assert results["a"] == "a done"
    assert results["b"].startswith("failed: RuntimeError: mail server exploded")


async def test_the_real_jobs_run_and_report(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    scheduler = DailyScheduler(sessionmaker, settings, JOBS)
    assert await scheduler.run_due(AFTER_TWO) == list(JOBS)
    async with sessionmaker() as session:
        results = dict((await session.execute(select(JobRun.name, JobRun.last_result))).all())
    assert results["expire-listings"].startswith("Listings expired:")
    assert results["deal-reminders"].startswith("Task reminders:")
    assert results["saved-search-digest"].startswith("Digest e-mails queued:")
    assert results["housekeeping"].startswith("Idempotency keys removed:")


async def test_housekeeping_forgets_old_keys_and_long_expired_tokens_only(
    session: AsyncSession, settings: Settings
) -> None:
    user = await make_user(session)
    now = utcnow()

    def key(name: str, age_days: int) -> IdempotencyKey:
        return IdempotencyKey(
            user_id=user.id,
            scope="transactions",
            key=name,
            request_hash="0" * 64,
            response_status=201,
            created_at=now - timedelta(days=age_days),
        )

    def token(name: str, expired_days_ago: int) -> RefreshToken:
        return RefreshToken(
            user_id=user.id,
            family_id=name,
            token_hash=name.ljust(64, "0"),
            expires_at=now - timedelta(days=expired_days_ago),
        )

    session.add_all([key("old", 31), key("recent", 2), token("gone", 31), token("kept", 3)])
    await session.flush()
    report = await JOBS["housekeeping"](session, settings, now)
    assert report == "Idempotency keys removed: 1; expired refresh tokens removed: 1."
    assert (await session.scalars(select(IdempotencyKey.key))).all() == ["recent"]
    assert (await session.scalars(select(RefreshToken.family_id))).all() == ["kept"]
