"""What GET /api/v1/search answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SearchHighlight(BaseModel):
    """HTML: the original text, escaped, with matched words in <mark>…</mark>."""

    title: str
    title_en: str | None
    summary: str


class SearchItem(BaseModel):
    id: int = Field(description="The listing's id (an offer's or a demand's, see `type`)")
    type: Literal["offer", "demand"]
    title: str
    title_en: str | None
    summary: str
    score: float | None = Field(description="Relevance; null when sorted by another key")
    highlight: SearchHighlight
    organization_name: str | None = Field(description="Null for anonymous listings")
    field_code: str | None
    offer_kind: str | None
    trl: int | None
    ip_type: str | None
    origin: str | None
    origin_country: str | None
    price_mode: str | None
    commune_code: str | None
    published_at: str
    expires_at: str | None


class FacetValue(BaseModel):
    value: str = Field(description="What to filter on (a code or an enum value)")
    label: str = Field(description="The value as a person reads it, in the language asked for")
    count: int = Field(description="Matching listings with this value")
    children: list[FacetValue] = Field(
        description="The S&T field's next level (level 1 → 2 → 3); empty for other facets"
    )


class SearchPage(BaseModel):
    items: list[SearchItem]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = Field(
        description="For each facet, its values with the number of matching listings, most "
        "frequent first; field_codes as a tree of the S&T classification"
    )
