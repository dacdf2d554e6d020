from __future__ import annotations

import asyncio

from app.core.config import SearchSettings, Settings
from app.main import create_app
from app.search.lifecycle import prepare_search, start_search_worker
from tests.search.factories import InMemorySource


async def test_in_process_worker_starts_with_the_app_and_stops_cleanly(settings: Settings) -> None:
    with_worker = settings.model_copy(
        update={"search": SearchSettings(worker=True, worker_poll_seconds=0.05)}
    )
    app = create_app(with_worker)
    try:
        await prepare_search(app)
        stop = start_search_worker(app, InMemorySource())
        await asyncio.sleep(0.2)  # a few idle passes over the (empty) outbox
        assert with_worker.search_index_dir.is_dir()  # the engine was prepared at start-up
        tasks = [t for t in asyncio.all_tasks() if "OutboxWorker.run" in repr(t.get_coro())]
        assert len(tasks) == 1 and not tasks[0].done()
        await asyncio.wait_for(stop(), timeout=5)
        assert tasks[0].done() and tasks[0].exception() is None
    finally:
        await app.state.engine.dispose()


async def test_without_the_setting_no_worker_runs(settings: Settings) -> None:
    app = create_app(settings)
    try:
        await prepare_search(app)
        stop = start_search_worker(app)
        assert not [t for t in asyncio.all_tasks() if "OutboxWorker.run" in repr(t.get_coro())]
        await stop()
    finally:
        await app.state.engine.dispose()
