"""How well an offer answers a demand: a score in [0, 1] and the reasons behind it.

The score is a logistic model (`Ranker`) over the pair's features (`pair_features`): how much
of each listing's key terms the other has, the deepest S&T field level they share, the TRL
against the demand's minimum, the transfer forms, the origin and the offer's language. Its
coefficients are data (app/matching/data/ranker.json), fitted offline on the tuning part of
the judged set by bench/matching_fit.py. The score depends on the pair alone, never on the
viewer, the other candidates or the day, so a pair has one score in a notification, a list and
a detail. Below the model's `min_score` a candidate is no good match and is not shown.

A price within the budget and a recent publication are reasons without points: the first would
tell a hidden amount through the score, the second would change the score by the day. The
budget reason is shown only to a viewer allowed to know both the price and the budget.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources

from app.core.folding import exact_tokens, fold_token
from app.listing.search_documents import field_code_path
from app.matching.terms import STOPWORDS, Term, TermLabels, extract_terms, term_label
from app.models import Demand, Offer
from app.models.vocabulary import ListingLanguage, PriceMode
from app.reference.countries import VIETNAM
from app.reference.fields import load_fields

FRESH_DAYS = 90
_MAX_TERMS_SHOWN = 4
# The opening of the texts says what a listing is about; the rest costs time, adds little.
BODY_CHARS = 800
_TERMS_CACHE: dict[tuple[str, int, int, datetime | None], ListingTerms] = {}
_TERMS_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Reason:
    code: str  # terms | field | trl | forms | budget | origin | fresh
    vi: str
    en: str

    def text(self, locale: str) -> str:
        """The reason in the reader's language, and only in it."""
        return self.en if locale == "en" else self.vi


@dataclass
class Scored:
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class ListingTerms:
    """The terms of a listing's head (title, keywords) and of all its text, and its content
    words as written (lower case, without filler) in the head and in all its text."""

    head: dict[str, Term]
    all: dict[str, Term]
    originals: dict[str, str]
    head_words: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()


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
    head_words = content_words(head_texts(listing))
    return ListingTerms(
        head,
        {**body, **head},
        {**body_originals, **head_originals},
        head_words,
        head_words | content_words([body_text]),
    )


def content_words(texts: list[str | None]) -> frozenset[str]:
    """Words as written (diacritics kept: "đồng" is not "động"), without filler and numbers."""
    return frozenset(
        word
        for text in texts
        if text
        for word in exact_tokens(text)
        if len(word) > 1 and not word.isdigit() and fold_token(word) not in STOPWORDS
    )


def _covered(source: frozenset[str], target: frozenset[str]) -> float:
    """The share of the source's words that the target has."""
    return len(source & target) / len(source) if source else 0.0


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of words in common (cosine of the two sets of words)."""
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


@dataclass(frozen=True)
class Ranker:
    """A logistic model of "the offer answers the demand" over the pair's features: fitted
    offline by bench/matching_fit.py on the tuning part of the judged set and stored as data
    (app/matching/data/ranker.json), so nothing is learnt or downloaded at run time."""

    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    min_score: float
    strong_match: float

    def score(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            weight * features.get(name, 0.0)
            for name, weight in zip(self.features, self.coefficients, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache
def ranker() -> Ranker:
    text = resources.files("app.matching").joinpath("data/ranker.json").read_text("utf-8")
    data = json.loads(text)
    if set(data["features"]) - set(FEATURES):
        raise ValueError(f"ranker.json names unknown features: {data['features']}")
    return Ranker(
        tuple(data["features"]),
        tuple(float(c) for c in data["coefficients"]),
        float(data["intercept"]),
        float(data["min_score"]),
        float(data["strong_match"]),
    )


def pair_features(
    offer: Offer, demand: Demand, offer_terms: ListingTerms, demand_terms: ListingTerms
) -> dict[str, float]:
    """What the ranker reads of a pair, each in [0, 1]; the pair alone, never the viewer, the
    other candidates or the clock, so a pair has one score wherever it is shown."""
    demand_covered, _ = _coverage(demand_terms.head, offer_terms.all)
    offer_covered, _ = _coverage(offer_terms.head, demand_terms.all)
    body_covered, _ = _coverage(demand_terms.all, offer_terms.all)
    concepts = {
        key
        for key in (*demand_terms.head, *offer_terms.head)
        if key.startswith("g:") and key in demand_terms.all and key in offer_terms.all
    }
    all_concepts = {
        key for key in demand_terms.all if key.startswith("g:") and key in offer_terms.all
    }
    level = common_field_level(offer.field_code, demand.field_code)
    both_fields = bool(offer.field_code and demand.field_code)
    trl_known = offer.trl is not None and demand.min_trl is not None
    forms = set(demand.preferred_forms or []) & set(offer.transfer_forms or [])
    return {
        "demand_covered": demand_covered,
        "offer_covered": offer_covered,
        "body_covered": body_covered,
        "shared_concepts": min(len(concepts), 3) / 3,
        "all_concepts": min(len(all_concepts), 4) / 4,
        "head_words": _overlap(demand_terms.head_words, offer_terms.head_words),
        "words": _overlap(demand_terms.words, offer_terms.words),
        "demand_words_covered": _covered(demand_terms.head_words, offer_terms.words),
        "offer_words_covered": _covered(offer_terms.head_words, demand_terms.words),
        "field_3": float(level == 3),
        "field_2": float(level == 2),
        "field_1": float(level == 1),
        "field_apart": float(both_fields and level == 0),
        "trl_meets": float(trl_known and offer.trl >= demand.min_trl),  # type: ignore[operator]
        "trl_below": float(trl_known and offer.trl < demand.min_trl),  # type: ignore[operator]
        "domestic": float(offer.origin_country == VIETNAM),
        "forms_fit": float(bool(forms)),
        "offer_english": float(offer.language == ListingLanguage.en),
    }


FEATURES = (
    "demand_covered",
    "offer_covered",
    "body_covered",
    "shared_concepts",
    "all_concepts",
    "head_words",
    "words",
    "demand_words_covered",
    "offer_words_covered",
    "field_3",
    "field_2",
    "field_1",
    "field_apart",
    "trl_meets",
    "trl_below",
    "domestic",
    "forms_fit",
    "offer_english",
)


def score_pair(
    offer: Offer,
    demand: Demand,
    *,
    now: datetime,
    candidate: Offer | Demand,
    may_compare_price: bool,
    terms: tuple[ListingTerms, ListingTerms] | None = None,
) -> Scored:
    """Score the pair and say why; `candidate` is the side being suggested (its freshness is
    a reason, without points: a score that changed by the day would not be one per pair)."""
    offer_terms, demand_terms = terms or (listing_terms(offer), listing_terms(demand))
    features = pair_features(offer, demand, offer_terms, demand_terms)
    scored = Scored(round(ranker().score(features), 4))
    _terms_reason(scored, offer_terms, demand_terms)
    _field_reason(scored, offer.field_code, demand.field_code)
    if features["trl_meets"]:
        scored.reasons.append(
            Reason(
                "trl",
                f"Mức sẵn sàng TRL {offer.trl} đạt yêu cầu tối thiểu TRL {demand.min_trl}",
                f"Technology readiness TRL {offer.trl} meets the minimum TRL {demand.min_trl}",
            ),
        )
    if features["forms_fit"]:
        scored.reasons.append(
            Reason(
                "forms",
                "Có hình thức chuyển giao bên cần mong muốn",
                "Offered in a transfer form the seeker prefers",
            )
        )
    if may_compare_price and within_budget(offer, demand):
        scored.reasons.append(Reason("budget", "Giá nằm trong ngân sách", "Within budget"))
    if features["domestic"]:
        scored.reasons.append(
            Reason("origin", "Công nghệ trong nước", "Domestic technology (support nearby)"),
        )
    _freshness_reason(scored, candidate.published_at, now)
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


def _terms_reason(scored: Scored, offer: ListingTerms, demand: ListingTerms) -> None:
    share, labels = shared_terms(offer, demand)
    if share == 0:
        return
    vi = [label.vi for label in labels if label.vi][:_MAX_TERMS_SHOWN]
    en = [label.en for label in labels if label.en][:_MAX_TERMS_SHOWN]
    scored.reasons.append(
        Reason(
            "terms",
            "Từ khoá chung: " + ", ".join(vi) if vi else "Nội dung tương tự",
            "Shared key terms: " + ", ".join(en) if en else "Similar subject",
        )
    )


def _surfaces(key: str, *listings: ListingTerms) -> list[str]:
    return [terms.originals[key] for terms in listings if key in terms.originals]


def common_field_level(offer_code: str | None, demand_code: str | None) -> int:
    """The deepest level (1-3) of the S&T classification both fields share, 0 for none."""
    return len(_common_fields(offer_code, demand_code))


def _common_fields(offer_code: str | None, demand_code: str | None) -> list[str]:
    common: list[str] = []
    for a, b in zip(field_code_path(offer_code), field_code_path(demand_code), strict=False):
        if a != b:
            break
        common.append(a)
    return common


def _field_reason(scored: Scored, offer_code: str | None, demand_code: str | None) -> None:
    common = _common_fields(offer_code, demand_code)
    if not common:
        return
    level = len(common)
    name = load_fields()[common[-1]].name
    scored.reasons.append(
        Reason(
            "field",
            f"Cùng lĩnh vực KH&CN cấp {level}: {name} ({common[-1]})",
            f"Same S&T field at level {level} ({common[-1]})",  # the names are Vietnamese only
        )
    )


def _freshness_reason(scored: Scored, published_at: datetime | None, now: datetime) -> None:
    if published_at is None:
        return
    days = max(0, (now - published_at).days)
    if days > FRESH_DAYS:
        return
    scored.reasons.append(
        Reason(
            "fresh", f"Đăng gần đây ({days} ngày trước)", f"Recently published ({days} days ago)"
        )
    )
