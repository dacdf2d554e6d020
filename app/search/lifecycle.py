"""Search at application start-up: engine settings applied, and the in-process worker."""

from __future__ import annotations

import structlog
from fastapi import FastAPI

from app.core.background import Stopper, nothing_to_stop, start_loop
from app.core.config import Settings
from app.search.sources import DocumentSource, production_source
from app.search.worker import OutboxWorker

log = structlog.get_logger(__name__)


async def prepare_search(app: FastAPI) -> None:
    """Open or create the index (tantivy) or apply the index settings (Meilisearch)."""
    engine = app.state.search_engine
    try:
        await engine.ensure_ready()
    except Exception as exc:  # the worker retries; the site still serves pages meanwhile
        log.warning("search engine not ready at start-up", engine=engine.name, error=str(exc))


def start_search_worker(app: FastAPI, source: DocumentSource | None = None) -> Stopper:
    """The outbox worker in this process when settings say so (on the listing domain's
    documents unless another source is given)."""
    settings: Settings = app.state.settings
    if not settings.search.worker:
        return nothing_to_stop
    worker = OutboxWorker.from_settings(
        settings, app.state.sessionmaker, app.state.search_engine, source or production_source()
    )
    return start_loop(lambda stop: worker.run(stop, settings.search.worker_poll_seconds))
