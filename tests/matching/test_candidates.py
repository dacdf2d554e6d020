"""Candidate generation asks the engine with `match_any`: any key term suffices (ranked by how
many and how well), where search requires every word; filters still apply."""

from __future__ import annotations

from pathlib import Path

from app.search.engines.meilisearch import search_params
from app.search.engines.tantivy import TantivyEngine
from app.search.glossary import load_glossary
from app.search.query import SearchFilters, SearchRequest
from tests.search.factories import make_document

DOCUMENTS = [
    make_document(1, "Xử lý nước thải giấy tái chế", keywords=["xử lý nước thải"]),
    make_document(2, "Lò hơi đốt sinh khối cho làng nghề giấy"),
    make_document(3, "Robot hàn hồ quang"),
    make_document(4, "Cần xử lý nước thải xi mạ", type="demand", offer_kind=None),
]


async def test_any_key_term_finds_candidates_and_more_terms_rank_higher(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "index", load_glossary())
    await engine.apply(DOCUMENTS, [])
    text = "wastewater treatment giấy tái chế lò hơi"
    offers = SearchFilters(keywords={"type": "offer"})

    every_word = await engine.search(SearchRequest(text=text, filters=offers))
    assert every_word.total == 2  # no listing has all of them: search relaxes to most of them

    any_word = await engine.search(SearchRequest(text=text, filters=offers, match_any=True))
    ids = [hit.document["id"] for hit in any_word.hits]
    assert ids[:2] == ["offer-1", "offer-2"]  # the English glossary term finds the Vietnamese
    assert "offer-3" not in ids and "demand-4" not in ids


def test_meilisearch_is_asked_to_drop_words_rather_than_require_all() -> None:
    assert search_params(SearchRequest(text="a b", match_any=True))["matchingStrategy"] == "last"
    assert search_params(SearchRequest(text="a b"))["matchingStrategy"] == "frequency"
