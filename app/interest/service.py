"""Expressions of interest: sent about a published listing, answered by its owner."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.config import ListingSettings
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.i18n import N_, written
from app.interest.auth import is_listing_owner, is_requester, listing_of, may_see, may_see_owner
from app.interest.repository import InterestRepository
from app.interest.schemas import (
    ContactDetails,
    InterestCreate,
    InterestRead,
    ListingRef,
    OrganizationCard,
)
from app.listing.auth import is_public
from app.listing.kinds import ListingType, listing_type_of
from app.listing.service import ListingService
from app.models import Demand, Interest, Offer, Organization, User
from app.models.vocabulary import InterestStatus, NotificationKind
from app.notification.service import NOTIFICATION_LOCALE, notify

_SNIPPET = 300


def _link(interest: Interest) -> str:
    return f"/api/v1/interests/{interest.id}"


class InterestService:
    def __init__(self, session: AsyncSession, listing_settings: ListingSettings) -> None:
        self.session = session
        self.listing_settings = listing_settings
        self.interests = InterestRepository(session)

    async def create(
        self, listing_type: ListingType, listing_id: int, data: InterestCreate, user: User
    ) -> Interest:
        requester = (
            await self.session.get(Organization, user.organization_id)
            if user.organization_id is not None
            else None
        )
        if requester is None:
            raise Forbidden(
                N_("Expressions of interest come from an organisation; ask to join yours first.")
            )
        listings = ListingService(self.session, listing_type, self.listing_settings)
        listing = await listings.get_visible(listing_id, user)
        if not is_public(listing, utcnow()):
            raise Conflict(N_("Only published listings take expressions of interest."))
        if listing.organization_id == requester.id:
            raise Conflict(N_("This listing is your own organisation's."))
        offer_id = listing.id if isinstance(listing, Offer) else None
        demand_id = listing.id if isinstance(listing, Demand) else None
        if await self.interests.pending_from(requester.id, offer_id=offer_id, demand_id=demand_id):
            raise Conflict(
                N_(
                    "Your organisation already has an open expression of interest in "
                    "this listing; wait for the owner's answer."
                )
            )
        interest = Interest(
            offer_id=offer_id,
            demand_id=demand_id,
            offer=listing if isinstance(listing, Offer) else None,
            demand=listing if isinstance(listing, Demand) else None,
            requester_organization_id=requester.id,
            requester=requester,
            requester_user_id=user.id,
            intended_use=data.intended_use,
            capacity=data.capacity,
            questions=data.questions,
        )
        self.session.add(interest)
        await self.session.flush()
        await notify(
            self.session,
            kind=NotificationKind.interest_received,
            organization_id=listing.organization_id,
            title=f"Quan tâm mới đến tin: {listing.title}",
            body=(f"{requester.name} muốn trao đổi về tin của bạn: {data.intended_use[:_SNIPPET]}"),
            link=_link(interest),
        )
        return interest

    async def get(self, interest_id: int, user: User) -> Interest:
        interest = await self.interests.get(interest_id)
        if interest is None or not may_see(user, interest):
            raise NotFound(
                N_("Expression of interest %(interest_id)s does not exist or is not yours."),
                interest_id=interest_id,
            )
        return interest

    async def decide(
        self, interest_id: int, *, accept: bool, reason: str | None, user: User
    ) -> Interest:
        interest = await self.get(interest_id, user)
        if not is_listing_owner(user, interest):
            raise Forbidden(N_("Only the listing owner's members may accept or decline."))
        if interest.status is not InterestStatus.pending:
            raise Conflict(
                N_("This expression of interest was already %(status)s."), status=interest.status
            )
        if not accept and not reason:
            raise Invalid(N_("Give the requester a reason when you decline."))
        interest.status = InterestStatus.accepted if accept else InterestStatus.declined
        interest.decision_reason = reason
        interest.decided_at = utcnow()
        interest.decided_by_id = user.id
        await self.session.flush()
        listing = listing_of(interest)
        await notify(
            self.session,
            kind=NotificationKind.interest_answered,
            organization_id=interest.requester_organization_id,
            title=written(
                N_("Your expression of interest was accepted: %(listing)s")
                if accept
                else N_("Your expression of interest was declined: %(listing)s"),
                NOTIFICATION_LOCALE,
                listing=listing.title,
            ),
            body=" ".join(
                written(message, NOTIFICATION_LOCALE, reason=reason)
                for message in (
                    N_("Reason: %(reason)s") if reason else None,
                    N_("The contacts are now shown to both sides.") if accept else None,
                )
                if message
            ),
            link=_link(interest),
        )
        return interest


def _card(organization: Organization) -> OrganizationCard:
    return OrganizationCard(
        id=organization.id,
        name=organization.name,
        type=organization.type,
        country=organization.country,
    )


def _contact(person: User | None, organization: Organization) -> ContactDetails:
    """The person named for it, else the organisation's own contact details."""
    if person is not None:
        return ContactDetails(name=person.full_name, email=person.email, phone=person.phone)
    return ContactDetails(
        name=organization.contact_name,
        email=organization.contact_email,
        phone=organization.contact_phone,
    )


def present(interest: Interest, viewer: User) -> InterestRead:
    listing = listing_of(interest)
    revealed = may_see_owner(viewer, interest)
    # The requester reaches the owner once the owner agreed to talk (or if it was never hidden).
    contact_open = revealed and (
        not is_requester(viewer, interest)
        or interest.status is InterestStatus.accepted
        or not listing.anonymous
    )
    return InterestRead(
        id=interest.id,
        listing=ListingRef(type=listing_type_of(listing), id=listing.id, title=listing.title),
        requester=_card(interest.requester),
        intended_use=interest.intended_use,
        capacity=interest.capacity,
        questions=interest.questions,
        status=interest.status,
        decision_reason=interest.decision_reason,
        decided_at=interest.decided_at,
        created_at=interest.created_at,
        owner=_card(listing.organization) if revealed else None,
        owner_contact=(
            _contact(listing.contact_user, listing.organization) if contact_open else None
        ),
        # Accepting is the owner's agreement to talk: from then on each side reaches the other.
        requester_contact=(
            _contact(interest.requester_user, interest.requester)
            if interest.status is InterestStatus.accepted or not is_listing_owner(viewer, interest)
            else None
        ),
    )
