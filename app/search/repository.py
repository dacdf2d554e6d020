"""Every query on the search outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.search_outbox import SearchOutbox


@dataclass(frozen=True)
class OutboxBacklog:
    pending: int  # rows not applied yet
    failing: int  # of which at least one attempt failed
    oldest_created_at: datetime | None


async def due_rows(session: AsyncSession, now: datetime, limit: int) -> Sequence[SearchOutbox]:
    """The oldest rows not applied yet whose retry time has come, in the order written."""
    statement = (
        select(SearchOutbox)
        .where(
            SearchOutbox.processed_at.is_(None),
            or_(SearchOutbox.next_attempt_at.is_(None), SearchOutbox.next_attempt_at <= now),
        )
        .order_by(SearchOutbox.id)
        .limit(limit)
    )
    return (await session.scalars(statement)).all()


async def mark_processed(session: AsyncSession, ids: Sequence[int], now: datetime) -> None:
    if ids:
        await session.execute(
            update(SearchOutbox).where(SearchOutbox.id.in_(ids)).values(processed_at=now)
        )


async def mark_failed(
    session: AsyncSession, row_id: int, attempts: int, retry_at: datetime, error: str
) -> None:
    await session.execute(
        update(SearchOutbox)
        .where(SearchOutbox.id == row_id)
        .values(attempts=attempts, next_attempt_at=retry_at, last_error=error)
    )


async def purge_processed(session: AsyncSession, before: datetime) -> None:
    """Applied rows are kept a while for inspection, then removed."""
    await session.execute(
        delete(SearchOutbox).where(
            SearchOutbox.processed_at.is_not(None), SearchOutbox.processed_at < before
        )
    )


async def backlog(session: AsyncSession) -> OutboxBacklog:
    pending = SearchOutbox.processed_at.is_(None)
    row = (
        await session.execute(
            select(
                func.count(SearchOutbox.id),
                func.count(SearchOutbox.id).filter(SearchOutbox.attempts > 0),
                func.min(SearchOutbox.created_at),
            ).where(pending)
        )
    ).one()
    return OutboxBacklog(pending=row[0], failing=row[1], oldest_created_at=row[2])
