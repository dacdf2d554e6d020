"""Offers and demands through their life: creation, versioned edits, and the transitions
draft → pending_review → published (or rejected) → expired / withdrawn / archived, each kept in
the audit trail and mirrored to the search outbox."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from app.core.clock import utcnow
from app.core.config import ListingSettings
from app.core.errors import Conflict, Forbidden, Invalid, InvalidValue, NotFound
from app.core.i18n import N_, lazy_gettext
from app.core.roles import is_staff
from app.listing.auth import may_manage, may_see
from app.listing.kinds import (
    LABELS_VI,
    LISTING_MODELS,
    Listing,
    ListingType,
    body_text,
    link,
    listing_type_of,
    screening_texts,
    transfer_directions,
)
from app.listing.publication import Publication
from app.listing.repository import ListingRepository
from app.listing.schemas import (
    DemandCreate,
    DemandUpdate,
    OfferCreate,
    OfferUpdate,
    check_amounts,
    check_price,
)
from app.listing.screening import has_prohibited, load_items, screen
from app.models import Demand, ListingTransition, Offer, Organization, User
from app.models.vocabulary import ListingStatus, NotificationKind, PriceMode
from app.notification.service import notify
from app.organization.repository import OrganizationRepository
from app.reference.labels import lazy_label
from app.search.outbox import enqueue_search_update

S = ListingStatus
_REQUIRED_COLUMNS = frozenset(
    {
        "title",
        "kind",
        "language",
        "price_mode",
        "origin_country",
        "anonymous",
        "price_hidden",
        "budget_confidential",
    }
)
_LIST_FIELDS = ("keywords", "transfer_rights", "transfer_forms", "transfer_methods")


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


@dataclass(frozen=True)
class Action:
    """A transition: the states it leaves from and whether only the department may do it."""

    name: str
    sources: frozenset[ListingStatus]
    staff_only: bool


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("submit", frozenset({S.draft, S.rejected, S.withdrawn}), staff_only=False),
        Action("publish", frozenset({S.draft, S.pending_review}), staff_only=True),
        Action("reject", frozenset({S.pending_review, S.published}), staff_only=True),
        Action("renew", frozenset({S.published, S.expired}), staff_only=False),
        Action("withdraw", frozenset({S.pending_review, S.published, S.expired}), staff_only=False),
        Action(
            "archive",
            frozenset({S.draft, S.pending_review, S.published, S.rejected, S.expired, S.withdrawn}),
            staff_only=False,
        ),
    )
}


# Each action in words, for the messages that name it (translated when shown).
_ACTION_WORDS = {
    "submit": N_("submit"),
    "publish": N_("publish"),
    "reject": N_("reject"),
    "renew": N_("renew"),
    "withdraw": N_("withdraw"),
    "archive": N_("archive"),
}


class ListingService:
    def __init__(
        self, session: AsyncSession, listing_type: ListingType, settings: ListingSettings
    ) -> None:
        self.session = session
        self.listing_type = listing_type
        self.settings = settings
        self.listings = ListingRepository(session, listing_type)

    # --- reading -------------------------------------------------------------------------

    async def get_visible(self, listing_id: int, viewer: User | None) -> Listing:
        listing = await self.listings.get(listing_id)
        # Not visible answers 404: a draft's existence is nobody else's business.
        if listing is None or not may_see(viewer, listing, utcnow()):
            raise NotFound(
                N_("Offer %(listing_id)s does not exist.")
                if self.listing_type == "offer"
                else N_("Demand %(listing_id)s does not exist."),
                listing_id=listing_id,
            )
        return listing

    async def get_managed(self, listing_id: int, user: User) -> Listing:
        listing = await self.get_visible(listing_id, user)
        if not may_manage(user, listing):
            raise Forbidden(
                N_(
                    "Only the owner organisation's members or the department may "
                    "change this listing."
                )
            )
        return listing

    # --- creating and editing ------------------------------------------------------------

    async def create(self, data: OfferCreate | DemandCreate, *, user: User) -> Listing:
        organization = await self._owner_for_new_listing(data.organization_id, user)
        values = _column_values(data, exclude_unset=False)
        values.pop("organization_id", None)
        model = LISTING_MODELS[self.listing_type]
        contact = await self._contact(values.pop("contact_user_id", None), organization.id)
        if contact is None and user.organization_id == organization.id:
            contact = user
        listing: Listing = model(
            **{k: v for k, v in values.items() if v is not None},
            organization_id=organization.id,
            organization=organization,
            contact_user=contact,
            created_by_id=user.id,
            status=S.draft,
        )
        await self.listings.add(listing)
        await self._record(listing, None, S.draft, actor=user, reason=None)
        return listing

    async def _contact(self, user_id: int | None, organization_id: int) -> User | None:
        if user_id is None:
            return None
        contact = await self.session.get(User, user_id)
        if contact is None or contact.organization_id != organization_id or not contact.is_active:
            raise Invalid(
                N_(
                    "contact_user_id %(user_id)s is not an active member of the owner organisation."
                ),
                user_id=user_id,
            )
        return contact

    async def _owner_for_new_listing(self, organization_id: int | None, user: User) -> Organization:
        foreign = organization_id is not None and organization_id != user.organization_id
        if foreign and not is_staff(user):
            raise Forbidden(
                N_(
                    "You may only create listings for your own organisation; leave "
                    "out organization_id."
                )
            )
        target = organization_id or user.organization_id
        if target is None:
            raise Invalid(
                N_(
                    "Your account belongs to no organisation: join one, or "
                    "(department) pass organization_id."
                )
            )
        organization = await OrganizationRepository(self.session).get(target)
        if organization is None:
            raise Invalid(N_("Organisation %(target)s does not exist."), target=target)
        return organization

    async def update(
        self, listing_id: int, data: OfferUpdate | DemandUpdate, *, user: User
    ) -> Listing:
        listing = await self.get_managed(listing_id, user)
        if data.version != listing.version:
            raise Conflict(
                N_(
                    "This listing was changed since you read it (you sent version "
                    "%(version)s, it is now at %(version2)s). Reload it and apply "
                    "your change again."
                ),
                version=data.version,
                version2=listing.version,
            )
        if listing.status is S.archived:
            raise Conflict(N_("An archived listing cannot be changed."))
        changes = _column_values(data, exclude_unset=True)
        changes.pop("version", None)
        cleared = sorted(
            name for name in _REQUIRED_COLUMNS & changes.keys() if changes[name] is None
        )
        if cleared:
            raise Invalid(
                N_("%(fields)s cannot be empty; send a value or leave it out."), fields=cleared
            )
        if "contact_user_id" in changes:
            listing.contact_user = await self._contact(
                changes.pop("contact_user_id"), listing.organization_id
            )
        for name, value in changes.items():
            setattr(listing, name, value)
        _check_consistency(listing)
        if listing.status is S.published:
            if isinstance(listing, Demand) and "valid_until" in changes:
                self._set_expiry(listing, listing.last_confirmed_at or utcnow())
            await self._rescreen_published(listing, user)
        elif listing.status is S.pending_review:
            listing.screening_hits = await self._screen(listing)
        await self._flush_guarded()
        return listing

    async def _flush_guarded(self) -> None:
        """The version check above catches stale edits; this catches the race of two
        requests passing it at the same moment (the UPDATE carries the version too)."""
        try:
            await self.session.flush()
        except StaleDataError as exc:
            raise Conflict(
                N_("This listing was changed by someone else at the same moment; reload it.")
            ) from exc

    async def _rescreen_published(self, listing: Listing, user: User) -> None:
        """A published listing whose new text hits the lists goes back to review."""
        hits = await self._screen(listing)
        listing.screening_hits = hits
        if hits:
            await self._move(listing, S.pending_review, actor=user, reason=_hits_reason(hits))
            listing.submitted_at = utcnow()
        await enqueue_search_update(self.session, self.listing_type, listing.id)

    # --- transitions -----------------------------------------------------------------------

    async def act(
        self,
        listing_id: int,
        action_name: str,
        *,
        user: User,
        reason: str | None,
        publication: Publication,
    ) -> Listing:
        """Apply a transition; a listing it makes public (published by the department, or
        renewed after it expired) is announced to the publication's listeners."""
        action = ACTIONS[action_name]
        listing = await self.get_visible(listing_id, user)
        was_published = listing.status is S.published
        if action.staff_only and not is_staff(user):
            raise Forbidden(
                N_("Only the Department of Science and Technology may %(name)s listings."),
                name=lazy_gettext(_ACTION_WORDS[action.name]),
            )
        if not may_manage(user, listing):
            raise Forbidden(
                N_(
                    "Only the owner organisation's members or the department may "
                    "change this listing."
                )
            )
        if listing.status not in action.sources:
            raise Conflict(
                N_("Cannot %(name)s a listing that is %(status)s; possible from: %(allowed)s."),
                name=lazy_gettext(_ACTION_WORDS[action.name]),
                status=lazy_label(listing.status),
                allowed=[lazy_label(status) for status in sorted(action.sources)],
            )
        handler: Callable[[Listing, User, str | None], Any] = getattr(self, f"_{action.name}")
        try:
            await handler(listing, user, reason)
            await self.session.flush()
        except StaleDataError as exc:
            raise Conflict(
                N_("This listing was changed by someone else at the same moment; reload it.")
            ) from exc
        if listing.status is S.published and not was_published:
            await publication.announce(self.session, listing)
        return listing

    async def _submit(self, listing: Listing, user: User, reason: str | None) -> None:
        _require_publishable(listing)
        if not is_staff(user) and not listing.organization.verified:
            raise Conflict(
                N_(
                    "Your organisation is not verified yet; the department verifies "
                    "it first, then you can submit listings."
                )
            )
        listing.screening_hits = await self._screen(listing)
        listing.rejection_reason = None
        listing.submitted_at = utcnow()
        await self._move(listing, S.pending_review, actor=user, reason=reason)

    async def _publish(self, listing: Listing, user: User, reason: str | None) -> None:
        _require_publishable(listing)
        hits = await self._screen(listing)
        listing.screening_hits = hits
        if has_prohibited(hits) and listing.status is S.pending_review:
            raise Conflict(
                N_(
                    "This listing matches the list of technologies prohibited from transfer "
                    "(%(hits)s); it can never be published. Reject it with a reason."
                ),
                hits=_hits_reason(hits),
            )
        if hits and listing.status is S.draft:
            # Publishing straight from draft skips review only when screening is clean.
            listing.submitted_at = utcnow()
            await self._move(listing, S.pending_review, actor=user, reason=_hits_reason(hits))
            return
        now = utcnow()
        listing.published_at = now
        listing.rejection_reason = None
        self._set_expiry(listing, now)
        await self._move(listing, S.published, actor=user, reason=reason)
        await enqueue_search_update(self.session, self.listing_type, listing.id)
        await notify(
            self.session,
            kind=NotificationKind.listing_published,
            organization_id=listing.organization_id,
            title=f"Tin {LABELS_VI[self.listing_type]} đã được đăng: {listing.title}",
            body=f"Tin được hiển thị công khai đến {listing.expires_at:%d/%m/%Y}.",
            link=link(listing),
        )

    async def _reject(self, listing: Listing, user: User, reason: str | None) -> None:
        if not reason:
            raise Invalid(N_("Say why the listing is rejected (reason): the owner reads it."))
        was_published = listing.status is S.published
        listing.rejection_reason = reason
        await self._move(listing, S.rejected, actor=user, reason=reason)
        if was_published:
            await enqueue_search_update(self.session, self.listing_type, listing.id)
        await notify(
            self.session,
            kind=NotificationKind.listing_rejected,
            organization_id=listing.organization_id,
            title=f"Tin {LABELS_VI[self.listing_type]} bị từ chối: {listing.title}",
            body=f"Lý do: {reason}",
            link=link(listing),
        )

    async def _renew(self, listing: Listing, user: User, reason: str | None) -> None:
        now = utcnow()
        if listing.status is S.expired:
            hits = await self._screen(listing)
            listing.screening_hits = hits
            if hits:
                listing.submitted_at = now
                await self._move(listing, S.pending_review, actor=user, reason=_hits_reason(hits))
                return
            await self._move(listing, S.published, actor=user, reason=reason or "renewed")
        else:
            await self._record(listing, S.published, S.published, actor=user, reason="renewed")
        if (
            isinstance(listing, Demand)
            and listing.valid_until
            and listing.valid_until <= now.date()
        ):
            listing.valid_until = None
        self._set_expiry(listing, now)
        await enqueue_search_update(self.session, self.listing_type, listing.id)

    async def _withdraw(self, listing: Listing, user: User, reason: str | None) -> None:
        was_published = listing.status is S.published
        await self._move(listing, S.withdrawn, actor=user, reason=reason)
        if was_published:
            await enqueue_search_update(self.session, self.listing_type, listing.id)

    async def _archive(self, listing: Listing, user: User, reason: str | None) -> None:
        was_published = listing.status is S.published
        await self._move(listing, S.archived, actor=user, reason=reason)
        if was_published:
            await enqueue_search_update(self.session, self.listing_type, listing.id)

    # --- helpers ---------------------------------------------------------------------------

    async def _screen(self, listing: Listing) -> list[dict[str, Any]]:
        items = await load_items(self.session)
        hits = screen(screening_texts(listing), transfer_directions(listing), items)
        return [hit.as_dict() for hit in hits]

    def _set_expiry(self, listing: Listing, now: datetime) -> None:
        expires = add_months(now, self.settings.validity_months)
        if isinstance(listing, Demand) and listing.valid_until:
            expires = min(expires, end_of_day(listing.valid_until))
        listing.expires_at = expires
        listing.last_confirmed_at = now
        listing.expiry_warned_at = None

    async def _move(
        self, listing: Listing, to: ListingStatus, *, actor: User | None, reason: str | None
    ) -> None:
        await self._record(listing, listing.status, to, actor=actor, reason=reason)
        listing.status = to

    async def _record(
        self,
        listing: Listing,
        from_status: ListingStatus | None,
        to: ListingStatus,
        *,
        actor: User | None,
        reason: str | None,
    ) -> None:
        self.session.add(
            record_transition(
                listing, from_status, to, actor_id=actor.id if actor else None, reason=reason
            )
        )


def record_transition(
    listing: Listing,
    from_status: ListingStatus | None,
    to: ListingStatus,
    *,
    actor_id: int | None,
    reason: str | None,
    at: datetime | None = None,
) -> ListingTransition:
    return ListingTransition(
        listing_type=listing_type_of(listing),
        listing_id=listing.id,
        actor_id=actor_id,
        at=at or utcnow(),
        from_status=from_status,
        to_status=to,
        reason=reason,
    )


def _hits_reason(hits: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{hit['list_kind']} {hit['code']}: {hit['name']} (keyword '{hit['keyword']}')"
        for hit in hits
    )


def _require_publishable(listing: Listing) -> None:
    missing = [
        name
        for name, value in (
            ("title", listing.title),
            ("description" if isinstance(listing, Offer) else "problem", body_text(listing)),
            ("field_code", listing.field_code),
        )
        if not (value or "").strip()
    ]
    if missing:
        raise Invalid(
            N_("Add %(fields)s before submitting or publishing this listing."), fields=missing
        )


def _check_consistency(listing: Listing) -> None:
    try:
        if isinstance(listing, Offer):
            check_price(PriceMode(listing.price_mode), listing.price_min_vnd, listing.price_max_vnd)
        else:
            check_amounts(listing.budget_min_vnd, listing.budget_max_vnd, "budget")
    except InvalidValue as exc:
        raise Invalid.from_value_error(exc) from exc


def _column_values(data: BaseModel, *, exclude_unset: bool) -> dict[str, Any]:
    """Body values as the columns store them: enums in lists as plain strings; a demand's
    `description` goes into `problem`."""
    values = data.model_dump(exclude_unset=exclude_unset)
    for name in (*_LIST_FIELDS, "preferred_forms"):
        if name in values:
            values[name] = [str(v) for v in values[name] or []]
    if isinstance(data, DemandCreate | DemandUpdate):
        description = values.pop("description", None)
        if description is not None and values.get("problem") is None:
            values["problem"] = description
    for nullable_list in (*_LIST_FIELDS, "preferred_forms"):
        if nullable_list in values and values[nullable_list] is None:
            values[nullable_list] = []
    return values
