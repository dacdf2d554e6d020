"""All queries on offers and demands; what a caller may see is decided here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Select, and_, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.folding import search_fold
from app.core.pagination import PageParams
from app.core.roles import is_staff
from app.listing.kinds import LISTING_MODELS, Listing, ListingType
from app.models import Demand, ListingTransition, Offer, User
from app.models.vocabulary import IPType, ListingStatus, OfferKind


@dataclass(frozen=True)
class ListingFilters:
    status: ListingStatus | None = None
    organization_id: int | None = None
    mine: bool = False
    field_code: str | None = None
    q: str | None = None
    kind: OfferKind | None = None  # offers only
    ip_type: IPType | None = None  # offers only
    origin_country: str | None = None  # offers only
    trl_min: int | None = None
    trl_max: int | None = None
    commune_code: str | None = None  # demands only


class ListingRepository:
    def __init__(self, session: AsyncSession, listing_type: ListingType) -> None:
        self.session = session
        self.listing_type = listing_type
        self.model: Any = LISTING_MODELS[listing_type]

    async def get(self, listing_id: int) -> Listing | None:
        listing: Listing | None = await self.session.get(self.model, listing_id)
        return listing

    async def add(self, listing: Listing) -> Listing:
        self.session.add(listing)
        await self.session.flush()
        return listing

    def visible(self, viewer: User | None, now: datetime) -> ColumnElement[bool]:
        """The public sees published, unexpired listings; members also see their own
        organisation's in any state; the department and admins see everything."""
        if is_staff(viewer):
            return true()
        public = and_(self.model.status == ListingStatus.published, self.model.expires_at > now)
        if viewer is not None and viewer.organization_id is not None:
            return or_(public, self.model.organization_id == viewer.organization_id)
        return public

    async def list_visible(
        self, page: PageParams, viewer: User | None, now: datetime, filters: ListingFilters
    ) -> tuple[Sequence[Listing], int]:
        query: Select[Any] = select(self.model).where(self.visible(viewer, now))
        query = self._filter(query, viewer, filters)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(self.model.published_at.desc().nulls_last(), self.model.id.desc())
            .offset(page.offset)
            .limit(page.per_page)
        )
        return rows.all(), total or 0

    def _filter(
        self, query: Select[Any], viewer: User | None, filters: ListingFilters
    ) -> Select[Any]:
        model = self.model
        if filters.status is not None:
            query = query.where(model.status == filters.status)
        if filters.mine:
            own = viewer.organization_id if viewer is not None else None
            query = query.where(model.organization_id == own if own else false())
        if filters.organization_id is not None:
            query = query.where(model.organization_id == filters.organization_id)
            # Filtering by owner must not reveal who is behind an anonymous listing.
            if not is_staff(viewer) and (
                viewer is None or viewer.organization_id != filters.organization_id
            ):
                query = query.where(model.anonymous.is_(False))
        if filters.field_code:
            # Codes are hierarchical by prefix: "2" ⊃ "207" ⊃ "20701".
            query = query.where(model.field_code.startswith(filters.field_code, autoescape=True))
        if filters.q and (folded := search_fold(filters.q)):
            # Any accents, i/y spelling or case; % and _ are plain characters here.
            query = query.where(model.title_folded.contains(folded, autoescape=True))
        trl = Offer.trl if model is Offer else Demand.min_trl
        if filters.trl_min is not None:
            query = query.where(trl >= filters.trl_min)
        if filters.trl_max is not None:
            query = query.where(trl <= filters.trl_max)
        if model is Offer:
            if filters.kind is not None:
                query = query.where(Offer.kind == filters.kind)
            if filters.ip_type is not None:
                query = query.where(Offer.ip_type == filters.ip_type)
            if filters.origin_country is not None:
                query = query.where(Offer.origin_country == filters.origin_country.upper())
        elif filters.commune_code is not None:
            query = query.where(Demand.commune_code == filters.commune_code)
        return query

    async def pending_review(self) -> Sequence[Listing]:
        rows = await self.session.scalars(
            select(self.model)
            .where(self.model.status == ListingStatus.pending_review)
            .order_by(self.model.submitted_at.asc().nulls_last(), self.model.id)
        )
        return rows.all()

    async def due_to_expire(self, now: datetime) -> Sequence[Listing]:
        rows = await self.session.scalars(
            select(self.model).where(
                self.model.status == ListingStatus.published, self.model.expires_at <= now
            )
        )
        return rows.all()

    async def due_for_warning(self, now: datetime, horizon: datetime) -> Sequence[Listing]:
        """Published listings expiring within the horizon whose owner was not yet warned."""
        rows = await self.session.scalars(
            select(self.model).where(
                self.model.status == ListingStatus.published,
                self.model.expires_at > now,
                self.model.expires_at <= horizon,
                self.model.expiry_warned_at.is_(None),
            )
        )
        return rows.all()

    async def imported_values(
        self, organization_id: int, refs: Sequence[str], columns: Sequence[str]
    ) -> dict[str, RowMapping]:
        """{external_ref: {"id", *columns}} of this organisation's listings with these refs.
        One scan of the organisation's keyed listings: faster than thousands of bound
        parameters, and an organisation holds far fewer listings than a table."""
        table = self.model.__table__
        selected = [table.c.id, table.c.external_ref, *(table.c[name] for name in columns)]
        wanted = set(refs)
        result = await self.session.execute(
            select(*selected).where(
                table.c.organization_id == organization_id, table.c.external_ref.is_not(None)
            )
        )
        return {
            row["external_ref"]: row for row in result.mappings() if row["external_ref"] in wanted
        }

    async def searchable(self, now: datetime, after_id: int, limit: int) -> Sequence[Listing]:
        rows = await self.session.scalars(
            select(self.model)
            .where(
                self.model.status == ListingStatus.published,
                self.model.expires_at > now,
                self.model.id > after_id,
            )
            .order_by(self.model.id)
            .limit(limit)
        )
        return rows.all()

    async def transitions(self, listing_id: int) -> Sequence[ListingTransition]:
        rows = await self.session.scalars(
            select(ListingTransition)
            .where(
                ListingTransition.listing_type == self.listing_type,
                ListingTransition.listing_id == listing_id,
            )
            .order_by(ListingTransition.at, ListingTransition.id)
        )
        return rows.all()
