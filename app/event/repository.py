"""Queries on events, their participants, meeting requests and meetings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams
from app.models import (
    Demand,
    Event,
    EventMeeting,
    EventParticipant,
    EventParticipantListing,
    EventSession,
    MeetingRequest,
    Offer,
)
from app.models.vocabulary import EventStatus, MeetingRequestStatus, ParticipantStatus


class EventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _published(self, starts_from: datetime | None, starts_to: datetime | None) -> Select[Event]:
        query = select(Event).where(Event.status == EventStatus.published)
        if starts_from is not None:
            query = query.where(Event.ends_at >= starts_from)
        if starts_to is not None:
            query = query.where(Event.starts_at < starts_to)
        return query

    async def list_published(
        self, page: PageParams, starts_from: datetime | None, starts_to: datetime | None
    ) -> tuple[Sequence[Event], int]:
        query = self._published(starts_from, starts_to)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.order_by(Event.starts_at, Event.id).offset(page.offset).limit(page.per_page)
        )
        return rows.all(), total or 0

    async def all_published(self, starts_from: datetime | None) -> Sequence[Event]:
        query = self._published(starts_from, None).order_by(Event.starts_at, Event.id)
        return (await self.session.scalars(query)).all()

    async def sessions(self, event_id: int) -> list[EventSession]:
        rows = await self.session.scalars(
            select(EventSession)
            .where(EventSession.event_id == event_id)
            .order_by(EventSession.starts_at, EventSession.id)
        )
        return list(rows.all())

    async def registered_count(self, event_id: int) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(EventParticipant)
            .where(
                EventParticipant.event_id == event_id,
                EventParticipant.status != ParticipantStatus.rejected,
            )
        )
        return count or 0

    async def participants(
        self, event_id: int, *, approved_only: bool = False
    ) -> list[EventParticipant]:
        query = select(EventParticipant).where(EventParticipant.event_id == event_id)
        if approved_only:
            query = query.where(EventParticipant.status == ParticipantStatus.approved)
        rows = await self.session.scalars(query.order_by(EventParticipant.id))
        return list(rows.all())

    async def participant_of(self, event_id: int, organization_id: int) -> EventParticipant | None:
        result = await self.session.scalars(
            select(EventParticipant).where(
                EventParticipant.event_id == event_id,
                EventParticipant.organization_id == organization_id,
            )
        )
        return result.first()

    async def listings_of(
        self, participant_ids: Sequence[int]
    ) -> tuple[dict[int, list[Offer]], dict[int, list[Demand]]]:
        offers: dict[int, list[Offer]] = {pid: [] for pid in participant_ids}
        demands: dict[int, list[Demand]] = {pid: [] for pid in participant_ids}
        if not participant_ids:
            return offers, demands
        rows = await self.session.execute(
            select(EventParticipantListing.participant_id, Offer)
            .join(Offer, Offer.id == EventParticipantListing.offer_id)
            .where(EventParticipantListing.participant_id.in_(participant_ids))
            .order_by(Offer.id)
        )
        for participant_id, offer in rows.all():
            offers[participant_id].append(offer)
        rows_demand = await self.session.execute(
            select(EventParticipantListing.participant_id, Demand)
            .join(Demand, Demand.id == EventParticipantListing.demand_id)
            .where(EventParticipantListing.participant_id.in_(participant_ids))
            .order_by(Demand.id)
        )
        for participant_id, demand in rows_demand.all():
            demands[participant_id].append(demand)
        return offers, demands

    async def requests(
        self, event_id: int, participant_id: int | None = None
    ) -> list[MeetingRequest]:
        query = select(MeetingRequest).where(MeetingRequest.event_id == event_id)
        if participant_id is not None:
            query = query.where(
                or_(
                    MeetingRequest.requester_id == participant_id,
                    MeetingRequest.target_id == participant_id,
                )
            )
        rows = await self.session.scalars(query.order_by(MeetingRequest.id))
        return list(rows.all())

    async def schedulable_requests(self, event_id: int) -> list[MeetingRequest]:
        rows = await self.session.scalars(
            select(MeetingRequest)
            .where(
                MeetingRequest.event_id == event_id,
                MeetingRequest.status.in_(
                    [MeetingRequestStatus.pending, MeetingRequestStatus.accepted]
                ),
            )
            .order_by(MeetingRequest.id)
        )
        return list(rows.all())

    async def request_between(self, requester_id: int, target_id: int) -> MeetingRequest | None:
        result = await self.session.scalars(
            select(MeetingRequest).where(
                MeetingRequest.requester_id == requester_id,
                MeetingRequest.target_id == target_id,
            )
        )
        return result.first()

    async def meetings(self, event_id: int) -> list[EventMeeting]:
        rows = await self.session.scalars(
            select(EventMeeting)
            .where(EventMeeting.event_id == event_id)
            .order_by(EventMeeting.starts_at, EventMeeting.table_number)
        )
        return list(rows.all())

    async def remove_unheld_meetings(self, event_id: int) -> None:
        await self.session.execute(
            delete(EventMeeting).where(
                EventMeeting.event_id == event_id,
                EventMeeting.held_at.is_(None),
                EventMeeting.outcome.is_(None),
            )
        )
