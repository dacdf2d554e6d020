"""Offers and demands share one life cycle; this is what differs between the two kinds."""

from __future__ import annotations

from typing import Literal

from app.models import Demand, Offer
from app.reference.countries import VIETNAM

ListingType = Literal["offer", "demand"]
Listing = Offer | Demand
LISTING_MODELS: dict[ListingType, type[Offer] | type[Demand]] = {"offer": Offer, "demand": Demand}
LABELS_VI: dict[ListingType, str] = {"offer": "chào bán công nghệ", "demand": "nhu cầu công nghệ"}


def listing_type_of(listing: Listing) -> ListingType:
    return "offer" if isinstance(listing, Offer) else "demand"


def body_text(listing: Listing) -> str | None:
    """The text the key field `description` stands for: an offer's description, a demand's
    problem statement."""
    return listing.description if isinstance(listing, Offer) else listing.problem


def screening_texts(listing: Listing) -> list[str | None]:
    texts: list[str | None] = [listing.title, *listing.keywords]
    if isinstance(listing, Offer):
        texts += [
            listing.title_en,
            listing.summary,
            listing.summary_en,
            listing.description,
            listing.advantages,
            listing.applications,
        ]
    else:
        texts += [listing.problem, listing.expected_result, listing.technical_requirements]
    return texts


def transfer_directions(listing: Listing) -> list[str]:
    """Which lists apply: a foreign technology comes in (inbound); a Vietnamese one may be
    transferred within the country or abroad; a demand may be met from home or abroad."""
    if isinstance(listing, Offer):
        return ["inbound"] if listing.origin_country != VIETNAM else ["domestic", "outbound"]
    return ["domestic", "inbound"]


def link(listing: Listing) -> str:
    return f"/api/v1/{listing_type_of(listing)}s/{listing.id}"
