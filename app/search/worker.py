"""The outbox worker: applies search outbox rows to the engine, in order, in batches.

A pass reads the oldest due rows, loads each listing's CURRENT document from the source (so a
row only says "look again", and applying it twice is harmless), puts or removes them in one
engine call, then marks the rows applied, or on failure records the error and schedules a
retry with exponential backoff. The database transaction is never held open across the engine
call (on SQLite that would block every writer). Nothing is lost while the engine is down: rows
stay pending and the index catches up when it answers again.

The background runner (app/background.py) calls `run_once` in a loop, inside `techex serve` on
the embedded default or in `techex worker`. Run one per database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.clock import utcnow
from app.core.config import Settings
from app.core.db import READ_ONLY
from app.models.search_outbox import SearchOutbox
from app.search import repository
from app.search.documents import SearchDocument
from app.search.engines.base import SearchEngine
from app.search.reindex import rebuild_index
from app.search.sources import DocumentSource

log = structlog.get_logger(__name__)

_KEEP_PROCESSED = timedelta(days=7)
_PURGE_EVERY = timedelta(hours=1)
_MAX_ERROR_LENGTH = 2000


@dataclass(frozen=True)
class PassResult:
    fetched: int
    applied: int
    failed: int


@dataclass
class _Batch:
    upserts: list[SearchDocument]
    deletes: list[str]
    load_errors: dict[tuple[str, int], str]


def backoff_delay(attempts: int, base_seconds: float, max_seconds: float) -> timedelta:
    """1 s, 2 s, 4 s, ... after the 1st, 2nd, 3rd failure, capped at max_seconds."""
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** (attempts - 1)))


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_MAX_ERROR_LENGTH]


class OutboxWorker:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        engine: SearchEngine,
        source: DocumentSource,
        *,
        batch_size: int = 100,
        base_delay_seconds: float = 1.0,
        max_delay_seconds: float = 300.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.engine = engine
        self.source = source
        self.batch_size = batch_size
        self.base_delay_seconds = base_delay_seconds
        self.max_delay_seconds = max_delay_seconds
        self.clock = clock
        self._engine_ready = False
        self._purged_at: datetime | None = None
        self._rebuild_failures = 0
        self._rebuild_retry_at: datetime | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        engine: SearchEngine,
        source: DocumentSource,
    ) -> OutboxWorker:
        return cls(
            sessionmaker,
            engine,
            source,
            batch_size=settings.background.search_batch_size,
            base_delay_seconds=settings.background.retry_base_seconds,
            max_delay_seconds=settings.background.retry_max_seconds,
        )

    async def run_once(self) -> PassResult:
        """One batch: read due rows, apply them, record the outcome. First, if the index is
        new or was replaced (a schema change), fill it from the database."""
        now = self.clock()
        if self._rebuild_due(now):
            await self._rebuild(now)
        async with self.sessionmaker() as session:
            await session.connection(execution_options=READ_ONLY)
            rows = await repository.due_rows(session, now, self.batch_size)
            if not rows:
                return PassResult(0, 0, 0)
            batch = await self._load(session, rows)
        engine_error = await self._apply(batch)
        return await self._record(rows, batch, engine_error, now)

    def _rebuild_due(self, now: datetime) -> bool:
        if self._rebuild_retry_at is not None and now < self._rebuild_retry_at:
            return False
        try:
            return self.engine.needs_rebuild()
        except Exception as exc:  # the engine cannot even be opened: the batch will say so
            log.warning("search index unusable", error=_describe(exc))
            return False

    async def _rebuild(self, now: datetime) -> None:
        log.info("search index is new or was replaced: rebuilding it from the database")
        try:
            count = await rebuild_index(self.sessionmaker, self.engine, self.source)
        except Exception as exc:  # engine down: rows still wait in the outbox meanwhile
            self._rebuild_failures += 1
            delay = backoff_delay(
                self._rebuild_failures, self.base_delay_seconds, self.max_delay_seconds
            )
            self._rebuild_retry_at = now + delay
            log.warning("search index rebuild failed", error=_describe(exc), retry_in=str(delay))
            return
        self._rebuild_failures, self._rebuild_retry_at = 0, None
        log.info("search index rebuilt", documents=count)

    async def _load(self, session: AsyncSession, rows: Sequence[SearchOutbox]) -> _Batch:
        batch = _Batch([], [], {})
        # One look per listing, in the order of its first row: later rows add nothing, since
        # the document is read as it is now.
        for entity in dict.fromkeys((row.entity_type, row.entity_id) for row in rows):
            entity_type, entity_id = entity
            try:
                document = await self.source.load_search_document(session, entity_type, entity_id)
            except Exception as exc:  # one broken listing must not hold back the others
                batch.load_errors[entity] = _describe(exc)
                continue
            if document is None:
                batch.deletes.append(f"{entity_type}-{entity_id}")
            else:
                batch.upserts.append(document)
        return batch

    async def _apply(self, batch: _Batch) -> str | None:
        if not batch.upserts and not batch.deletes:
            return None
        try:
            if not self._engine_ready:
                await self.engine.ensure_ready()
                self._engine_ready = True
            await self.engine.apply(batch.upserts, batch.deletes)
        except Exception as exc:  # engine down or refusing: keep the rows for a retry
            log.warning("search outbox batch failed", error=_describe(exc))
            return _describe(exc)
        return None

    async def _record(
        self,
        rows: Sequence[SearchOutbox],
        batch: _Batch,
        engine_error: str | None,
        now: datetime,
    ) -> PassResult:
        done: list[int] = []
        failed = 0
        async with self.sessionmaker() as session, session.begin():
            for row in rows:
                error = engine_error or batch.load_errors.get((row.entity_type, row.entity_id))
                if error is None:
                    done.append(row.id)
                    continue
                failed += 1
                attempts = row.attempts + 1
                delay = backoff_delay(attempts, self.base_delay_seconds, self.max_delay_seconds)
                await repository.mark_failed(session, row.id, attempts, now + delay, error)
            await repository.mark_processed(session, done, now)
            if self._purged_at is None or now - self._purged_at > _PURGE_EVERY:
                await repository.purge_processed(session, now - _KEEP_PROCESSED)
                self._purged_at = now
        return PassResult(fetched=len(rows), applied=len(done), failed=failed)

    async def run_until_idle(self) -> int:
        """Apply every due row (for tests and the command line); returns rows applied."""
        applied = 0
        while True:
            result = await self.run_once()
            applied += result.applied
            if result.fetched < self.batch_size or result.applied == 0:
                return applied
