"""The cache of answered searches: one answer per search and index generation."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.search import cache as cache_module
from app.search.cache import SearchCache
from app.search.engines import tantivy as tantivy_module
from app.search.engines.tantivy import TantivyEngine
from app.search.query import SearchRequest
from tests.search.factories import make_document
from tests.waiting import wait_until


class Counter:
    """A search that counts how often it really ran; held until `release` is set when the
    test needs it still running while others ask (no fixed delay to hope long enough)."""

    def __init__(self, answer: str = "answer", held: bool = False) -> None:
        self.calls = 0
        self.answer = answer
        self.release = asyncio.Event()
        if not held:
            self.release.set()

    async def __call__(self) -> str:
        self.calls += 1
        await self.release.wait()
        return f"{self.answer} {self.calls}"


async def test_the_same_search_on_the_same_generation_is_answered_once() -> None:
    cache = SearchCache[str](max_entries=10, max_age_seconds=60)
    search = Counter()
    assert await cache.get_or_compute("q", "g1", search) == "answer 1"
    assert await cache.get_or_compute("q", "g1", search) == "answer 1"
    assert search.calls == 1
    assert cache.stats().hits == 1 and cache.stats().misses == 1


async def test_a_new_generation_of_the_index_is_searched_again() -> None:
    cache = SearchCache[str](max_entries=10, max_age_seconds=60)
    search = Counter()
    await cache.get_or_compute("q", "g1", search)
    assert await cache.get_or_compute("q", "g2", search) == "answer 2"
    assert cache.stats().entries == 1  # the answer for g1 was dropped, not kept beside


async def test_an_answer_ages_out(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: now[0])
    cache = SearchCache[str](max_entries=10, max_age_seconds=60)
    search = Counter()
    await cache.get_or_compute("q", "g1", search)
    now[0] += 59
    assert await cache.get_or_compute("q", "g1", search) == "answer 1"
    now[0] += 2
    assert await cache.get_or_compute("q", "g1", search) == "answer 2"


async def test_the_least_recently_used_answer_is_dropped_first() -> None:
    cache = SearchCache[str](max_entries=2, max_age_seconds=60)
    searches = {key: Counter(key) for key in "abc"}
    await cache.get_or_compute("a", "g", searches["a"])
    await cache.get_or_compute("b", "g", searches["b"])
    await cache.get_or_compute("a", "g", searches["a"])  # a is now the most recent
    await cache.get_or_compute("c", "g", searches["c"])  # b goes
    assert cache.stats().entries == 2
    await cache.get_or_compute("a", "g", searches["a"])
    await cache.get_or_compute("b", "g", searches["b"])
    assert searches["a"].calls == 1 and searches["b"].calls == 2


async def test_no_generation_or_no_room_means_no_cache() -> None:
    search = Counter()
    unknown = SearchCache[str](max_entries=10, max_age_seconds=60)
    await unknown.get_or_compute("q", None, search)
    await unknown.get_or_compute("q", None, search)
    off = SearchCache[str](max_entries=0, max_age_seconds=60)
    await off.get_or_compute("q", "g", search)
    await off.get_or_compute("q", "g", search)
    assert search.calls == 4
    assert unknown.stats().entries == off.stats().entries == 0


async def test_concurrent_identical_searches_run_once() -> None:
    cache = SearchCache[str](max_entries=10, max_age_seconds=60)
    search = Counter(held=True)
    asking = [asyncio.create_task(cache.get_or_compute("q", "g", search)) for _ in range(16)]
    await wait_until(lambda: cache.stats().misses + cache.stats().shared == 16)
    search.release.set()
    assert await asyncio.gather(*asking) == ["answer 1"] * 16
    assert search.calls == 1
    assert cache.stats().shared == 15


async def test_a_failure_reaches_every_waiter_and_is_not_kept() -> None:
    cache = SearchCache[str](max_entries=10, max_age_seconds=60)

    release = asyncio.Event()

    async def failing() -> str:
        await release.wait()
        raise RuntimeError("engine down")

    asking = [asyncio.create_task(cache.get_or_compute("q", "g", failing)) for _ in range(3)]
    await wait_until(lambda: cache.stats().shared == 2)
    release.set()
    outcomes = await asyncio.gather(*asking, return_exceptions=True)
    assert all(isinstance(o, RuntimeError) for o in outcomes)
    assert await cache.get_or_compute("q", "g", Counter()) == "answer 1"


async def test_the_first_asker_leaving_does_not_cancel_the_others() -> None:
    cache = SearchCache[str](max_entries=10, max_age_seconds=60)
    search = Counter(held=True)
    first = asyncio.create_task(cache.get_or_compute("q", "g", search))
    await wait_until(lambda: search.calls == 1)
    second = asyncio.create_task(cache.get_or_compute("q", "g", search))
    await wait_until(lambda: cache.stats().shared == 1)
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)
    search.release.set()
    assert await second == "answer 1"
    assert first.cancelled()
    assert search.calls == 1


async def test_tantivy_generation_changes_with_every_commit_and_only_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tantivy_module, "_RELOAD_SECONDS", 0.0)
    writer = TantivyEngine(tmp_path / "index")
    reader = TantivyEngine(tmp_path / "index")  # another process reading the same folder
    await writer.ensure_ready()
    await writer.apply([make_document(1, "Đúc đồng mỹ thuật")], [])
    before = (writer.generation(), reader.generation())
    assert (writer.generation(), reader.generation()) == before
    await writer.apply([make_document(2, "Robot hàn hồ quang")], [])
    assert writer.generation() != before[0]
    assert reader.generation() != before[1]
    assert (await reader.search(SearchRequest(text="robot han"))).total == 1
