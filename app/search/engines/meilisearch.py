"""The scale-out engine: a Meilisearch server through the official client.

The index settings are applied by code at start-up (`ensure_ready`), so a new or upgraded
server always ranks the same way. Documents carry folded copies of the text fields and queries
are sent folded (app/core/folding.py), so the i/y spelling variants and unaccented queries
behave as on tantivy whatever Meilisearch's own normalisation does; the glossary is sent as
Meilisearch synonyms. Meilisearch applies changes asynchronously: `apply` waits for the task so
that the outbox only marks rows done once the server has taken them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchError

from app.core.config import Settings
from app.core.folding import search_fold
from app.search.documents import SearchDocument
from app.search.engines.base import EngineHealth, SearchEngineUnavailable
from app.search.glossary import NO_GLOSSARY, Glossary, load_glossary
from app.search.query import (
    DISPLAY_FIELDS,
    FACET_FIELDS,
    KEYWORD_FILTERS,
    MAX_RESULT_WINDOW,
    SHORT_FUZZY_MIN_LENGTH,
    ParsedQuery,
    SearchHit,
    SearchRequest,
    SearchResults,
    SearchSort,
    parse_query,
    timestamp,
)

_TEXT_FIELDS = ("title", "title_en", "keywords", "summary", "body")
# Order matters: the "attribute" ranking rule prefers a match in an earlier attribute.
SEARCHABLE_ATTRIBUTES = [
    "title",
    "title_f",
    "title_en",
    "title_en_f",
    "keywords",
    "keywords_f",
    "summary",
    "summary_f",
    "body",
    "body_f",
]
FILTERABLE_ATTRIBUTES = ["id", *KEYWORD_FILTERS, "trl", "expires_ts"]
SORTABLE_ATTRIBUTES = ["published_ts", "trl_sort"]
RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"]
_TASK_TIMEOUT_MS = 30_000


def index_settings(glossary: Glossary) -> dict[str, Any]:
    """The settings payload (PATCH /indexes/{uid}/settings)."""
    return {
        "searchableAttributes": SEARCHABLE_ATTRIBUTES,
        "displayedAttributes": list(DISPLAY_FIELDS),
        "filterableAttributes": FILTERABLE_ATTRIBUTES,
        "sortableAttributes": SORTABLE_ATTRIBUTES,
        "rankingRules": RANKING_RULES,
        # Vietnamese syllables are two to seven letters and one edit of a short one is another
        # real word ("mat" → "mai", "man"): only words of four letters or more forgive a typo
        # (the "typo" ranking rule puts the words as typed first), and two typos need nine.
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": SHORT_FUZZY_MIN_LENGTH, "twoTypos": 9},
            "disableOnNumbers": True,
        },
        "faceting": {"maxValuesPerFacet": 500},
        "pagination": {"maxTotalHits": MAX_RESULT_WINDOW},
        "synonyms": glossary.synonyms(),
    }


def meili_document(document: SearchDocument) -> dict[str, Any]:
    """The document as sent to Meilisearch: the search document, folded text copies, and
    timestamps for sorting and the expiry filter."""
    sent: dict[str, Any] = dict(document)
    for name in _TEXT_FIELDS:
        value = document[name]  # type: ignore[literal-required]
        text = " \n ".join(value) if isinstance(value, list) else (value or "")
        sent[f"{name}_f"] = search_fold(text)
    sent["published_ts"] = timestamp(document["published_at"])
    sent["expires_ts"] = timestamp(document["expires_at"])
    sent["trl_sort"] = document["trl"] or 0
    return sent


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def meili_query(parsed: ParsedQuery) -> str:
    """The query as Meilisearch reads it: folded words, "phrases" and -exclusions."""
    words = [*parsed.folded, *(f'"{" ".join(phrase)}"' for phrase in parsed.phrases)]
    words += [f"-{word}" for word in parsed.excluded]
    return " ".join(words)


def search_params(request: SearchRequest) -> dict[str, Any]:
    """The search body (POST /indexes/{uid}/search) besides `q`."""
    now = request.now or datetime.now(UTC)
    filters = [f"expires_ts >= {int(now.timestamp())}"]
    filters += [f"{name} = {_quoted(value)}" for name, value in request.filters.keywords.items()]
    if request.filters.trl_min is not None:
        filters.append(f"trl >= {int(request.filters.trl_min)}")
    if request.filters.trl_max is not None:
        filters.append(f"trl <= {int(request.filters.trl_max)}")
    params: dict[str, Any] = {
        "filter": filters,
        "page": request.offset // request.limit + 1,
        "hitsPerPage": request.limit,
        "attributesToRetrieve": list(DISPLAY_FIELDS),
        "showRankingScore": True,
        # Listings with all the words first, then those with most of them, the most frequent
        # words dropped first (as tantivy relaxes a query that finds too little); synonyms
        # count as the word.
        "matchingStrategy": "last" if request.match_any else "frequency",
    }
    if request.with_facets:
        params["facets"] = list(FACET_FIELDS)
    if request.sort is SearchSort.newest or (
        request.sort is SearchSort.relevance and not request.text.strip()
    ):
        params["sort"] = ["published_ts:desc"]
    elif request.sort is SearchSort.trl:
        params["sort"] = ["trl_sort:desc"]
    return params


class MeilisearchEngine:
    name = "meilisearch"

    def __init__(
        self,
        url: str,
        api_key: str | None,
        timeout_seconds: float,
        index_uid: str = "techex-listings",
        glossary: Glossary = NO_GLOSSARY,
    ) -> None:
        self.url = url
        self.index_uid = index_uid
        self.glossary = glossary
        self.client = meilisearch.Client(url, api_key, timeout=int(max(1, timeout_seconds)))
        self.index = self.client.index(index_uid)
        self._created_empty = False

    async def health(self) -> EngineHealth:
        try:
            answer = await asyncio.to_thread(self.client.health)
        except (MeilisearchError, OSError) as exc:
            return EngineHealth(ok=False, detail=f"Meilisearch at {self.url} unreachable: {exc}")
        return EngineHealth(ok=answer.get("status") == "available", detail=str(answer))

    def _wait(self, task_uid: int) -> None:
        task = self.client.wait_for_task(task_uid, timeout_in_ms=_TASK_TIMEOUT_MS)
        if task.status != "succeeded":
            message = f"Meilisearch task {task_uid} {task.status}: {task.error}"
            raise SearchEngineUnavailable(message)

    def _ensure_ready(self) -> None:
        self._wait(self.client.create_index(self.index_uid, {"primaryKey": "id"}).task_uid)
        self._wait(self.index.update_settings(index_settings(self.glossary)).task_uid)

    def _create_index_if_missing(self) -> None:
        try:
            self._ensure_ready()
        except SearchEngineUnavailable as exc:
            if "index_already_exists" not in str(exc):
                raise
            self._wait(self.index.update_settings(index_settings(self.glossary)).task_uid)
        else:
            self._created_empty = True

    def needs_rebuild(self) -> bool:
        """Known only to the process that created the index (the server keeps no mark); after
        deleting a Meilisearch index by hand, run `techex reindex`."""
        return self._created_empty

    def mark_rebuilt(self) -> None:
        self._created_empty = False

    def _apply(self, upserts: Sequence[SearchDocument], deletes: Sequence[str]) -> None:
        if deletes:
            ids = ", ".join(_quoted(doc_id) for doc_id in deletes)
            self._wait(self.index.delete_documents(filter=f"id IN [{ids}]").task_uid)
        if upserts:
            documents = [meili_document(document) for document in upserts]
            self._wait(self.index.add_documents(documents, primary_key="id").task_uid)

    async def _call(self, function: Any, *args: Any) -> Any:
        try:
            return await asyncio.to_thread(function, *args)
        except (MeilisearchError, OSError) as exc:
            raise SearchEngineUnavailable(f"Meilisearch at {self.url}: {exc}") from exc

    async def ensure_ready(self) -> None:
        await self._call(self._create_index_if_missing)

    async def apply(self, upserts: Sequence[SearchDocument], deletes: Sequence[str]) -> None:
        await self._call(self._apply, upserts, deletes)

    async def clear(self) -> None:
        await self._call(lambda: self._wait(self.index.delete_all_documents().task_uid))

    def generation(self) -> None:
        """Unknown: the server applies tasks whenever it likes, so answers are never cached
        here (the server is the scale-out path and answers fast on its own)."""
        return None

    async def search(self, request: SearchRequest) -> SearchResults:
        answer: dict[str, Any] = await self._call(
            self.index.search, meili_query(parse_query(request.text)), search_params(request)
        )
        hits = [
            SearchHit(
                document={name: hit.get(name) for name in DISPLAY_FIELDS},
                score=hit.get("_rankingScore"),
            )
            for hit in answer.get("hits", [])
        ]
        distribution = answer.get("facetDistribution") or {}
        facets = {name: dict(distribution.get(name, {})) for name in FACET_FIELDS}
        return SearchResults(hits=hits, total=int(answer.get("totalHits", 0)), facets=facets)


def create(settings: Settings) -> MeilisearchEngine:
    if not settings.meili.url:
        raise ValueError("TECHEX_MEILI_URL must be set when TECHEX_SEARCH_ENGINE=meilisearch")
    key = settings.meili.key.get_secret_value() if settings.meili.key else None
    glossary = load_glossary() if settings.search.cross_language else NO_GLOSSARY
    return MeilisearchEngine(
        settings.meili.url,
        key,
        settings.meili.timeout_seconds,
        index_uid=f"{settings.meili.index_prefix}-listings",
        glossary=glossary,
    )
