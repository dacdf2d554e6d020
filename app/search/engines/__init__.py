"""The search engines behind one protocol (``base.SearchEngine``): tantivy embedded in the
process, or a Meilisearch server for scale."""

from __future__ import annotations

from app.core.config import SearchEngineKind, Settings
from app.search.engines.base import SearchEngine


def create_search_engine(settings: Settings) -> SearchEngine:
    """The engine the settings name. Each is imported only when chosen: a Meilisearch
    deployment does not load tantivy's index code, and the other way round."""
    if settings.search.engine is SearchEngineKind.meilisearch:
        from app.search.engines import meilisearch

        return meilisearch.create(settings)
    from app.search.engines import tantivy

    return tantivy.create(settings)
