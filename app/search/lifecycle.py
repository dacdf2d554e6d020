"""Search at application start-up: the index opened or the engine's settings applied."""

from __future__ import annotations

import structlog
from fastapi import FastAPI

log = structlog.get_logger(__name__)


async def prepare_search(app: FastAPI) -> None:
    """Open or create the index (tantivy) or apply the index settings (Meilisearch)."""
    engine = app.state.search_engine
    try:
        await engine.ensure_ready()
    except Exception as exc:  # the worker retries; the site still serves pages meanwhile
        log.warning("search engine not ready at start-up", engine=engine.name, error=str(exc))
