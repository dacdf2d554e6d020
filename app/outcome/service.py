"""What the promotion events and challenges brought: participants, meetings requested,
scheduled and held, interests, and the deals and transactions traced back to them through
deal_sources. Counts only: contract values stay in the transaction register."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.core.clock import utcnow
from app.models import (
    Challenge,
    ChallengeProposal,
    Deal,
    DealSource,
    Event,
    EventMeeting,
    EventParticipant,
    MeetingRequest,
)
from app.models.vocabulary import ChallengeStatus, EventStatus, MeetingOutcome, ParticipantStatus
from app.outcome.schemas import ChallengeOutcome, EventOutcome, OutcomeReport, Totals

INTEREST_OUTCOMES = (MeetingOutcome.follow_up, MeetingOutcome.deal)


class OutcomeService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _count_by(
        self, column: InstrumentedAttribute[Any], *where: ColumnElement[bool]
    ) -> Counter[int]:
        rows = await self.session.execute(
            select(column, func.count()).where(*where).group_by(column)
        )
        return Counter({key: count for key, count in rows.all() if key is not None})

    async def report(
        self, starts_from: datetime | None, starts_to: datetime | None
    ) -> OutcomeReport:
        events = await self._events(starts_from, starts_to)
        challenges = await self._challenges(starts_from, starts_to)
        event_rows = await self._event_rows(events)
        challenge_rows = await self._challenge_rows(challenges)
        now = utcnow()
        return OutcomeReport(
            totals=Totals(
                events_held=sum(1 for e in events if e.ends_at <= now),
                participants=sum(r.participants for r in event_rows),
                meetings_requested=sum(r.meetings_requested for r in event_rows),
                meetings_scheduled=sum(r.meetings_scheduled for r in event_rows),
                meetings_held=sum(r.meetings_held for r in event_rows),
                interests=sum(r.interests for r in event_rows),
                challenges_published=len(challenges),
                proposals=sum(r.proposals for r in challenge_rows),
                challenges_awarded=sum(1 for r in challenge_rows if r.awarded),
                deals=sum(r.deals for r in event_rows) + sum(r.deals for r in challenge_rows),
                transactions=sum(r.transactions for r in event_rows)
                + sum(r.transactions for r in challenge_rows),
            ),
            events=event_rows,
            challenges=challenge_rows,
        )

    async def _events(
        self, starts_from: datetime | None, starts_to: datetime | None
    ) -> list[Event]:
        query = select(Event).where(Event.status == EventStatus.published)
        if starts_from is not None:
            query = query.where(Event.starts_at >= starts_from)
        if starts_to is not None:
            query = query.where(Event.starts_at < starts_to)
        return list((await self.session.scalars(query.order_by(Event.starts_at, Event.id))).all())

    async def _challenges(
        self, starts_from: datetime | None, starts_to: datetime | None
    ) -> list[Challenge]:
        query = select(Challenge).where(
            Challenge.status.in_(
                [ChallengeStatus.published, ChallengeStatus.closed, ChallengeStatus.awarded]
            )
        )
        if starts_from is not None:
            query = query.where(Challenge.published_at >= starts_from)
        if starts_to is not None:
            query = query.where(Challenge.published_at < starts_to)
        return list((await self.session.scalars(query.order_by(Challenge.id))).all())

    async def _deals_by(
        self, column: InstrumentedAttribute[Any]
    ) -> tuple[Counter[int], Counter[int]]:
        deals = await self._count_by(column, DealSource.deal_id.is_not(None))
        rows = await self.session.execute(
            select(column, func.count())
            .select_from(DealSource)
            .join(Deal, Deal.id == DealSource.deal_id)
            .where(Deal.transaction_id.is_not(None))
            .group_by(column)
        )
        transactions = Counter({key: count for key, count in rows.all() if key is not None})
        return deals, transactions

    async def _event_rows(self, events: list[Event]) -> list[EventOutcome]:
        ids = [e.id for e in events]
        approved = EventParticipant.status == ParticipantStatus.approved
        participants = await self._count_by(
            EventParticipant.event_id, EventParticipant.event_id.in_(ids), approved
        )
        checked_in = await self._count_by(
            EventParticipant.event_id,
            EventParticipant.event_id.in_(ids),
            EventParticipant.checked_in_at.is_not(None),
        )
        requested = await self._count_by(MeetingRequest.event_id, MeetingRequest.event_id.in_(ids))
        scheduled = await self._count_by(EventMeeting.event_id, EventMeeting.event_id.in_(ids))
        held = await self._count_by(
            EventMeeting.event_id, EventMeeting.event_id.in_(ids), EventMeeting.held_at.is_not(None)
        )
        interests = await self._count_by(
            EventMeeting.event_id,
            EventMeeting.event_id.in_(ids),
            EventMeeting.outcome.in_(INTEREST_OUTCOMES),
        )
        deals, transactions = await self._deals_by(DealSource.event_id)
        now = utcnow()
        return [
            EventOutcome(
                event_id=e.id,
                title=e.title,
                held=e.ends_at <= now,
                participants=participants[e.id],
                checked_in=checked_in[e.id],
                meetings_requested=requested[e.id],
                meetings_scheduled=scheduled[e.id],
                meetings_held=held[e.id],
                interests=interests[e.id],
                deals=deals[e.id],
                transactions=transactions[e.id],
            )
            for e in events
        ]

    async def _challenge_rows(self, challenges: list[Challenge]) -> list[ChallengeOutcome]:
        ids = [c.id for c in challenges]
        proposals = await self._count_by(
            ChallengeProposal.challenge_id, ChallengeProposal.challenge_id.in_(ids)
        )
        deals, transactions = await self._deals_by(DealSource.challenge_id)
        return [
            ChallengeOutcome(
                challenge_id=c.id,
                title=c.title,
                proposals=proposals[c.id],
                awarded=c.status is ChallengeStatus.awarded,
                deals=deals[c.id],
                transactions=transactions[c.id],
            )
            for c in challenges
        ]
