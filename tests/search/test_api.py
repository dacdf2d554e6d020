"""GET /api/v1/search through the real app and the real tantivy index of its data folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.models.search_outbox import SearchOutbox
from app.search import repository as search_repository
from app.search.engines.base import SearchEngine
from app.search.engines.meilisearch import MeilisearchEngine
from app.search.engines.tantivy import TantivyEngine
from app.search.outbox import enqueue_search_update
from app.search.schemas import SearchHighlight, SearchItem, SearchPage
from tests.search.factories import make_document

LISTINGS = [
    make_document(
        1,
        "Hệ thống xử lý nước thải làng nghề giấy",
        title_en="Wastewater treatment for paper-recycling villages",
        summary="Keo tụ, lắng và xử lý vi sinh cho nước thải <b>giàu bột giấy</b>.",
        trl=7,
        commune_code="09190",
    ),
    make_document(
        2,
        "Cần giải pháp xử lý nước thải xi mạ",
        type="demand",
        summary="Nhà máy cần xử lý nước thải chứa kim loại nặng.",
        trl=5,
        offer_kind=None,
        organization_name=None,
    ),
    make_document(3, "Robot hàn hồ quang", summary="Robot hàn sáu trục.", trl=8),
    make_document(
        4,
        "Lò sấy vải thiều đã hết hạn",
        summary="Tin này đã hết hạn.",
        expires_at="2020-01-01T00:00:00+00:00",
    ),
]


@pytest.fixture
async def indexed(app: FastAPI) -> AsyncIterator[SearchEngine]:
    engine: SearchEngine = app.state.search_engine
    await engine.clear()
    await engine.apply(LISTINGS, [])
    yield engine
    await engine.clear()


async def test_search_returns_items_total_facets_and_highlights(
    client: httpx.AsyncClient, indexed: SearchEngine
) -> None:
    response = await client.get("/api/v1/search", params={"q": "xu li nuoc thai"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert {(item["type"], item["id"]) for item in body["items"]} == {("offer", 1), ("demand", 2)}
    offer = next(item for item in body["items"] if item["type"] == "offer")
    assert offer["highlight"]["title"].startswith("Hệ thống <mark>xử</mark> <mark>lý</mark>")
    assert "&lt;b&gt;giàu bột giấy&lt;/b&gt;" in offer["highlight"]["summary"]
    assert offer["score"] > 0
    assert offer["organization_name"] == "Công ty TNHH Kỹ thuật Kinh Bắc"
    trl = {(f["value"], f["label"], f["count"]) for f in body["facets"]["trl"]}
    assert trl == {("7", "TRL 7", 1), ("5", "TRL 5", 1)}
    (commune,) = body["facets"]["commune_code"]
    assert commune["value"] == "09190" and commune["count"] == 1 and commune["label"] != "09190"


@pytest.mark.parametrize(
    ("lang", "kind", "engineering"),
    [
        ("vi", "Công nghệ", "Khoa học kỹ thuật và công nghệ"),
        ("en", "Technology", "Engineering and technology"),
    ],
)
async def test_facets_are_labelled_in_the_readers_language_and_fields_form_a_tree(
    client: httpx.AsyncClient, indexed: SearchEngine, lang: str, kind: str, engineering: str
) -> None:
    facets = (await client.get("/api/v1/search", params={"lang": lang})).json()["facets"]
    kinds = {f["value"]: f["label"] for f in facets["offer_kind"]}
    assert kinds["technology"] == kind
    (level1,) = facets["field_codes"]  # every listing is in field 2 (engineering)
    assert (level1["value"], level1["label"]) == ("2", engineering)
    (level2,) = level1["children"]
    assert level2["value"] == "207" and level2["label"]  # a name, not a bare code
    assert [child["value"] for child in level2["children"]] == ["20701"]
    assert level1["count"] == level2["count"] == level2["children"][0]["count"]
    countries = {f["value"]: f["label"] for f in facets["origin_country"]}
    assert countries["VN"] == ("Việt Nam" if lang == "vi" else "Vietnam")


async def test_the_answer_has_exactly_the_documented_shape(
    client: httpx.AsyncClient, indexed: SearchEngine
) -> None:
    """The page is built as plain dicts (app/search/service.py): it must stay what the
    OpenAPI schema, from SearchPage, tells API users."""
    response = await client.get("/api/v1/search", params={"q": "nước thải"})
    page = SearchPage.model_validate_json(response.content)
    assert page.total == 2
    body = response.json()
    assert set(body) == set(SearchPage.model_fields)
    for item in body["items"]:
        assert set(item) == set(SearchItem.model_fields)
        assert set(item["highlight"]) == set(SearchHighlight.model_fields)
    documented = (await client.get("/openapi.json")).json()["components"]["schemas"]
    assert set(documented["SearchItem"]["properties"]) == set(SearchItem.model_fields)


async def test_facets_can_be_left_out_for_suggestions(
    client: httpx.AsyncClient, indexed: SearchEngine
) -> None:
    body = (await client.get("/api/v1/search", params={"q": "robot h", "facets": "false"})).json()
    assert body["items"][0]["id"] == 3
    assert body["facets"] == {}


async def test_english_query_finds_vietnamese_listings(
    client: httpx.AsyncClient, indexed: SearchEngine
) -> None:
    response = await client.get("/api/v1/search", params={"q": "welding robot"})
    assert [item["id"] for item in response.json()["items"]] == [3]


async def test_type_filter_and_trl_range(client: httpx.AsyncClient, indexed: SearchEngine) -> None:
    demands = await client.get("/api/v1/search", params={"q": "nuoc thai", "type": "demand"})
    assert [item["id"] for item in demands.json()["items"]] == [2]
    assert demands.json()["items"][0]["organization_name"] is None
    mature = await client.get("/api/v1/search", params={"trl_min": 7})
    assert sorted(item["id"] for item in mature.json()["items"]) == [1, 3]


async def test_expired_listings_are_never_returned(
    client: httpx.AsyncClient, indexed: SearchEngine
) -> None:
    assert (await client.get("/api/v1/search", params={"q": "vải thiều"})).json()["total"] == 0
    assert (await client.get("/api/v1/search")).json()["total"] == 3


async def test_pagination_keeps_the_total(client: httpx.AsyncClient, indexed: SearchEngine) -> None:
    first = (await client.get("/api/v1/search", params={"per_page": 2})).json()
    second = (await client.get("/api/v1/search", params={"per_page": 2, "page": 2})).json()
    assert first["total"] == second["total"] == 3
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert len(ids) == 3 and len({(i["type"], i["id"]) for i in first["items"]}) == 2


async def test_repeated_searches_are_answered_from_the_cache_until_the_index_changes(
    app: FastAPI, client: httpx.AsyncClient, indexed: SearchEngine
) -> None:
    async def robots() -> list[str]:
        response = await client.get("/api/v1/search", params={"q": "Robot hàn"})
        return [item["title"] for item in response.json()["items"]]

    cache = app.state.search_cache
    assert await robots() == ["Robot hàn hồ quang"]
    assert await robots() == ["Robot hàn hồ quang"]
    assert (await client.get("/api/v1/search", params={"q": "ROBOT  HÀN"})).status_code == 200
    assert cache.stats().hits == 2  # the same words, whatever their case and spacing
    ready = (await client.get("/readyz")).json()
    assert ready["checks"]["search"]["cache"] == {"hits": 2, "misses": 1, "entries": 1}

    # A listing published meanwhile is found at once: the worker's commit is a new generation.
    await indexed.apply([make_document(9, "Robot hàn điểm cho khung xe máy")], [])
    assert sorted(await robots()) == ["Robot hàn hồ quang", "Robot hàn điểm cho khung xe máy"]
    await indexed.apply([], ["offer-3"])
    assert await robots() == ["Robot hàn điểm cho khung xe máy"]


@pytest.mark.parametrize("engine_kind", ["tantivy", "meilisearch"])
async def test_an_unusable_engine_answers_503_with_a_message_and_nothing_is_cached(
    app: FastAPI, client: httpx.AsyncClient, tmp_path: Path, engine_kind: str
) -> None:
    engine: SearchEngine
    if engine_kind == "tantivy":
        not_a_folder = tmp_path / "index"
        not_a_folder.write_text("a file where the index folder should be")
        engine = TantivyEngine(not_a_folder)
    else:
        engine = MeilisearchEngine("http://127.0.0.1:9", None, timeout_seconds=1)
    app.state.search_engine = engine
    for _ in range(2):
        response = await client.get("/api/v1/search", params={"q": "robot"})
        assert response.status_code == 503
        assert response.json()["error"] == "search_unavailable"
        assert "thử lại" in response.json()["detail"]  # Vietnamese: no Accept-Language
    assert app.state.search_cache.stats().entries == 0


@pytest.mark.parametrize(
    "params",
    [
        {"type": "service"},
        {"sort": "price"},
        {"trl_min": 0},
        {"trl_min": 8, "trl_max": 3},
        {"commune_code": 'x" OR type = "offer'},
        {"q": "x" * 201},
        {"page": 1000, "per_page": 100},
    ],
)
async def test_bad_parameters_are_refused_with_a_message(
    client: httpx.AsyncClient, indexed: SearchEngine, params: dict[str, object]
) -> None:
    response = await client.get("/api/v1/search", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


async def test_readyz_reports_the_outbox_backlog(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.json()["checks"]["search_outbox"] == {
        "ok": True,
        "pending": 0,
        "failing": 0,
        "oldest_age_seconds": 0.0,
    }


async def test_backlog_counts_pending_and_failing_rows(session: AsyncSession) -> None:
    # /readyz reads this through its own connection; the test transaction is not visible to
    # it on SQLite, so the counts are checked on the repository it calls.
    await enqueue_search_update(session, "offer", 1)
    await enqueue_search_update(session, "demand", 2)
    await enqueue_search_update(session, "offer", 3)
    rows = (await session.scalars(select(SearchOutbox).order_by(SearchOutbox.id))).all()
    rows[0].processed_at = utcnow()
    rows[1].attempts = 2
    rows[1].last_error = "SearchEngineUnavailable: down"
    await session.flush()
    backlog = await search_repository.backlog(session)
    assert (backlog.pending, backlog.failing) == (2, 1)
    assert backlog.oldest_created_at == rows[1].created_at
