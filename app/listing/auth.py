"""Who may see and change a listing, and which of its confidential values they may read."""

from __future__ import annotations

from datetime import datetime

from app.core.roles import is_staff
from app.listing.kinds import Listing
from app.models import User
from app.models.vocabulary import ListingStatus


def is_owner(user: User | None, listing: Listing) -> bool:
    return user is not None and user.organization_id == listing.organization_id


def is_privileged(user: User | None, listing: Listing) -> bool:
    """The owner organisation, the department and admins: they see everything about it."""
    return is_staff(user) or is_owner(user, listing)


def is_public(listing: Listing, now: datetime) -> bool:
    return (
        listing.status is ListingStatus.published
        and listing.expires_at is not None
        and listing.expires_at > now
    )


def may_see(user: User | None, listing: Listing, now: datetime) -> bool:
    return is_public(listing, now) or is_privileged(user, listing)


def may_manage(user: User, listing: Listing) -> bool:
    """Edit, submit, renew, withdraw, archive: any member of the owner, or the department."""
    return is_privileged(user, listing)


def may_see_owner(user: User | None, listing: Listing) -> bool:
    return not listing.anonymous or is_privileged(user, listing)
