"""What a search asks and what it answers, shared by both engines."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.folding import exact_tokens, fold_token
from app.search.documents import SearchDocument
from app.search.glossary import NO_GLOSSARY, Glossary, Segment

# Facets reported with counts, in the order a results page shows them.
FACET_FIELDS: tuple[str, ...] = (
    "field_codes",
    "offer_kind",
    "trl",
    "ip_type",
    "origin",
    "origin_country",
    "organization_type",
    "price_mode",
    "commune_code",
)
# Filters that match one value of a keyword field (field_codes: any level of the S&T tree).
KEYWORD_FILTERS: tuple[str, ...] = (
    "type",
    "field_codes",
    "offer_kind",
    "ip_type",
    "origin",
    "origin_country",
    "organization_type",
    "price_mode",
    "commune_code",
)
# Words this long (folded) or longer forgive one typing mistake; Vietnamese syllables of two to
# four letters do not, since one edit turns them into another real syllable ("mat" → "mai").
FUZZY_MIN_LENGTH = 5
# Display values kept in the index for a results list (the body is searchable only).
DISPLAY_FIELDS: tuple[str, ...] = (
    "id",
    "type",
    "listing_id",
    "title",
    "title_en",
    "summary",
    "field_code",
    "offer_kind",
    "trl",
    "ip_type",
    "origin",
    "origin_country",
    "organization_type",
    "organization_name",
    "price_mode",
    "commune_code",
    "published_at",
    "expires_at",
)
# Deep paging stops here (Meilisearch counts exactly up to its maxTotalHits, the same number).
MAX_RESULT_WINDOW = 10_000
FAR_FUTURE_TS = 253402300799  # 9999-12-31T23:59:59Z: "never expires" in timestamp fields


class SearchSort(enum.StrEnum):
    relevance = "relevance"
    newest = "newest"
    trl = "trl"


@dataclass(frozen=True)
class SearchFilters:
    keywords: dict[str, str] = field(default_factory=dict)  # field → value (KEYWORD_FILTERS)
    trl_min: int | None = None
    trl_max: int | None = None


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: SearchSort = SearchSort.relevance
    offset: int = 0
    limit: int = 20
    now: datetime | None = None  # listings that expired before this are never returned
    with_facets: bool = True
    # Any query word suffices (ranked by how many and how well): matching's candidate
    # generation asks with a listing's key terms, which no single listing has all of.
    match_any: bool = False


@dataclass(frozen=True)
class SearchHit:
    document: dict[str, Any]  # the DISPLAY_FIELDS of the document
    score: float | None


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]]


@dataclass(frozen=True)
class ParsedQuery:
    """The query words, exact (NFC, lower-case) and folded, cut into glossary segments."""

    exact: list[str]
    folded: list[str]
    segments: list[Segment]

    @property
    def is_empty(self) -> bool:
        return not self.folded

    def terms_for_highlight(self) -> tuple[set[str], str | None]:
        """Folded words to mark, and the last word (matched as a prefix while typing)."""
        terms = set(self.folded)
        for segment in self.segments:
            typed = set(self.folded[segment.start : segment.end])
            for alternative in segment.alternatives:
                # A longer phrase around the words typed ("hệ thống xử lý nước thải" for
                # "xử lý nước thải") would mark words nobody asked for.
                if not typed <= set(alternative):
                    terms.update(alternative)
        return terms, (self.folded[-1] if self.folded else None)


def parse_query(text: str, glossary: Glossary = NO_GLOSSARY) -> ParsedQuery:
    exact = exact_tokens(text)[:32]  # a longer "query" is a pasted document, not a search
    folded = [fold_token(token) for token in exact]
    return ParsedQuery(exact, folded, glossary.segment(folded))


def display_of(document: SearchDocument) -> dict[str, Any]:
    return {name: document[name] for name in DISPLAY_FIELDS}  # type: ignore[literal-required]


def timestamp(iso: str | None) -> int:
    if iso is None:
        return FAR_FUTURE_TS
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())
