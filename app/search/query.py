"""What a search asks and what it answers, shared by both engines."""

from __future__ import annotations

import enum
import re
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
# When the query as typed finds fewer than RELAX_BELOW listings, its words of four letters or
# more forgive one mistake too ("nuoc thia" finds "nước thải"), and listings with most of the
# words follow those with all of them.
SHORT_FUZZY_MIN_LENGTH = 4
RELAX_BELOW = 20
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
    # The query words (folded) for which a typing mistake was forgiven; None when the engine
    # does not say (then a highlight forgives a mistake in a word missing from the page).
    forgiven: frozenset[str] | None = None


@dataclass(frozen=True)
class ParsedQuery:
    """The query words, exact (NFC, lower-case) and folded, cut into glossary segments; the
    "quoted phrases" (folded words) that must appear as such; the -excluded words (folded); and
    whether the words were joined by OR (any of them is enough, most of them rank first)."""

    exact: list[str]
    folded: list[str]
    segments: list[Segment]
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    any_word: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.folded

    def with_diacritics(self, position: int) -> bool:
        """The word was typed with diacritics (or đ): it then matches best as typed."""
        return not self.exact[position].isascii()

    def cache_key(self) -> tuple[object, ...]:
        return (tuple(self.exact), tuple(self.phrases), tuple(self.excluded), self.any_word)


# A quoted phrase (closed or not), or a run of non-space characters.
_PIECE = re.compile(r'"[^"]*"?|[^\s"]+')
# Operators only when typed in capitals: "and", "or" and "not" stay words of the query.
_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}
_MAX_WORDS = 32  # a longer "query" is a pasted document, not a search


def parse_query(text: str, glossary: Glossary = NO_GLOSSARY) -> ParsedQuery:
    """The words of a query, with "exact phrases", -exclusions and the operators AND (the
    default, so it is dropped), OR (any word is enough) and NOT (excludes the next word)."""
    exact: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    any_word = negate_next = False
    for piece in _PIECE.findall(text):
        if piece in _OPERATORS:
            any_word |= piece in ("OR", "||")
            negate_next = piece == "NOT"
            continue
        if negate_next or (piece.startswith("-") and len(piece) > 1):
            excluded += [fold_token(token) for token in exact_tokens(piece)]
            negate_next = False
            continue
        tokens = exact_tokens(piece)
        if piece.startswith('"') and len(tokens) > 1:
            phrases.append(tuple(fold_token(token) for token in tokens))
        exact += tokens
    exact = exact[:_MAX_WORDS]
    folded = [fold_token(token) for token in exact]
    return ParsedQuery(
        exact,
        folded,
        glossary.segment(folded),
        phrases=phrases,
        excluded=list(dict.fromkeys(excluded)),
        any_word=any_word,
    )


def display_of(document: SearchDocument) -> dict[str, Any]:
    return {name: document[name] for name in DISPLAY_FIELDS}  # type: ignore[literal-required]


def timestamp(iso: str | None) -> int:
    if iso is None:
        return FAR_FUTURE_TS
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())
