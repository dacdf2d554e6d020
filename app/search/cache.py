"""A cache of answered searches, like Solr's query result cache: tied to one state of the index.

Searches repeat: the browse page with no words, the popular subjects, page 2 of the same
words, the same prefix typed by many people. Each answer is kept under the engine's
*generation*, a token that changes whenever the index that searches read changes (a batch
applied by the worker, a rebuild, another process's commit), so an answer is never served
from an index older than the one a fresh search would read. Answers also age out after
`max_age_seconds`, since a listing whose expiry passes meanwhile must drop out of results
without any write to the index. An engine that cannot tell its generation is never cached.

Concurrent identical searches on a miss are computed once: the others wait for that answer
(a burst of the same query costs one search, not sixteen).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class CacheStats:
    hits: int  # answered from the cache
    misses: int  # computed
    shared: int  # waited for the same search already being computed
    entries: int


@dataclass
class _Entry(Generic[T]):
    generation: str
    stored_at: float
    value: T


class SearchCache(Generic[T]):
    def __init__(self, max_entries: int, max_age_seconds: float) -> None:
        self.max_entries = max_entries
        self.max_age_seconds = max_age_seconds
        self._entries: OrderedDict[Hashable, _Entry[T]] = OrderedDict()
        self._computing: dict[tuple[Hashable, str], asyncio.Future[T]] = {}
        self._hits = 0
        self._misses = 0
        self._shared = 0

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0

    def stats(self) -> CacheStats:
        return CacheStats(self._hits, self._misses, self._shared, len(self._entries))

    async def get_or_compute(
        self, key: Hashable, generation: str | None, compute: Callable[[], Awaitable[T]]
    ) -> T:
        if generation is None or not self.enabled:
            return await compute()
        cached = self._fresh(key, generation)
        if cached is not None:
            self._hits += 1
            return cached.value
        task = self._computing.get((key, generation))
        if task is None:
            self._misses += 1
            # A task of its own: if the first asker goes away (a closed connection), the
            # others waiting for the same answer still get it.
            task = asyncio.ensure_future(compute())
            self._computing[(key, generation)] = task
            task.add_done_callback(partial(self._finished, key, generation))
        else:
            self._shared += 1
        return await asyncio.shield(task)

    def _fresh(self, key: Hashable, generation: str) -> _Entry[T] | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        too_old = time.monotonic() - entry.stored_at > self.max_age_seconds
        if entry.generation != generation or too_old:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry

    def _finished(self, key: Hashable, generation: str, task: asyncio.Future[T]) -> None:
        del self._computing[(key, generation)]
        # exception() also marks a failure as seen when every asker has gone away.
        if task.cancelled() or task.exception() is not None:
            return
        self._entries[key] = _Entry(generation, time.monotonic(), task.result())
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
