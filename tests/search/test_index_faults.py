"""A deleted or damaged tantivy index: 503 from search and /readyz (never 500, never answers from
half an index), then rebuilt from the database by the worker or by `techex reindex`."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from app.search.engines.base import SearchEngineUnavailable
from app.search.engines.tantivy import TantivyEngine
from app.search.query import SearchRequest
from app.search.worker import OutboxWorker
from tests.search.factories import InMemorySource, make_document
from tests.test_cli import environment, fresh_database, techex  # noqa: F401

DOCUMENTS = [make_document(1, "Mạ kẽm nhúng nóng"), make_document(2, "Sơn tĩnh điện")]


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


async def built_index(folder: Path) -> TantivyEngine:
    engine = TantivyEngine(folder)
    await engine.ensure_ready()
    await engine.apply(DOCUMENTS, [])
    engine.mark_rebuilt()
    return engine


async def found(engine: TantivyEngine) -> list[str]:
    return sorted(hit.document["id"] for hit in (await engine.search(SearchRequest())).hits)


def damage(folder: Path) -> None:
    (folder / "meta.json").write_text('{"segments": [oops')


async def test_a_damaged_index_is_unavailable_then_rebuilt_by_the_worker(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    await built_index(folder)
    damage(folder)
    restarted = TantivyEngine(folder)  # the next process to open it
    with pytest.raises(SearchEngineUnavailable):
        await restarted.search(SearchRequest())
    assert not (await restarted.health()).ok
    await OutboxWorker(sessionmaker, restarted, InMemorySource(DOCUMENTS)).run_once()
    assert await found(restarted) == ["offer-1", "offer-2"]
    assert (await restarted.health()).ok


async def test_a_deleted_index_is_unavailable_then_rebuilt_by_the_worker(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    engine = await built_index(folder)
    assert await found(engine) == ["offer-1", "offer-2"]
    shutil.rmtree(folder)
    deadline = time.monotonic() + 10  # noticed at the next reload, within a second
    while True:
        try:
            await engine.search(SearchRequest())
        except SearchEngineUnavailable:
            break
        assert time.monotonic() < deadline, "a deleted index still answered searches"
        await asyncio.sleep(0.05)
    assert not (await engine.health()).ok
    await OutboxWorker(sessionmaker, engine, InMemorySource(DOCUMENTS)).run_once()
    assert await found(engine) == ["offer-1", "offer-2"]


async def test_search_and_readyz_answer_503_on_a_damaged_index(
    app: FastAPI, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    folder = tmp_path / "app-index"
    await built_index(folder)
    damage(folder)
    previous = app.state.search_engine
    app.state.search_engine = TantivyEngine(folder)
    try:
        search = await client.get("/api/v1/search", params={"q": "mạ kẽm"})
        assert search.status_code == 503, search.text
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["search"]["ok"] is False
    finally:
        app.state.search_engine = previous


def test_techex_reindex_rebuilds_a_damaged_index(
    environment: dict[str, str],  # noqa: F811
) -> None:
    assert techex(environment, "migrate").returncode == 0
    assert techex(environment, "reindex").returncode == 0
    folder = Path(environment["TECHEX_DATA_DIR"]) / "search-index"
    damage(folder)
    rebuilt = techex(environment, "reindex")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Indexed" in rebuilt.stdout
    assert TantivyEngine(folder).needs_rebuild() is False
