"""Searching: turn the request into an engine query and the engine's hits into results."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from app.core.errors import AppError
from app.core.i18n import N_
from app.search.cache import SearchCache
from app.search.engines.base import SearchEngine, SearchEngineUnavailable
from app.search.facets import labelled_facets
from app.search.glossary import Glossary
from app.search.highlight import Highlighter
from app.search.query import SearchRequest, parse_query

_SUMMARY_CHARS = 300
_SNIPPET_WORDS = 40


class SearchUnavailable(AppError):
    status_code = 503
    code = "search_unavailable"


def _shorten(text: str) -> str:
    if len(text) <= _SUMMARY_CHARS:
        return text
    return text[:_SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _item(document: dict[str, Any], score: float | None, highlight: list[str]) -> dict[str, Any]:
    """One result, in the shape of SearchItem (app/search/schemas.py, which documents it)."""
    title, title_en, summary = highlight
    return {
        "id": document["listing_id"],
        "type": document["type"],
        "title": document["title"],
        "title_en": document.get("title_en"),
        "summary": _shorten(document["summary"]),
        "score": score,
        "highlight": {"title": title, "title_en": title_en or None, "summary": summary},
        "organization_name": document.get("organization_name"),
        "field_code": document.get("field_code"),
        "offer_kind": document.get("offer_kind"),
        "trl": document.get("trl"),
        "ip_type": document.get("ip_type"),
        "origin": document.get("origin"),
        "origin_country": document.get("origin_country"),
        "price_mode": document.get("price_mode"),
        "commune_code": document.get("commune_code"),
        "published_at": document["published_at"],
        "expires_at": document.get("expires_at"),
    }


def _highlights(documents: list[dict[str, Any]], highlighter: Highlighter) -> list[list[str]]:
    """Title, English title and summary snippet of each document, marked in one pass."""
    texts: list[tuple[str, int | None]] = []
    for document in documents:
        texts += [
            (document["title"], None),
            (document.get("title_en") or "", None),
            (document["summary"], _SNIPPET_WORDS),
        ]
    marked = highlighter.mark_all(texts)
    return [marked[i : i + 3] for i in range(0, len(marked), 3)]


async def search(
    engine: SearchEngine, request: SearchRequest, glossary: Glossary, page: int, locale: str = "vi"
) -> dict[str, Any]:
    """One page of results, in the shape of SearchPage. Plain dicts serialised by orjson:
    building and dumping twenty pydantic items cost a tenth of an uncached search's CPU."""
    with _unavailable_as_503():
        results = await engine.search(request)
    highlighter = Highlighter(parse_query(request.text, glossary), results.forgiven)
    highlights = _highlights([hit.document for hit in results.hits], highlighter)
    return {
        "items": [
            _item(hit.document, hit.score, highlight)
            for hit, highlight in zip(results.hits, highlights, strict=True)
        ],
        "total": results.total,
        "page": page,
        "per_page": request.limit,
        "facets": labelled_facets(results.facets, locale),
    }


async def search_json(
    engine: SearchEngine,
    request: SearchRequest,
    glossary: Glossary,
    page: int,
    cache: SearchCache[bytes],
    locale: str = "vi",
) -> bytes:
    """One page of results as JSON; from the cache when the same search was answered on the
    index as it is now. The cache keeps the JSON: a fifth of the memory of the page's
    objects, and nothing left to do on a hit."""

    async def answer() -> bytes:
        return orjson.dumps(await search(engine, request, glossary, page, locale))

    if request.now is not None:
        return await answer()
    with _unavailable_as_503():
        generation = engine.generation()
    return await cache.get_or_compute((_cache_key(request), locale), generation, answer)


@contextmanager
def _unavailable_as_503() -> Iterator[None]:
    try:
        yield
    except SearchEngineUnavailable as exc:
        raise SearchUnavailable(
            N_("Search is temporarily unavailable; please try again in a minute.")
        ) from exc


def _cache_key(request: SearchRequest) -> Hashable:
    # The words as typed, lower-cased (not folded: exact diacritics rank higher), with the
    # phrases, exclusions and operators. Page and per_page are in offset and limit.
    filters = request.filters
    return (
        parse_query(request.text).cache_key(),
        tuple(sorted(filters.keywords.items())),
        filters.trl_min,
        filters.trl_max,
        request.sort,
        request.offset,
        request.limit,
        request.with_facets,
        request.match_any,
    )
