"""The pair's score comes from the stored ranker (its coefficients are data, fitted offline on
the tuning part of the judged set) and depends on the pair's text and fields only: the TRL, the
origin, the transfer forms, a price within budget and freshness are reasons without points."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from importlib import resources

from app.matching.scoring import (
    FEATURES,
    ListingTerms,
    listing_terms,
    pair_features,
    ranker,
    score_pair,
)
from app.models import Demand, Offer
from app.models.vocabulary import ListingLanguage, PriceMode

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _offer(**changes: object) -> Offer:
    fields: dict[str, object] = {
        "title": "Công nghệ xử lý nước thải giấy tái chế kết hợp kỵ khí và hiếu khí",
        "summary": "Hệ thống xử lý nước thải cho nhà máy giấy tái chế, tuần hoàn nước.",
        "keywords": ["xử lý nước thải", "giấy tái chế"],
        "field_code": "20701",
        "trl": 8,
        "origin_country": "VN",
        "language": ListingLanguage.vi,
        "transfer_forms": ["equipment_sale"],
        "price_mode": PriceMode.fixed,
        "price_min_vnd": 1_000_000_000,
        "published_at": NOW - timedelta(days=5),
    }
    return Offer(**{**fields, **changes})


def _demand(**changes: object) -> Demand:
    fields: dict[str, object] = {
        "title": "Cần công nghệ xử lý nước thải giấy tái chế công suất 500 m³/ngày",
        "problem": "Nhà máy giấy tái chế vượt chỉ tiêu COD, cần tuần hoàn nước.",
        "keywords": ["xử lý nước thải", "giấy tái chế"],
        "field_code": "20701",
        "min_trl": 6,
        "preferred_forms": ["equipment_sale"],
        "budget_max_vnd": 5_000_000_000,
    }
    return Demand(**{**fields, **changes})


def _score(offer: Offer, demand: Demand, now: datetime = NOW, compare: bool = False) -> float:
    return score_pair(offer, demand, now=now, candidate=offer, may_compare_price=compare).score


def test_the_stored_ranker_is_read_and_names_known_features() -> None:
    stored = json.loads(
        resources.files("app.matching").joinpath("data/ranker.json").read_text("utf-8")
    )
    model = ranker()
    assert list(model.features) == stored["features"]
    assert set(model.features) <= set(FEATURES)
    assert 0 < model.min_score < model.strong_match < 1


def test_score_is_the_logistic_of_the_weighted_features() -> None:
    offer, demand = _offer(), _demand()
    features = pair_features(offer, demand, *_terms(offer, demand))
    model = ranker()
    z = model.intercept + sum(
        w * features[name] for name, w in zip(model.features, model.coefficients, strict=True)
    )
    assert _score(offer, demand) == round(1 / (1 + math.exp(-z)), 4)


def test_a_close_pair_outranks_a_pair_sharing_only_the_field() -> None:
    demand = _demand()
    unrelated = _offer(
        title="Robot hàn hồ quang cho kết cấu thép",
        summary="Cell robot hàn cho khung máy nông nghiệp.",
        keywords=["robot hàn"],
    )
    assert _score(_offer(), demand) >= ranker().strong_match
    assert _score(unrelated, demand) < ranker().min_score


def test_reasons_without_points_leave_the_score_alone() -> None:
    offer, demand = _offer(), _demand()
    base = _score(offer, demand)
    # Freshness: the same pair has the same score on any day.
    assert _score(offer, demand, now=NOW + timedelta(days=400)) == base
    # A price the viewer may compare adds a reason, never points.
    scored = score_pair(offer, demand, now=NOW, candidate=offer, may_compare_price=True)
    assert scored.score == base and "budget" in {r.code for r in scored.reasons}
    # TRL, origin and transfer forms are reasons, not points.
    other = _offer(trl=3, origin_country="DE", transfer_forms=["franchise"])
    assert _score(other, demand) == base
    codes = {
        r.code
        for r in score_pair(
            offer, demand, now=NOW, candidate=offer, may_compare_price=False
        ).reasons
    }
    assert {"terms", "field", "trl", "origin", "forms", "fresh"} <= codes


def test_freshness_is_a_reason_only_when_fresh() -> None:
    offer, demand = _offer(published_at=NOW - timedelta(days=350)), _demand()
    scored = score_pair(offer, demand, now=NOW, candidate=offer, may_compare_price=False)
    assert "fresh" not in {r.code for r in scored.reasons}


def _terms(offer: Offer, demand: Demand) -> tuple[ListingTerms, ListingTerms]:
    return listing_terms(offer), listing_terms(demand)
