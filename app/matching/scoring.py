"""How well an offer answers a demand: a score in [0, 1] and the reasons behind it.

The score depends on the pair alone, never on the viewer or on the other candidates, so a pair
has one score in a notification, a list and a detail. Components and their most (they add up
to 1.0):

| component | most | when |
|---|---|---|
| text | 0.65 | key terms in common (glossary concepts in either language, word pairs,
|      |      | abbreviations), both ways |
| S&T field | 0.20/0.12/0.05 | same level-3 / level-2 / level-1 field (deepest common one) |
| TRL | 0.05 | the offer's TRL meets the demand's minimum |
| origin | 0.05 | a domestic technology (support and spare parts nearby) |
| freshness | 0.05 | the candidate was published in the last 90 days |

A price within the budget adds no points (that would tell a hidden amount through the score);
it is a reason shown only to a viewer allowed to know both the price and the budget.
Below MIN_SCORE (above what a pair without a key term in common can reach) a candidate is no
good match and is not shown. The weights were set on the tuning part of the judged set
(bench/matching_eval).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.listing.search_documents import field_code_path
from app.matching.terms import Term, TermLabels, extract_terms, term_label
from app.models import Demand, Offer
from app.models.vocabulary import PriceMode
from app.reference.countries import VIETNAM
from app.reference.fields import load_fields

TEXT_WEIGHT = 0.65
# Key terms covered (the mean of both directions, weighted) at which the text counts in full.
FULL_COVERAGE = 2 / 3
FIELD_WEIGHTS = {3: 0.20, 2: 0.12, 1: 0.05}
TRL_WEIGHT = 0.05
ORIGIN_WEIGHT = 0.05
FRESHNESS_WEIGHT = 0.05
FRESH_DAYS = 90
# Below this a candidate is not a good match: "no good match yet" rather than a list of
# unrelated listings (see docs/matching.md).
MIN_SCORE = 0.4
# Strong enough to tell the owners at once (see docs/matching.md).
STRONG_MATCH = 0.6
_MAX_TERMS_SHOWN = 4
# The opening of the texts says what a listing is about; the rest costs time, adds little.
BODY_CHARS = 800
_TERMS_CACHE: dict[tuple[str, int, int, datetime | None], ListingTerms] = {}
_TERMS_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Reason:
    code: str  # terms | field | trl | budget | origin | fresh
    vi: str
    en: str

    def text(self, locale: str) -> str:
        """The reason in the reader's language, and only in it."""
        return self.en if locale == "en" else self.vi


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
    """The listing's terms; kept per listing version and write time, since extracting them is
    most of the cost of re-ranking candidates. The version alone is not enough: a transaction
    rolled back leaves its id and version to be used again by other text."""
    if listing.id is None or listing.version is None:
        return _extract(listing)
    key = (type(listing).__name__, listing.id, listing.version, listing.updated_at)
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
) -> Scored:
    """Score the pair; `candidate` is the side being suggested (its freshness counts)."""
    offer_terms, demand_terms = terms or (listing_terms(offer), listing_terms(demand))
    scored = Scored()
    _score_terms(scored, offer_terms, demand_terms)
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
        scored.add(0.0, Reason("budget", "Giá nằm trong ngân sách", "Within budget"))
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


def shared_terms(offer: ListingTerms, demand: ListingTerms) -> tuple[float, list[TermLabels]]:
    """How much of each listing's key terms the other has (the mean of both directions, 0-1),
    and the shared terms as a reader of each language sees them, concepts first."""
    demand_covered, from_demand = _coverage(demand.head, offer.all)
    offer_covered, from_offer = _coverage(offer.head, demand.all)
    shared = list(dict.fromkeys([*from_demand, *from_offer]))
    shared.sort(key=lambda key: (not key.startswith("g:"), key))
    labels = [term_label(key, _surfaces(key, demand, offer)) for key in shared]
    return (demand_covered + offer_covered) / 2, labels


def _score_terms(scored: Scored, offer: ListingTerms, demand: ListingTerms) -> None:
    share, labels = shared_terms(offer, demand)
    if share == 0:
        return
    vi = [label.vi for label in labels if label.vi][:_MAX_TERMS_SHOWN]
    en = [label.en for label in labels if label.en][:_MAX_TERMS_SHOWN]
    scored.add(
        TEXT_WEIGHT * min(1.0, share / FULL_COVERAGE),
        Reason(
            "terms",
            "Từ khoá chung: " + ", ".join(vi) if vi else "Nội dung tương tự",
            "Shared key terms: " + ", ".join(en) if en else "Similar subject",
        ),
    )


def _surfaces(key: str, *listings: ListingTerms) -> list[str]:
    return [terms.originals[key] for terms in listings if key in terms.originals]


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
            f"Same S&T field at level {level} ({common[-1]})",  # the names are Vietnamese only
        ),
    )


def _score_freshness(scored: Scored, published_at: datetime | None, now: datetime) -> None:
    if published_at is None:
        return
    days = max(0, (now - published_at).days)
    if days > FRESH_DAYS:
        return
    scored.add(
        FRESHNESS_WEIGHT,
        Reason(
            "fresh", f"Đăng gần đây ({days} ngày trước)", f"Recently published ({days} days ago)"
        ),
    )
