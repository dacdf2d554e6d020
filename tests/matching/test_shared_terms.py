"""A key term given as a reason truly occurs in both listings: checked for every offer-demand
pair of the demo catalogue, against the listings' own words and the glossary's renderings."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from app.core.folding import exact_tokens
from app.matching.scoring import ListingTerms, listing_terms, shared_terms
from app.models import Demand, Offer

CATALOGUE = Path(__file__).resolve().parents[2] / "app/demo/catalogue"
OFFER_TEXTS = ("title", "title_en", "summary", "summary_en", "description", "applications")
DEMAND_TEXTS = ("title", "problem", "expected_result", "technical_requirements")


def published(name: str) -> list[dict[str, Any]]:
    items = json.loads((CATALOGUE / name).read_text("utf-8"))
    return [item for item in items if item["status"] == "published"]


def written(item: dict[str, Any], names: tuple[str, ...]) -> str:
    """The listing's words as written (lower case), each separated by one space."""
    texts = [item.get(name) or "" for name in names] + list(item.get("keywords") or [])
    return " " + " ".join(token for text in texts for token in exact_tokens(text)) + " "


@cache
def renderings_of() -> dict[str, list[str]]:
    """Each glossary rendering (lower case) → every rendering of its concept."""
    path = resources.files("app.search").joinpath("data/glossary_vi_en.json")
    found: dict[str, list[str]] = {}
    for entry in json.loads(path.read_text("utf-8"))["entries"]:
        words = [" ".join(exact_tokens(t)) for t in [*entry["vi"], *entry["en"]] if t.strip()]
        for rendering in words:
            found.setdefault(rendering, []).extend(words)
    return found


def occurs(label: str, text: str) -> bool:
    """The label, or (for a glossary concept) another rendering of it, stands in the text."""
    words = " ".join(exact_tokens(label))
    return any(f" {r} " in text for r in [words, *renderings_of().get(words, [])])


def test_every_shared_key_term_occurs_in_both_listings() -> None:
    offers = [
        (item, written(item, OFFER_TEXTS), listing_terms(Offer(**_offer_fields(item))))
        for item in published("offers.json")
    ]
    demands = [
        (item, written(item, DEMAND_TEXTS), listing_terms(Demand(**_demand_fields(item))))
        for item in published("demands.json")
    ]
    shown = 0
    for offer, offer_text, offer_terms in offers:
        for demand, demand_text, demand_terms in demands:
            for label in _labels(offer_terms, demand_terms):
                pair = f"{offer['ref']} / {demand['ref']}: {label!r}"
                assert occurs(label, offer_text), pair
                assert occurs(label, demand_text), pair
                shown += 1
    assert shown > 1_000  # the property was tested on many terms, not vacuously


def _labels(offer: ListingTerms, demand: ListingTerms) -> list[str]:
    _, labels = shared_terms(offer, demand)
    return [text for label in labels for text in (label.vi, label.en) if text]


def _offer_fields(item: dict[str, Any]) -> dict[str, Any]:
    fields = {name: item.get(name) for name in OFFER_TEXTS}
    return {**fields, "title": item.get("title") or item["title_en"], "keywords": item["keywords"]}


def _demand_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {**{name: item.get(name) for name in DEMAND_TEXTS}, "keywords": item["keywords"]}
