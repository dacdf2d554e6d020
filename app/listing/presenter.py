"""Listings as a given viewer may see them: the one place confidential values are dropped.

Anonymous listings lose their owner, hidden prices and confidential budgets lose their
amounts, and review details (rejection reason, screening hits, import key) stay with the
owner and the department.
"""

from __future__ import annotations

from typing import Any

from app.listing.auth import is_privileged, may_see_owner
from app.listing.kinds import Listing
from app.listing.schemas import ContactCard, DemandRead, OfferRead, OwnerCard
from app.models import Demand, Offer, User

_COMMON = (
    "id",
    "status",
    "version",
    "title",
    "field_code",
    "keywords",
    "anonymous",
    "submitted_at",
    "published_at",
    "expires_at",
    "last_confirmed_at",
    "created_at",
    "updated_at",
)
_OFFER = (
    "language",
    "title_en",
    "summary",
    "summary_en",
    "description",
    "advantages",
    "applications",
    "kind",
    "trl",
    "ip_type",
    "ip_number",
    "ip_status",
    "ip_expiry",
    "transfer_rights",
    "transfer_forms",
    "transfer_methods",
    "origin_country",
    "price_mode",
    "price_hidden",
    "price_min_vnd",
    "price_max_vnd",
)
_DEMAND = (
    "problem",
    "expected_result",
    "technical_requirements",
    "min_trl",
    "budget_confidential",
    "budget_min_vnd",
    "budget_max_vnd",
    "valid_until",
    "preferred_forms",
    "commune_code",
)


def _common(listing: Listing, viewer: User | None) -> dict[str, Any]:
    values = {name: getattr(listing, name) for name in _COMMON}
    values["organization"] = (
        OwnerCard.model_validate(listing.organization) if may_see_owner(viewer, listing) else None
    )
    contact = listing.contact_user
    if contact is not None and viewer is not None and may_see_owner(viewer, listing):
        values["contact"] = ContactCard.model_validate(contact)
    if is_privileged(viewer, listing):
        values["rejection_reason"] = listing.rejection_reason
        values["screening_hits"] = listing.screening_hits
        values["external_ref"] = listing.external_ref
    return values


def present_offer(offer: Offer, viewer: User | None) -> OfferRead:
    values = _common(offer, viewer) | {name: getattr(offer, name) for name in _OFFER}
    if offer.price_hidden and not is_privileged(viewer, offer):
        values["price_min_vnd"] = values["price_max_vnd"] = None
    return OfferRead(**values)


def present_demand(demand: Demand, viewer: User | None) -> DemandRead:
    values = _common(demand, viewer) | {name: getattr(demand, name) for name in _DEMAND}
    values["description"] = demand.problem
    if demand.budget_confidential and not is_privileged(viewer, demand):
        values["budget_min_vnd"] = values["budget_max_vnd"] = None
    return DemandRead(**values)


def present(listing: Listing, viewer: User | None) -> OfferRead | DemandRead:
    if isinstance(listing, Offer):
        return present_offer(listing, viewer)
    return present_demand(listing, viewer)
