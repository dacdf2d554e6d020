"""The search engines behind one protocol (``base.SearchEngine``): tantivy embedded in the
process, or a Meilisearch server for scale."""

from __future__ import annotations

from collections.abc import Callable

from app.core.config import SearchEngineKind, Settings
from app.search.engines.base import SearchEngine


def _tantivy(settings: Settings) -> SearchEngine:
    from app.search.engines import tantivy

    return tantivy.create(settings)


def _meilisearch(settings: Settings) -> SearchEngine:
    from app.search.engines import meilisearch

    return meilisearch.create(settings)


# Keyed by the setting that chooses the engine. Each engine's module is imported only when it
# is chosen: a Meilisearch deployment does not load tantivy's index code, nor the reverse.
ENGINES: dict[SearchEngineKind, Callable[[Settings], SearchEngine]] = {
    SearchEngineKind.tantivy: _tantivy,
    SearchEngineKind.meilisearch: _meilisearch,
}


def create_search_engine(settings: Settings) -> SearchEngine:
    return ENGINES[settings.search.engine](settings)
