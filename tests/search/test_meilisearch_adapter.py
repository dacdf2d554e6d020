"""What the Meilisearch adapter sends through the official client, checked on the wire against
a local server that speaks the documented API (no Meilisearch server can run here; the live
tests in test_meilisearch_live.py run against one when MEILI_URL is set)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.search.engines.base import SearchEngineUnavailable
from app.search.engines.meilisearch import MeilisearchEngine
from app.search.glossary import load_glossary
from app.search.query import SearchFilters, SearchRequest, SearchSort
from tests.search.factories import make_document
from tests.search.meili_server import FakeMeili, running_fake_meili

INDEX = "techex-listings"


@pytest.fixture
def fake() -> Iterator[FakeMeili]:
    with running_fake_meili() as fake:
        yield fake


@pytest.fixture
def engine(fake: FakeMeili) -> MeilisearchEngine:
    return MeilisearchEngine(fake.url, "master-key", 5, index_uid=INDEX, glossary=load_glossary())


async def test_start_up_creates_the_index_and_applies_the_settings(
    fake: FakeMeili, engine: MeilisearchEngine
) -> None:
    await engine.ensure_ready()
    (created,) = fake.sent("POST", "/indexes")
    assert created.body == {"uid": INDEX, "primaryKey": "id"}
    (patched,) = fake.sent("PATCH", f"/indexes/{INDEX}/settings")
    settings = patched.body
    assert settings["searchableAttributes"] == [
        "title", "title_f", "title_en", "title_en_f", "keywords", "keywords_f",
        "summary", "summary_f", "body", "body_f",
    ]  # fmt: skip
    assert settings["rankingRules"] == [
        "words", "typo", "proximity", "attribute", "sort", "exactness",
    ]  # fmt: skip
    assert settings["typoTolerance"] == {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 9},
        "disableOnNumbers": True,
    }
    assert set(settings["filterableAttributes"]) == {
        "id", "type", "field_codes", "offer_kind", "ip_type", "origin", "origin_country",
        "organization_type", "price_mode", "commune_code", "trl", "expires_ts",
    }  # fmt: skip
    assert settings["sortableAttributes"] == ["published_ts", "trl_sort"]
    assert "body" not in settings["displayedAttributes"]
    assert settings["pagination"] == {"maxTotalHits": 10_000}
    assert "xu ly nuoc thai" in settings["synonyms"]["wastewater treatment"]
    assert "welding robot" in settings["synonyms"]["robot han"]


async def test_an_existing_index_still_gets_its_settings(
    fake: FakeMeili, engine: MeilisearchEngine
) -> None:
    fake.existing_indexes.add(INDEX)
    await engine.ensure_ready()
    assert len(fake.sent("PATCH", f"/indexes/{INDEX}/settings")) == 1


async def test_documents_carry_folded_text_and_timestamps(
    fake: FakeMeili, engine: MeilisearchEngine
) -> None:
    document = make_document(
        7,
        "Xử lí nước thải",
        keywords=["Keo tụ", "Vi sinh"],
        published_at="2026-11-01T00:00:00+00:00",
        expires_at=None,
        trl=None,
    )
    await engine.apply([document], ["demand-3", 'offer-"9'])
    (deleted,) = fake.sent("POST", f"/indexes/{INDEX}/documents/delete")
    assert deleted.body == {"filter": 'id IN ["demand-3", "offer-\\"9"]'}
    (added,) = fake.sent("POST", rf"/indexes/{INDEX}/documents\?primaryKey=id")
    (sent,) = added.body
    assert sent["id"] == "offer-7" and sent["title"] == "Xử lí nước thải"
    assert sent["title_f"] == "xu ly nuoc thai"
    assert sent["keywords_f"] == "keo tu vy sinh"  # "vi" and "vy" fold together
    assert sent["published_ts"] == int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
    assert sent["expires_ts"] == 253402300799
    assert sent["trl_sort"] == 0
    # Every field sent is either the document's or one derived for search:
    derived = {"title_f", "title_en_f", "summary_f", "body_f", "keywords_f"}
    assert set(sent) == set(document) | derived | {"published_ts", "expires_ts", "trl_sort"}


async def test_search_sends_folded_query_filters_and_reads_the_answer(
    fake: FakeMeili, engine: MeilisearchEngine
) -> None:
    fake.search_answer = {
        "hits": [{**make_document(1, "Xử lý nước thải"), "_rankingScore": 0.93}],
        "totalHits": 41,
        "facetDistribution": {"trl": {"7": 30, "5": 11}},
        "page": 3,
        "hitsPerPage": 10,
    }
    now = datetime(2026, 11, 22, tzinfo=UTC)
    request = SearchRequest(
        text="XỬ LÍ nước thải",
        filters=SearchFilters(keywords={"type": "offer", "commune_code": "09190"}, trl_min=4),
        sort=SearchSort.newest,
        offset=20,
        limit=10,
        now=now,
    )
    results = await engine.search(request)
    (sent,) = fake.sent("POST", f"/indexes/{INDEX}/search")
    assert sent.body["q"] == "xu ly nuoc thai"
    assert sent.body["filter"] == [
        f"expires_ts >= {int(now.timestamp())}",
        'type = "offer"',
        'commune_code = "09190"',
        "trl >= 4",
    ]
    assert (sent.body["page"], sent.body["hitsPerPage"]) == (3, 10)
    assert sent.body["sort"] == ["published_ts:desc"]
    # All the words first, then most of them (the most frequent dropped first).
    assert sent.body["matchingStrategy"] == "frequency"
    assert sent.body["facets"][0] == "field_codes"
    assert results.total == 41
    assert results.hits[0].score == 0.93 and results.hits[0].document["id"] == "offer-1"
    assert results.facets["trl"] == {"7": 30, "5": 11}
    assert results.facets["commune_code"] == {}


async def test_phrases_exclusions_and_operators_reach_meilisearch_in_its_syntax(
    fake: FakeMeili, engine: MeilisearchEngine
) -> None:
    fake.search_answer = {"hits": [], "totalHits": 0, "facetDistribution": {}}
    await engine.search(SearchRequest(text='"nước thải" giấy -gỗ NOT sơn AND máy'))
    (sent,) = fake.sent("POST", f"/indexes/{INDEX}/search")
    assert sent.body["q"] == 'nuoc thai giay may "nuoc thai" -go -son'


async def test_a_failed_task_is_reported_as_unavailable(
    fake: FakeMeili, engine: MeilisearchEngine
) -> None:
    fake.failing_task_types.add("documentAdditionOrUpdate")
    with pytest.raises(SearchEngineUnavailable, match="failed"):
        await engine.apply([make_document(1, "Gạch không nung")], [])


async def test_an_unreachable_server_is_unavailable_not_a_crash() -> None:
    engine = MeilisearchEngine("http://127.0.0.1:9", None, 1)
    assert not (await engine.health()).ok
    with pytest.raises(SearchEngineUnavailable):
        await engine.apply([make_document(1, "Gạch không nung")], [])
    with pytest.raises(SearchEngineUnavailable):
        await engine.search(SearchRequest(text="gạch"))


async def test_health_reads_the_server_status(engine: MeilisearchEngine) -> None:
    assert (await engine.health()).ok
