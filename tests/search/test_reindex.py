from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from app.search.engines.tantivy import TantivyEngine
from app.search.query import SearchRequest
from app.search.reindex import rebuild_index
from tests.search.factories import InMemorySource, make_document


async def test_rebuild_replaces_the_index_with_what_the_database_holds(
    connection: AsyncConnection, tmp_path: Path
) -> None:
    sessionmaker = async_sessionmaker(
        bind=connection, class_=AsyncSession, join_transaction_mode="create_savepoint"
    )
    engine = TantivyEngine(tmp_path / "index")
    await engine.apply([make_document(99, "Tin đã gỡ nhưng còn trong chỉ mục")], [])
    source = InMemorySource([make_document(i, f"Thiết bị đo số {i}") for i in range(1, 8)])
    progress: list[int] = []

    total = await rebuild_index(
        sessionmaker, engine, source, batch_size=3, on_progress=progress.append
    )

    assert total == 7 and progress == [3, 3, 1]
    results = await engine.search(SearchRequest(text="thiet bi do", limit=50))
    assert results.total == 7
    assert (await engine.search(SearchRequest(text="chỉ mục"))).total == 0
