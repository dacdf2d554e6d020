"""The background work of the service, on one runner: the search outbox, the daily jobs and
the e-mail outbox.

One runner per database: inside `techex serve` when it runs as one process (the embedded
default), or as `techex worker` beside web processes started with `--no-worker`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.background import Runner
from app.core.clock import utcnow
from app.core.config import Settings
from app.jobs.daily import JOBS, DailyScheduler
from app.listing.search_documents import ListingDocumentSource
from app.notification.mail import MailSender
from app.search.engines.base import SearchEngine
from app.search.sources import DocumentSource
from app.search.worker import OutboxWorker


def build_runner(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    search_engine: SearchEngine,
    source: DocumentSource | None = None,
) -> Runner:
    background = settings.background
    runner = Runner(background.retry_base_seconds, background.retry_max_seconds)

    outbox = OutboxWorker.from_settings(
        settings, sessionmaker, search_engine, source or ListingDocumentSource()
    )

    async def search_outbox() -> bool:
        result = await outbox.run_once()
        return result.fetched == outbox.batch_size and result.applied > 0

    scheduler = DailyScheduler(sessionmaker, settings, JOBS)

    async def daily_jobs() -> bool:
        await scheduler.run_due(utcnow())
        return False

    runner.add("search_outbox", search_outbox, background.search_poll_seconds)
    runner.add("daily_jobs", daily_jobs, background.jobs_poll_seconds)
    add_mail_loop(runner, settings, sessionmaker)
    return runner


def mail_runner(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> Runner:
    """The e-mail outbox alone (`techex mail-worker`)."""
    runner = Runner(settings.background.retry_base_seconds, settings.background.retry_max_seconds)
    add_mail_loop(runner, settings, sessionmaker)
    return runner


def add_mail_loop(
    runner: Runner, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    mail = MailSender.from_settings(sessionmaker, settings)

    async def mail_outbox() -> bool:
        result = await mail.run_once()
        return result.fetched == mail.batch_size and result.sent > 0

    runner.add("mail_outbox", mail_outbox, settings.background.mail_poll_seconds)
