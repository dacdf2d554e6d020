"""The outbox worker against the real database and a real tantivy index on disk."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import tantivy
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from app.core.clock import utcnow
from app.models.search_outbox import SearchOutbox
from app.search.engines.meilisearch import MeilisearchEngine
from app.search.engines.tantivy import TantivyEngine
from app.search.outbox import enqueue_search_update
from app.search.query import SearchRequest
from app.search.worker import OutboxWorker, backoff_delay
from tests.search.factories import InMemorySource, make_document, make_index_of_an_older_schema


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """The worker's sessions, inside the test's transaction (rolled back at the end)."""
    return async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
async def index(tmp_path: Path) -> TantivyEngine:
    """An index already built (the rebuild of a new index has its own tests)."""
    engine = TantivyEngine(tmp_path / "index")
    await engine.ensure_ready()
    engine.mark_rebuilt()
    return engine


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_worker(
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: TantivyEngine | MeilisearchEngine,
    source: InMemorySource,
    clock: Clock,
    batch_size: int = 100,
) -> OutboxWorker:
    return OutboxWorker(sessionmaker, engine, source, batch_size=batch_size, clock=clock)


async def enqueue(session: AsyncSession, *entities: tuple[str, int]) -> None:
    for entity_type, entity_id in entities:
        await enqueue_search_update(session, entity_type, entity_id)  # type: ignore[arg-type]
    await session.commit()


async def outbox(session: AsyncSession) -> list[SearchOutbox]:
    session.expire_all()
    return list((await session.scalars(select(SearchOutbox).order_by(SearchOutbox.id))).all())


async def found(index: TantivyEngine, text: str = "") -> list[str]:
    results = await index.search(SearchRequest(text=text))
    return sorted(hit.document["id"] for hit in results.hits)


async def test_applies_rows_in_order_and_marks_them_processed(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    index: TantivyEngine,
    clock: Clock,
) -> None:
    source = InMemorySource(
        [
            make_document(1, "Lò hơi sinh khối"),
            make_document(2, "Cần máy sấy vải thiều", type="demand"),
            make_document(3, "Robot hàn"),
        ]
    )
    await enqueue(session, ("offer", 3), ("demand", 2), ("offer", 1))
    applied = await make_worker(sessionmaker, index, source, clock).run_until_idle()
    assert applied == 3
    assert source.loads == [("offer", 3), ("demand", 2), ("offer", 1)]
    assert await found(index) == ["demand-2", "offer-1", "offer-3"]
    assert all(row.processed_at is not None for row in await outbox(session))


async def test_batches_take_the_oldest_rows_first(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    index: TantivyEngine,
    clock: Clock,
) -> None:
    source = InMemorySource([make_document(i, f"Thiết bị số {i}") for i in range(1, 6)])
    await enqueue(session, *[("offer", i) for i in (5, 4, 3, 2, 1)])
    worker = make_worker(sessionmaker, index, source, clock, batch_size=2)
    assert (await worker.run_once()).applied == 2
    assert source.loads == [("offer", 5), ("offer", 4)]
    rows = await outbox(session)
    assert [row.processed_at is not None for row in rows] == [True, True, False, False, False]
    await worker.run_until_idle()
    assert source.loads == [("offer", i) for i in (5, 4, 3, 2, 1)]


async def test_a_listing_no_longer_searchable_is_removed(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    index: TantivyEngine,
    clock: Clock,
) -> None:
    source = InMemorySource([make_document(1, "Đúc đồng"), make_document(2, "Đúc gang")])
    worker = make_worker(sessionmaker, index, source, clock)
    await enqueue(session, ("offer", 1), ("offer", 2))
    await worker.run_until_idle()
    assert await found(index, "duc") == ["offer-1", "offer-2"]
    source.remove("offer", 1)  # withdrawn, expired or unpublished
    await enqueue(session, ("offer", 1))
    await worker.run_until_idle()
    assert await found(index, "duc") == ["offer-2"]


async def test_engine_down_keeps_rows_and_the_index_catches_up(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    index: TantivyEngine,
    clock: Clock,
) -> None:
    source = InMemorySource([make_document(1, "Xử lý nước thải")])
    worker = make_worker(sessionmaker, index, source, clock)
    await index.ensure_ready()
    # Another process holds the index's only writer: the index cannot take changes.
    blocker = tantivy.Index.open(str(index.index_dir)).writer(15_000_000, 1)

    await enqueue(session, ("offer", 1))  # the write itself succeeds
    result = await worker.run_once()
    assert (result.applied, result.failed) == (0, 1)
    (row,) = await outbox(session)
    assert row.processed_at is None and row.attempts == 1
    assert row.last_error is not None and "locked" in row.last_error
    assert await found(index) == []

    del blocker
    gc.collect()  # the writer's lock is released when it is dropped
    assert (await worker.run_once()).fetched == 0  # not due before its retry time
    clock.advance(1.5)
    assert await worker.run_until_idle() == 1
    assert await found(index, "nuoc thai") == ["offer-1"]
    (row,) = await outbox(session)
    assert row.processed_at is not None


async def test_retries_back_off_exponentially(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock
) -> None:
    unreachable = MeilisearchEngine("http://127.0.0.1:9", None, 1)
    worker = OutboxWorker(
        sessionmaker,
        unreachable,
        InMemorySource([make_document(1, "Gạch không nung")]),
        clock=clock,
        max_delay_seconds=5,
    )
    await enqueue(session, ("offer", 1))
    delays = []
    for _ in range(4):
        started = clock.now
        assert (await worker.run_once()).failed == 1
        (row,) = await outbox(session)
        assert row.next_attempt_at is not None
        delays.append((row.next_attempt_at - started).total_seconds())
        assert (await worker.run_once()).fetched == 0  # waits for its time
        clock.now = row.next_attempt_at
    assert delays == [1.0, 2.0, 4.0, 5.0]
    (row,) = await outbox(session)
    assert row.attempts == 4 and row.processed_at is None
    assert row.last_error is not None and "Meilisearch" in row.last_error


def test_backoff_delay_doubles_and_is_capped() -> None:
    assert [backoff_delay(n, 1, 300).total_seconds() for n in (1, 2, 3, 10, 20)] == [
        1,
        2,
        4,
        300,
        300,
    ]


async def test_a_broken_listing_does_not_hold_back_the_others(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    index: TantivyEngine,
    clock: Clock,
) -> None:
    source = InMemorySource([make_document(1, "Mạ kẽm"), make_document(2, "Sơn tĩnh điện")])
    source.broken.add(("offer", 1))
    await enqueue(session, ("offer", 1), ("offer", 2))
    result = await make_worker(sessionmaker, index, source, clock).run_once()
    assert (result.applied, result.failed) == (1, 1)
    assert await found(index) == ["offer-2"]
    first, second = await outbox(session)
    assert first.processed_at is None and "cannot read offer 1" in (first.last_error or "")
    assert second.processed_at is not None


async def test_a_new_index_is_filled_from_the_database_by_the_worker(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path, clock: Clock
) -> None:
    # The data folder lost its index (or never had one): nothing is in the outbox, yet every
    # searchable listing is back after the worker's first pass.
    source = InMemorySource(
        [make_document(1, "Mạ kẽm nhúng nóng"), make_document(2, "Sơn tĩnh điện")]
    )
    engine = TantivyEngine(tmp_path / "index")
    assert engine.needs_rebuild()
    await make_worker(sessionmaker, engine, source, clock).run_once()
    assert await found(engine) == ["offer-1", "offer-2"]
    assert not engine.needs_rebuild()
    assert not TantivyEngine(tmp_path / "index").needs_rebuild()  # another process agrees


async def test_an_index_of_an_older_schema_is_rebuilt_by_the_worker(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path, clock: Clock
) -> None:
    folder = tmp_path / "index"
    make_index_of_an_older_schema(folder)

    # A web process opens the index first and replaces it; the worker process rebuilds it.
    TantivyEngine(folder)._open()
    engine = TantivyEngine(folder)
    source = InMemorySource([make_document(1, "Lò hơi sinh khối")])
    await make_worker(sessionmaker, engine, source, clock).run_once()
    assert await found(engine, "lo hoi") == ["offer-1"]


async def test_a_failed_rebuild_is_retried_later_and_rows_still_wait(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    clock: Clock,
) -> None:
    engine = TantivyEngine(tmp_path / "index")
    await engine.ensure_ready()
    blocker = tantivy.Index.open(str(engine.index_dir)).writer(15_000_000, 1)
    source = InMemorySource([make_document(1, "Xử lý nước thải")])
    await enqueue(session, ("offer", 1))
    worker = make_worker(sessionmaker, engine, source, clock)
    assert (await worker.run_once()).failed == 1  # the rebuild failed, then the batch too
    assert engine.needs_rebuild()

    del blocker
    gc.collect()
    clock.advance(1.5)
    await worker.run_until_idle()
    assert not engine.needs_rebuild()
    assert await found(engine, "nuoc thai") == ["offer-1"]
