"""The search engine protocol and the registry keyed by the settings enum (DESIGN §2).

Engines grow with the search issue; what exists now is what the foundation needs:
opening the engine and telling whether it is reachable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.core.config import SearchEngineKind, Settings


@dataclass(frozen=True)
class EngineHealth:
    ok: bool
    detail: str


class SearchEngine(Protocol):
    name: str

    async def health(self) -> EngineHealth: ...


_REGISTRY: dict[SearchEngineKind, Callable[[Settings], SearchEngine]] = {}


def register(
    kind: SearchEngineKind,
) -> Callable[[Callable[[Settings], SearchEngine]], Callable[[Settings], SearchEngine]]:
    def decorator(
        factory: Callable[[Settings], SearchEngine],
    ) -> Callable[[Settings], SearchEngine]:
        _REGISTRY[kind] = factory
        return factory

    return decorator


def create_search_engine(settings: Settings) -> SearchEngine:
    # Importing the modules registers the engines.
    from app.search.engines import meilisearch, tantivy  # noqa: F401

    return _REGISTRY[settings.search.engine](settings)
