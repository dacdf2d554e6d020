"""The demo catalogue: offers and demands read from app/demo/catalogue/*.json (format in
the team's catalogue brief), created idempotently (keyed by `ref`) in their given states,
with an audit trail and publication dates spread over the past months."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.listing.kinds import Listing, ListingType, screening_texts, transfer_directions
from app.listing.screening import load_items, screen
from app.listing.service import add_months, end_of_day, record_transition
from app.models import Demand, Offer, Organization, User
from app.models.vocabulary import (
    ListingLanguage,
    ListingStatus,
    MembershipRole,
    PlatformRole,
    VerificationStatus,
)
from app.search.outbox import enqueue_search_update

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
S = ListingStatus
_ORG_FIELDS = (
    "name",
    "name_en",
    "type",
    "ownership",
    "is_st_enterprise",
    "intermediary_subtype",
    "country",
    "commune_code",
    "description",
)
_OFFER_FIELDS = (
    "summary",
    "description",
    "advantages",
    "applications",
    "kind",
    "field_code",
    "keywords",
    "trl",
    "ip_type",
    "ip_number",
    "ip_status",
    "transfer_rights",
    "transfer_forms",
    "transfer_methods",
    "origin_country",
    "price_mode",
    "price_min_vnd",
    "price_max_vnd",
    "price_hidden",
    "anonymous",
)
_DEMAND_FIELDS = (
    "problem",
    "expected_result",
    "technical_requirements",
    "field_code",
    "keywords",
    "min_trl",
    "budget_min_vnd",
    "budget_max_vnd",
    "budget_confidential",
    "preferred_forms",
    "commune_code",
)
# The path each final state took through the life cycle.
_PATHS: dict[ListingStatus, tuple[ListingStatus, ...]] = {
    S.draft: (S.draft,),
    S.pending_review: (S.draft, S.pending_review),
    S.published: (S.draft, S.pending_review, S.published),
    S.rejected: (S.draft, S.pending_review, S.rejected),
    S.expired: (S.draft, S.pending_review, S.published, S.expired),
    S.withdrawn: (S.draft, S.pending_review, S.published, S.withdrawn),
    S.archived: (S.draft, S.pending_review, S.published, S.archived),
}


def _load(directory: Path, name: str) -> list[dict[str, Any]]:
    path = directory / name
    if not path.exists():
        return []
    data: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return data


async def seed_listings(
    session: AsyncSession,
    organizations: dict[str, Organization],
    *,
    catalogue_dir: Path = CATALOGUE_DIR,
    now: datetime | None = None,
) -> list[str]:
    """Adds the catalogue's organisations to `organizations` (by key) and creates its
    listings; running it again adds nothing. Returns summary lines."""
    now = now or utcnow()
    added_orgs = await _seed_organizations(
        session, _load(catalogue_dir, "organizations.json"), organizations
    )
    seeder = _ListingSeeder(session, organizations, now)
    await seeder.prepare()
    offers = await seeder.seed("offer", _load(catalogue_dir, "offers.json"))
    demands = await seeder.seed("demand", _load(catalogue_dir, "demands.json"))
    return [
        f"Catalogue organisations: {added_orgs} created.",
        f"Offers: {offers} created; demands: {demands} created.",
    ]


async def _seed_organizations(
    session: AsyncSession, specs: Sequence[dict[str, Any]], by_key: dict[str, Organization]
) -> int:
    created = 0
    for spec in specs:
        if spec["key"] in by_key:
            raise ValueError(f"catalogue organisation key {spec['key']!r} clashes with world.py")
        existing = await session.scalar(
            select(Organization).where(Organization.name == spec["name"])
        )
        if existing is None:
            existing = Organization(
                **{name: spec.get(name) for name in _ORG_FIELDS},
                verification_status=VerificationStatus.verified,
                verified_at=utcnow(),
            )
            existing.is_st_enterprise = bool(spec.get("is_st_enterprise"))
            existing.country = spec.get("country") or "VN"
            session.add(existing)
            created += 1
        by_key[spec["key"]] = existing
    await session.flush()
    return created


class _ListingSeeder:
    def __init__(
        self, session: AsyncSession, organizations: dict[str, Organization], now: datetime
    ) -> None:
        self.session = session
        self.organizations = organizations
        self.now = now
        self.officer_id: int | None = None
        self.owner_user: dict[int, int] = {}

    async def prepare(self) -> None:
        users = (await self.session.scalars(select(User).order_by(User.id))).all()
        for user in users:
            if user.platform_role is PlatformRole.department and self.officer_id is None:
                self.officer_id = user.id
            if user.organization_id and user.membership_role is MembershipRole.owner:
                self.owner_user.setdefault(user.organization_id, user.id)

    async def seed(self, listing_type: ListingType, specs: Sequence[dict[str, Any]]) -> int:
        model = Offer if listing_type == "offer" else Demand
        rows = await self.session.execute(
            select(model.organization_id, model.external_ref).where(model.external_ref.is_not(None))
        )
        existing = {(organization_id, ref) for organization_id, ref in rows}
        created = 0
        for index, spec in enumerate(specs):
            organization = self.organizations.get(spec["owner"])
            if organization is None:
                raise ValueError(
                    f"catalogue {listing_type} {spec['ref']}: owner {spec['owner']!r} is not a key "
                    "of app/demo/world.py or catalogue/organizations.json"
                )
            if (organization.id, spec["ref"]) in existing:
                continue
            listing = _build(listing_type, spec, organization)
            self.session.add(listing)
            await self.session.flush()
            await self._live(listing, S(spec["status"]), index, spec)
            created += 1
        await self.session.flush()
        return created

    async def _live(
        self, listing: Listing, final: ListingStatus, index: int, spec: dict[str, Any]
    ) -> None:
        """Walk the listing through its path with believable dates and actors."""
        path = _PATHS[final]
        published = self._published_at(listing, final, index, spec)
        created = published - timedelta(days=3 + index % 9)
        submitted = created + timedelta(days=1)
        listing.created_at = created
        owner_id = self.owner_user.get(listing.organization_id)
        listing.contact_user_id = owner_id
        items = await load_items(self.session)
        texts, directions = screening_texts(listing), transfer_directions(listing)
        listing.screening_hits = [hit.as_dict() for hit in screen(texts, directions, items)]
        at = {S.draft: created, S.pending_review: submitted, S.published: published}
        end = published + timedelta(days=20 + index % 40)
        at.update({S.rejected: submitted + timedelta(days=2), S.withdrawn: end, S.archived: end})
        if S.pending_review in path:
            listing.submitted_at = submitted
        if isinstance(listing, Demand) and spec.get("valid_months"):
            listing.valid_until = (
                published + timedelta(days=30 * int(spec["valid_months"]))
            ).date()
        if S.published in path:
            listing.published_at = published
            listing.last_confirmed_at = published
            listing.expires_at = self._expiry(listing, published)
        if final is S.expired:
            at[S.expired] = listing.expires_at or self.now
        if final is S.rejected:
            listing.rejection_reason = spec.get("rejection_reason") or "Thông tin chưa đầy đủ."
        previous: ListingStatus | None = None
        for step in path:
            actor = self.officer_id if step in (S.published, S.rejected) else owner_id
            if step is S.expired:
                actor = None
            reason = listing.rejection_reason if step is S.rejected else None
            self.session.add(
                record_transition(
                    listing,
                    previous,
                    step,
                    actor_id=actor,
                    reason=reason,
                    at=min(at[step], self.now),
                )
            )
            previous = step
        listing.status = final
        if final is S.published:
            await enqueue_search_update(self.session, _type(listing), listing.id)

    def _published_at(
        self, listing: Listing, final: ListingStatus, index: int, spec: dict[str, Any]
    ) -> datetime:
        if final is S.expired:
            return add_months(self.now, -13) - timedelta(days=index % 20)
        if isinstance(listing, Demand):
            # Inside the demand's own validity, so it is still live today.
            months = int(spec.get("valid_months") or 12)
            # The listing's 12-month validity caps a longer valid_months.
            window = max(10, min(months * 30, 365) - 40)
            return self.now - timedelta(days=5 + (index * 11) % window)
        if index % 9 == 4:
            # Expiring within the month: the owners get the 30-day warning.
            return add_months(self.now, -12) + timedelta(days=8 + index % 15)
        return self.now - timedelta(days=5 + (index * 37) % 320)

    def _expiry(self, listing: Listing, published: datetime) -> datetime:
        expires = add_months(published, 12)
        if isinstance(listing, Demand) and listing.valid_until is not None:
            expires = min(expires, end_of_day(listing.valid_until))
        return expires


def _type(listing: Listing) -> ListingType:
    return "offer" if isinstance(listing, Offer) else "demand"


def _build(listing_type: ListingType, spec: dict[str, Any], organization: Organization) -> Listing:
    if listing_type == "offer":
        values = {name: spec.get(name) for name in _OFFER_FIELDS}
        english_only = spec.get("language") == "en" or not spec.get("title")
        offer = Offer(
            **{k: v for k, v in values.items() if v is not None},
            language=ListingLanguage.en if english_only else ListingLanguage.vi,
            title=spec.get("title") or spec["title_en"],
            title_en=spec.get("title_en"),
            ip_expiry=date.fromisoformat(spec["ip_expiry"]) if spec.get("ip_expiry") else None,
            external_ref=spec["ref"],
            organization_id=organization.id,
            organization=organization,
            status=S.draft,
        )
        return offer
    values = {name: spec.get(name) for name in _DEMAND_FIELDS}
    demand = Demand(
        **{k: v for k, v in values.items() if v is not None},
        title=spec["title"],
        external_ref=spec["ref"],
        organization_id=organization.id,
        organization=organization,
        status=S.draft,
    )
    return demand
