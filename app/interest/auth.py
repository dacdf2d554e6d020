"""Who sees and answers an expression of interest, and when an anonymous owner is revealed."""

from __future__ import annotations

from app.core.roles import is_staff
from app.listing.kinds import Listing
from app.models import Interest, User
from app.models.vocabulary import InterestStatus


def listing_of(interest: Interest) -> Listing:
    listing = interest.offer or interest.demand
    if listing is None:  # the CHECK constraint guarantees one of the two
        raise RuntimeError(f"interest {interest.id} has no listing")
    return listing


def is_requester(user: User, interest: Interest) -> bool:
    return user.organization_id == interest.requester_organization_id


def is_listing_owner(user: User, interest: Interest) -> bool:
    return user.organization_id == listing_of(interest).organization_id


def may_see(user: User, interest: Interest) -> bool:
    return is_staff(user) or is_requester(user, interest) or is_listing_owner(user, interest)


def may_see_owner(user: User, interest: Interest) -> bool:
    """The owner of an anonymous listing is revealed to the requester only once it accepts."""
    listing = listing_of(interest)
    if not listing.anonymous or is_staff(user) or is_listing_owner(user, interest):
        return True
    return interest.status is InterestStatus.accepted
