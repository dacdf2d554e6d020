"""The scale-out engine: a Meilisearch server through the official client."""

from __future__ import annotations

import asyncio

import meilisearch
from meilisearch.errors import MeilisearchError

from app.core.config import SearchEngineKind, Settings
from app.search.engines.base import EngineHealth, register


class MeilisearchEngine:
    name = "meilisearch"

    def __init__(self, url: str, api_key: str | None, timeout_seconds: float) -> None:
        self.url = url
        self.client = meilisearch.Client(url, api_key, timeout=int(max(1, timeout_seconds)))

    async def health(self) -> EngineHealth:
        try:
            answer = await asyncio.to_thread(self.client.health)
        except (MeilisearchError, OSError) as exc:
            return EngineHealth(ok=False, detail=f"Meilisearch at {self.url} unreachable: {exc}")
        return EngineHealth(ok=answer.get("status") == "available", detail=str(answer))


@register(SearchEngineKind.meilisearch)
def create(settings: Settings) -> MeilisearchEngine:
    if not settings.meili.url:
        raise ValueError("TECHEX_MEILI_URL must be set when TECHEX_SEARCH_ENGINE=meilisearch")
    key = settings.meili.key.get_secret_value() if settings.meili.key else None
    return MeilisearchEngine(settings.meili.url, key, settings.meili.timeout_seconds)
