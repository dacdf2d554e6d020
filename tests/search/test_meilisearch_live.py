"""The Meilisearch engine against a real server (MEILI_URL, optional MEILI_KEY)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest

from app.search.engines.meilisearch import MeilisearchEngine
from app.search.glossary import load_glossary
from app.search.query import SearchFilters, SearchRequest
from tests.search.conftest import MEILI_URL, requires_meili
from tests.search.test_tantivy_engine import CATALOGUE

pytestmark = requires_meili


@pytest.fixture
async def engine() -> AsyncIterator[MeilisearchEngine]:
    assert MEILI_URL
    engine = MeilisearchEngine(
        MEILI_URL,
        os.environ.get("MEILI_KEY"),
        10,
        index_uid=f"techex-test-{uuid.uuid4().hex[:8]}",
        glossary=load_glossary(),
    )
    await engine.ensure_ready()
    await engine.apply(CATALOGUE, [])
    yield engine
    engine.client.delete_index(engine.index_uid)


async def ids(engine: MeilisearchEngine, text: str, **options: object) -> list[str]:
    results = await engine.search(SearchRequest(text=text, **options))  # type: ignore[arg-type]
    return [hit.document["id"] for hit in results.hits]


@pytest.mark.parametrize(
    "text", ["xử lý nước thải", "xu ly nuoc thai", "xử lí nước thải", "XỬ LÝ NƯỚC THẢI"]
)
async def test_every_spelling_finds_the_wastewater_listing(
    engine: MeilisearchEngine, text: str
) -> None:
    assert (await ids(engine, text))[0] == "offer-1"


async def test_cross_language_prefix_and_typo(engine: MeilisearchEngine) -> None:
    assert "offer-1" in await ids(engine, "wastewater treatment")
    assert set(await ids(engine, "robot hàn")) >= {"demand-5"}
    assert (await ids(engine, "xu ly nuoc th"))[0] == "offer-1"
    assert "offer-4" in await ids(engine, "weldng robot")


async def test_filters_facets_and_deletes(engine: MeilisearchEngine) -> None:
    results = await engine.search(SearchRequest(filters=SearchFilters(keywords={"type": "demand"})))
    assert [hit.document["id"] for hit in results.hits] == ["demand-5"]
    everything = await engine.search(SearchRequest())
    assert everything.total == 6 and everything.facets["origin"]["foreign"] == 1
    await engine.apply([], ["offer-6"])
    assert await ids(engine, "duc dong") == []
