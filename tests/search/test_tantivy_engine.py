"""The embedded engine, for real: a tantivy index on disk in a temporary folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.search.engines.tantivy import FIELD_LEVELS, QueryBuilder, TantivyEngine
from app.search.glossary import NO_GLOSSARY, load_glossary
from app.search.query import SearchFilters, SearchRequest, SearchSort, parse_query
from tests.search.factories import make_document, make_index_of_an_older_schema

CATALOGUE = [
    make_document(
        1,
        "Hệ thống xử lý nước thải cho làng nghề tái chế giấy",
        summary="Xử lý nước thải giàu bột giấy bằng keo tụ và vi sinh hiếu khí.",
        field_codes=["2", "207"],
        trl=7,
        commune_code="09190",
    ),
    make_document(
        2,
        "Máy sấy nông sản dùng năng lượng mặt trời",
        summary="Sấy vải thiều và long nhãn bằng nhiệt mặt trời.",
        field_codes=["4", "401"],
        trl=5,
    ),
    make_document(
        3,
        "Quy trình nuôi ong lấy mật ong rừng",
        summary="Mật ong sạch cho hợp tác xã; thu hoạch cả ngày trời nắng.",
        field_codes=["4", "401"],
        trl=4,
        offer_kind="research_result",
    ),
    make_document(
        4,
        "Welding robot cell for steel structures",
        title_en="Welding robot cell",
        summary="Six-axis arc welding with seam tracking.",
        origin="foreign",
        origin_country="JP",
        trl=9,
        price_mode="fixed",
    ),
    make_document(
        5,
        "Cần robot hàn tự động cho xưởng kết cấu thép",
        type="demand",
        summary="Doanh nghiệp cần robot hàn hồ quang cho dầm thép.",
        trl=6,
    ),
    make_document(
        6,
        "Đúc đồng mỹ thuật bằng khuôn cát",
        summary="Công nghệ đúc đồng cho làng nghề Đại Bái.",
        field_codes=["2", "205"],
        trl=8,
    ),
]


@pytest.fixture
async def engine(tmp_path: Path) -> TantivyEngine:
    engine = TantivyEngine(tmp_path / "index", load_glossary())
    await engine.ensure_ready()
    await engine.apply(CATALOGUE, [])
    return engine


async def ids(engine: TantivyEngine, text: str, **options: object) -> list[str]:
    results = await engine.search(SearchRequest(text=text, **options))  # type: ignore[arg-type]
    return [hit.document["id"] for hit in results.hits]


@pytest.mark.parametrize(
    "text",
    ["xử lý nước thải", "xu ly nuoc thai", "xử lí nước thải", "XỬ LÝ NƯỚC THẢI"],
)
async def test_every_spelling_finds_the_wastewater_listing(
    engine: TantivyEngine, text: str
) -> None:
    assert await ids(engine, text) == ["offer-1"]


async def test_unaccented_bronze_casting_finds_it(engine: TantivyEngine) -> None:
    assert (await ids(engine, "duc dong"))[0] == "offer-6"
    assert (await ids(engine, "đúc đồng"))[0] == "offer-6"


async def test_right_diacritics_rank_above_a_folded_match(engine: TantivyEngine) -> None:
    assert (await ids(engine, "mặt"))[:2] == ["offer-2", "offer-3"]
    assert (await ids(engine, "mật"))[:2] == ["offer-3", "offer-2"]
    assert (await ids(engine, "mat troi"))[0] == "offer-2"


async def test_one_typing_mistake_in_a_longer_word_still_finds(engine: TantivyEngine) -> None:
    assert "offer-4" in await ids(engine, "weldng robot")
    # A syllable of four letters forgives a mistake when the words as typed find too little.
    assert (await ids(engine, "xu ly nuac thai"))[0] == "offer-1"
    assert (await ids(engine, "xu ly nuoc thia"))[0] == "offer-1"
    # Three letters never: "mat" is one edit from "mai", "man", "mát".
    assert await ids(engine, "mta") == []


async def test_last_word_is_a_prefix_while_typing(engine: TantivyEngine) -> None:
    assert (await ids(engine, "xu ly nuoc th"))[0] == "offer-1"
    assert (await ids(engine, "may say nang lu"))[0] == "offer-2"


async def test_english_and_vietnamese_find_each_other(engine: TantivyEngine) -> None:
    assert await ids(engine, "wastewater treatment") == ["offer-1"]
    assert set(await ids(engine, "welding robot")) == {"offer-4", "demand-5"}
    assert set(await ids(engine, "robot hàn")) == {"offer-4", "demand-5"}
    assert await ids(engine, "lychee") == ["offer-2"]
    assert await ids(engine, "bronze casting") == ["offer-6"]


async def test_words_pasted_many_times_are_looked_for_once(engine: TantivyEngine) -> None:
    """A query of one phrase repeated finds what the phrase finds, and is matched at the cost
    of at most two copies of it (the last one also a prefix), not of every copy."""
    pasted = " ".join(["đúc đồng"] * 16)
    assert (await ids(engine, pasted))[0] == (await ids(engine, "đúc đồng"))[0] == "offer-6"
    parsed = parse_query(pasted, engine.glossary)
    assert len(QueryBuilder._distinct(parsed)) == 2


async def test_without_the_glossary_english_misses_vietnamese(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "plain", NO_GLOSSARY)
    await engine.apply(CATALOGUE, [])
    assert await ids(engine, "wastewater treatment") == []


async def test_facets_count_the_matching_listings(engine: TantivyEngine) -> None:
    results = await engine.search(SearchRequest(text=""))
    assert results.total == 6
    assert results.facets["field_codes"]["4"] == 2
    assert results.facets["origin"] == {"domestic": 5, "foreign": 1}
    assert results.facets["origin_country"]["JP"] == 1
    assert results.facets["trl"]["9"] == 1
    assert results.facets["commune_code"] == {"09190": 1}


async def test_filters_narrow_results_and_facets(engine: TantivyEngine) -> None:
    only_demands = SearchFilters(keywords={"type": "demand"})
    assert await ids(engine, "robot", filters=only_demands) == ["demand-5"]
    agri = SearchFilters(keywords={"field_codes": "4"}, trl_min=5)
    results = await engine.search(SearchRequest(filters=agri))
    assert [hit.document["id"] for hit in results.hits] == ["offer-2"]
    assert results.facets["field_codes"] == {"4": 1, "401": 1}


async def test_sort_by_trl_and_by_newest(engine: TantivyEngine) -> None:
    by_trl = await ids(engine, "", sort=SearchSort.trl)
    assert by_trl[:3] == ["offer-4", "offer-6", "offer-1"]
    newest = await ids(engine, "", sort=SearchSort.newest)
    assert newest[0] == "offer-6"  # published on the 7th, the latest in the catalogue


async def test_pages_cover_every_result_once_with_a_stable_total(engine: TantivyEngine) -> None:
    seen: list[str] = []
    for offset in (0, 2, 4):
        page = await engine.search(SearchRequest(offset=offset, limit=2))
        assert page.total == 6
        seen += [hit.document["id"] for hit in page.hits]
    assert sorted(seen) == sorted(document["id"] for document in CATALOGUE)


async def test_expired_listings_are_not_returned(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "expiry")
    await engine.apply(
        [
            make_document(1, "Lò hơi tiết kiệm năng lượng", expires_at="2026-11-01T00:00:00+00:00"),
            make_document(2, "Lò hơi đốt sinh khối", expires_at="2027-01-01T00:00:00+00:00"),
        ],
        [],
    )
    now = datetime(2026, 11, 22, tzinfo=UTC)
    results = await engine.search(SearchRequest(text="lò hơi", now=now))
    assert [hit.document["id"] for hit in results.hits] == ["offer-2"]
    assert results.total == 1


async def test_updates_replace_and_deletes_remove(engine: TantivyEngine) -> None:
    await engine.apply([make_document(1, "Lọc nước giếng khoan")], ["offer-6"])
    assert await ids(engine, "tái chế giấy") == []
    assert await ids(engine, "loc nuoc") == ["offer-1"]
    assert "offer-6" not in await ids(engine, "duc dong")
    assert (await engine.search(SearchRequest())).total == 5


async def test_a_second_engine_on_the_same_folder_sees_commits(engine: TantivyEngine) -> None:
    reader = TantivyEngine(engine.index_dir)
    assert await ids(reader, "mỹ thuật") == ["offer-6"]


async def test_an_index_with_an_older_schema_is_replaced_by_an_empty_one(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    make_index_of_an_older_schema(folder)

    engine = TantivyEngine(folder)
    assert (await engine.search(SearchRequest())).total == 0
    await engine.apply([make_document(1, "Lò hơi sinh khối")], [])
    assert (await engine.search(SearchRequest(text="lo hoi"))).total == 1


def test_every_s_and_t_field_path_fits_the_level_columns() -> None:
    from app.listing.search_documents import field_code_path
    from app.reference.fields import load_fields

    deepest = max(len(field_code_path(code)) for code in load_fields())
    assert 1 < deepest <= len(FIELD_LEVELS)
