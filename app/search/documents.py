"""The search document: the one shape both engines index and the listing domain produces.

Only published, unexpired listings become documents, and confidential values (hidden prices,
confidential budgets, the owner of an anonymous listing) are never put in one.
"""

from __future__ import annotations

from typing import Literal, TypedDict


class SearchDocument(TypedDict):
    id: str  # "offer-12" / "demand-7": unique across both kinds
    type: Literal["offer", "demand"]
    listing_id: int
    title: str  # Vietnamese title (or the only title of an English-only listing)
    title_en: str | None
    summary: str  # public summary / the problem to solve
    body: str  # description, advantages, applications, requirements: searchable, not stored
    keywords: list[str]
    field_code: str | None  # S&T field, any level ("2", "207", "20701")
    field_codes: list[str]  # the code and its ancestors, for facets at every level
    offer_kind: str | None  # technology | equipment | ip_asset | research_result | st_service
    trl: int | None  # offers: TRL; demands: minimum TRL
    ip_type: str | None
    origin_country: str | None  # ISO alpha-2
    origin: Literal["domestic", "foreign"] | None
    organization_type: str | None
    organization_name: str | None  # None for anonymous listings
    price_mode: str | None  # fixed | range | negotiable | on_request
    commune_code: str | None
    published_at: str  # ISO 8601, UTC
    expires_at: str | None
