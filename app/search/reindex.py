"""Rebuilding the index from the database (`techex reindex`)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import READ_ONLY
from app.search.documents import SearchDocument
from app.search.engines.base import SearchEngine
from app.search.sources import DocumentSource


async def rebuild_index(
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: SearchEngine,
    source: DocumentSource,
    *,
    batch_size: int = 500,
    on_progress: Callable[[int], None] = lambda _count: None,
) -> int:
    """Empty the index and fill it with every searchable document; returns how many.

    Searches see a partial index while this runs (minutes at most for this catalogue's size);
    outbox rows written meanwhile are applied afterwards and are harmless, since each one
    re-reads its listing's current state.
    """
    await engine.ensure_ready()
    await engine.clear()
    total = 0
    batch: list[SearchDocument] = []
    async with sessionmaker() as session:
        await session.connection(execution_options=READ_ONLY)
        async for document in source.iter_search_documents(session, batch_size):
            batch.append(document)
            if len(batch) >= batch_size:
                await engine.apply(batch, [])
                total += len(batch)
                on_progress(len(batch))
                batch = []
    if batch:
        await engine.apply(batch, [])
        total += len(batch)
        on_progress(len(batch))
    engine.mark_rebuilt()
    return total
