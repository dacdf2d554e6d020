"""The search engine protocol (the engines are chosen in `app.search.engines`).

An engine keeps an index of `SearchDocument`s: it is prepared once at start-up
(`ensure_ready`), receives changes in batches (`apply`: documents to put, ids to remove; it
raises `SearchEngineUnavailable` when it cannot take them, and the outbox keeps them for
later), answers `search`, says with `generation` when its answers may have changed, and can
be emptied for a rebuild (`clear`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.search.documents import SearchDocument
from app.search.query import SearchRequest, SearchResults


@dataclass(frozen=True)
class EngineHealth:
    ok: bool
    detail: str


class SearchEngineUnavailable(Exception):
    """The engine cannot be reached or refused a change; the change must be retried."""


class SearchEngine(Protocol):
    name: str

    async def health(self) -> EngineHealth: ...

    async def ensure_ready(self) -> None:
        """Create the index and apply its settings (idempotent)."""
        ...

    async def apply(self, upserts: Sequence[SearchDocument], deletes: Sequence[str]) -> None:
        """Put these documents (replacing any with the same id) and remove these ids."""
        ...

    async def search(self, request: SearchRequest) -> SearchResults: ...

    def generation(self) -> str | None:
        """A token that changes whenever the index that searches read changes, so answers can
        be cached until then (app/search/cache.py); None when the engine cannot tell."""
        ...

    async def clear(self) -> None:
        """Remove every document (before a rebuild)."""
        ...

    def needs_rebuild(self) -> bool:
        """The index was created empty (new, or replaced after a schema change) and has not
        been filled from the database since: the worker rebuilds it by itself."""
        ...

    def mark_rebuilt(self) -> None: ...
