"""How well an offer answers a demand: a score in [0, 1] and the reasons behind it.

Components and their most (they add up to 1.0):

| component | most | when |
|---|---|---|
| text | 0.55 | half: key terms in common (glossary concepts in either language, word
|      |      | pairs, abbreviations), half: the engine's relevance relative to the best candidate |
| S&T field | 0.15/0.10/0.05 | same level-3 / level-2 / level-1 field (deepest common one) |
| TRL | 0.10 | the offer's TRL meets the demand's minimum |
| price | 0.10 | the offer's price is within the budget, counted ONLY for a viewer allowed to know
|       |      | both the price and the budget (a hidden price or a confidential budget never
|       |      | shows, not even as a difference in score) |
| origin | 0.05 | a domestic technology (support and spare parts nearby) |
| freshness | 0.05 | the candidate was published in the last 90 days, fading to 0 at a year |

Weights were set on the labelled demo set (bench/matching_eval.py; see docs/matching.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.listing.search_documents import field_code_path
from app.matching.terms import Term, extract_terms, label_of
from app.models import Demand, Offer
from app.models.vocabulary import PriceMode
from app.reference.countries import VIETNAM
from app.reference.fields import load_fields

TEXT_WEIGHT = 0.55
# Part of the text component taken from the search engine's relevance (BM25 over the whole
# text, relative to the best candidate), the rest from the shared key terms.
ENGINE_SHARE = 0.5
FIELD_WEIGHTS = {3: 0.15, 2: 0.10, 1: 0.05}
TRL_WEIGHT = 0.10
PRICE_WEIGHT = 0.10
ORIGIN_WEIGHT = 0.05
FRESHNESS_WEIGHT = 0.05
FRESH_DAYS = 90
STALE_DAYS = 365
# Strong enough to tell the owners at once (see docs/matching.md).
STRONG_MATCH = 0.6
_MAX_TERMS_SHOWN = 4
# The opening of the texts says what a listing is about; the rest costs time, adds little.
BODY_CHARS = 800
_TERMS_CACHE: dict[tuple[str, int, int], ListingTerms] = {}
_TERMS_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Reason:
    code: str  # terms | field | trl | budget | origin | fresh
    vi: str
    en: str


@dataclass
class Scored:
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)

    def add(self, points: float, reason: Reason) -> None:
        self.score += points
        self.reasons.append(reason)


@dataclass(frozen=True)
class ListingTerms:
    """The terms of a listing's head (title, keywords) and of all its text."""

    head: dict[str, Term]
    all: dict[str, Term]
    originals: dict[str, str]


def head_texts(listing: Offer | Demand) -> list[str | None]:
    texts: list[str | None] = [listing.title, *listing.keywords]
    if isinstance(listing, Offer):
        texts.append(listing.title_en)
    return texts


def body_texts(listing: Offer | Demand) -> list[str | None]:
    if isinstance(listing, Offer):
        return [listing.summary, listing.summary_en, listing.description, listing.applications]
    return [listing.problem, listing.expected_result, listing.technical_requirements]


def listing_terms(listing: Offer | Demand) -> ListingTerms:
    """The listing's terms; kept per listing version (an edit bumps it), since extracting them
    is most of the cost of re-ranking candidates."""
    if listing.id is None or listing.version is None:
        return _extract(listing)
    key = (type(listing).__name__, listing.id, listing.version)
    cached = _TERMS_CACHE.get(key)
    if cached is None:
        if len(_TERMS_CACHE) >= _TERMS_CACHE_SIZE:
            _TERMS_CACHE.pop(next(iter(_TERMS_CACHE)))  # oldest first
        cached = _TERMS_CACHE[key] = _extract(listing)
    return cached


def _extract(listing: Offer | Demand) -> ListingTerms:
    head, head_originals = extract_terms(head_texts(listing))
    body_text = " \n ".join(text for text in body_texts(listing) if text)[:BODY_CHARS]
    body, body_originals = extract_terms([body_text])
    return ListingTerms(head, {**body, **head}, {**body_originals, **head_originals})


def score_pair(
    offer: Offer,
    demand: Demand,
    *,
    now: datetime,
    candidate: Offer | Demand,
    may_compare_price: bool,
    terms: tuple[ListingTerms, ListingTerms] | None = None,
    text_relevance: float = 0.0,
) -> Scored:
    """Score the pair; `candidate` is the side being suggested (its freshness counts)."""
    offer_terms, demand_terms = terms or (listing_terms(offer), listing_terms(demand))
    scored = Scored()
    _score_terms(scored, offer_terms, demand_terms, text_relevance)
    _score_field(scored, offer.field_code, demand.field_code)
    if offer.trl is not None and demand.min_trl is not None and offer.trl >= demand.min_trl:
        scored.add(
            TRL_WEIGHT,
            Reason(
                "trl",
                f"Mức sẵn sàng TRL {offer.trl} đạt yêu cầu tối thiểu TRL {demand.min_trl}",
                f"Technology readiness TRL {offer.trl} meets the minimum TRL {demand.min_trl}",
            ),
        )
    if may_compare_price and within_budget(offer, demand):
        scored.add(PRICE_WEIGHT, Reason("budget", "Giá nằm trong ngân sách", "Within budget"))
    if offer.origin_country == VIETNAM:
        scored.add(
            ORIGIN_WEIGHT,
            Reason("origin", "Công nghệ trong nước", "Domestic technology (support nearby)"),
        )
    _score_freshness(scored, candidate.published_at, now)
    scored.score = round(min(scored.score, 1.0), 4)
    return scored


def within_budget(offer: Offer, demand: Demand) -> bool:
    if offer.price_mode not in (PriceMode.fixed, PriceMode.range):
        return False
    price = offer.price_min_vnd if offer.price_min_vnd is not None else offer.price_max_vnd
    if price is None or demand.budget_max_vnd is None:
        return False
    return price <= demand.budget_max_vnd


def _coverage(source: dict[str, Term], target: dict[str, Term]) -> tuple[float, list[str]]:
    total = sum(term.weight for term in source.values())
    if total == 0:
        return 0.0, []
    shared = [key for key in source if key in target]
    return sum(source[key].weight for key in shared) / total, shared


def _score_terms(
    scored: Scored, offer: ListingTerms, demand: ListingTerms, text_relevance: float
) -> None:
    demand_covered, from_demand = _coverage(demand.head, offer.all)
    offer_covered, from_offer = _coverage(offer.head, demand.all)
    share = (demand_covered + offer_covered) / 2
    if share == 0:
        scored.score += TEXT_WEIGHT * ENGINE_SHARE * text_relevance
        return
    shared = list(dict.fromkeys([*from_demand, *from_offer]))
    # Concepts first (they carry across languages), then word pairs.
    shared.sort(key=lambda key: (not key.startswith("g:"), key))
    originals = {**offer.originals, **demand.originals}
    labels = [label_of(key, originals) for key in shared[:_MAX_TERMS_SHOWN]]
    scored.add(
        TEXT_WEIGHT * ((1 - ENGINE_SHARE) * min(1.0, share * 1.5) + ENGINE_SHARE * text_relevance),
        Reason(
            "terms",
            "Từ khoá chung: " + ", ".join(label.vi for label in labels),
            "Shared key terms: " + ", ".join(label.en for label in labels),
        ),
    )


def _score_field(scored: Scored, offer_code: str | None, demand_code: str | None) -> None:
    common: list[str] = []
    for a, b in zip(field_code_path(offer_code), field_code_path(demand_code), strict=False):
        if a != b:
            break
        common.append(a)
    if not common:
        return
    level = len(common)
    name = load_fields()[common[-1]].name
    scored.add(
        FIELD_WEIGHTS[level],
        Reason(
            "field",
            f"Cùng lĩnh vực KH&CN cấp {level}: {name} ({common[-1]})",
            f"Same S&T field at level {level}: {name} ({common[-1]})",
        ),
    )


def _score_freshness(scored: Scored, published_at: datetime | None, now: datetime) -> None:
    if published_at is None:
        return
    days = max(0, (now - published_at).days)
    if days >= STALE_DAYS:
        return
    fade = 1.0 if days <= FRESH_DAYS else (STALE_DAYS - days) / (STALE_DAYS - FRESH_DAYS)
    scored.add(
        FRESHNESS_WEIGHT * fade,
        Reason(
            "fresh", f"Đăng gần đây ({days} ngày trước)", f"Recently published ({days} days ago)"
        ),
    )
