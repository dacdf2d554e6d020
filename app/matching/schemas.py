from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.listing.schemas import DemandRead, OfferRead


class MatchReason(BaseModel):
    code: Literal["terms", "field", "trl", "budget", "origin", "fresh"]
    text: str = Field(description="In the language asked for (`lang`), and only in it")


class MatchItem(BaseModel):
    listing: OfferRead | DemandRead = Field(description="The matched listing, as you may see it")
    score: float = Field(ge=0, le=1, description="0 to 1; see docs/matching.md")
    reasons: list[MatchReason]


class MatchList(BaseModel):
    items: list[MatchItem]
    message: str | None = Field(
        default=None, description='"No good match yet" (in `lang`) when there is none'
    )


class SuggestionRead(BaseModel):
    """A demand no deal has taken up yet, for a broker's desk."""

    demand: DemandRead
    matches: list[MatchItem] = Field(description="Its strong matches, best first")
