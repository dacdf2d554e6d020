"""B2B meetings at an event: requests between approved participants, the schedule built by
app/event/scheduler.py over the sessions' slots, personal agendas, check-in and outcomes.
The outcome "deal" opens a deal (app/deal) for the event's broker, traced to the event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.i18n import N_, written
from app.deal.schemas import DealCreate
from app.event import scheduler
from app.event.auth import is_organiser, is_participant_member
from app.event.repository import EventRepository
from app.event.schemas import MeetingRead, MeetingRequestCreate, OutcomeCreate
from app.event.service import EventService, card
from app.models import (
    Event,
    EventMeeting,
    EventParticipant,
    EventSession,
    MeetingRequest,
    Organization,
    User,
)
from app.models.vocabulary import (
    MeetingOutcome,
    MeetingRequestStatus,
    NotificationKind,
    ParticipantStatus,
)
from app.notification.service import NOTIFICATION_LOCALE, notify
from app.outcome.deals import open_sourced_deal

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

# Weights of a request in the schedule: every request counts, a mutual one (accepted by the
# other side, or asked by both) counts double, and the match score adds up to one more half.
BASE_WEIGHT = 10
MUTUAL_WEIGHT = 10
MATCH_WEIGHT = 5


@dataclass(frozen=True)
class Slot:
    session_id: int
    starts_at: datetime
    ends_at: datetime


def slots_of(sessions: Sequence[EventSession], minutes: int) -> list[Slot]:
    """The meeting sessions cut into whole slots, in time order."""
    slots = []
    length = timedelta(minutes=minutes)
    for session in sorted(sessions, key=lambda s: s.starts_at):
        if not session.meetings:
            continue
        start = session.starts_at
        while start + length <= session.ends_at:
            slots.append(Slot(session.id, start, start + length))
            start += length
    return slots


def weight(request: MeetingRequest, mutual: bool) -> int:
    return (
        BASE_WEIGHT
        + (MUTUAL_WEIGHT if mutual else 0)
        + round(MATCH_WEIGHT * max(0.0, min(1.0, request.match_score)))
    )


class MeetingService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.events = EventRepository(session)
        self.event_service = EventService(session)

    # --- requests --------------------------------------------------------------------------

    async def request(
        self, event_id: int, data: MeetingRequestCreate, user: User
    ) -> MeetingRequest:
        event = await self.event_service.get(event_id, user)
        mine = await self.event_service.my_participant(event, user)
        target = await self.event_service.get_participant(event, data.target_participant_id)
        if (
            mine.status is not ParticipantStatus.approved
            or target.status is not ParticipantStatus.approved
        ):
            raise Conflict(N_("Only approved participants meet."))
        if target.id == mine.id:
            raise Invalid(
                N_("target_participant_id: you cannot ask to meet your own organisation.")
            )
        if await self.events.request_between(mine.id, target.id):
            raise Conflict(N_("You already asked to meet this organisation."))
        [(score, _)] = await self.event_service.match_scores(mine, [target])
        request = MeetingRequest(
            event_id=event.id,
            requester_id=mine.id,
            target_id=target.id,
            message=data.message,
            match_score=score,
            suggested=data.suggested,
            requested_by_id=user.id,
        )
        self.session.add(request)
        await self.session.flush()
        requester = await self.session.get(Organization, mine.organization_id)
        assert requester is not None
        await notify(
            self.session,
            kind=NotificationKind.meeting_requested,
            organization_id=target.organization_id,
            title=f"Yêu cầu gặp B2B tại «{event.title}» từ {requester.name}",
            body=data.message
            or written(
                N_("%(requester)s wants to meet you at the event."),
                NOTIFICATION_LOCALE,
                requester=requester.name,
            ),
            link=f"/api/v1/events/{event.id}/meeting-requests",
        )
        return request

    async def requests_for(self, event_id: int, user: User) -> list[MeetingRequest]:
        event = await self.event_service.get(event_id, user)
        if is_organiser(user, event):
            return await self.events.requests(event.id)
        mine = await self.event_service.my_participant(event, user)
        return await self.events.requests(event.id, mine.id)

    async def answer(
        self, event_id: int, request_id: int, accept: bool, user: User
    ) -> MeetingRequest:
        event = await self.event_service.get(event_id, user)
        request = await self.session.get(MeetingRequest, request_id)
        if request is None or request.event_id != event.id:
            raise NotFound(
                N_("Meeting request %(request_id)s is not part of this event."),
                request_id=request_id,
            )
        target = await self.session.get(EventParticipant, request.target_id)
        if target is None or not is_participant_member(user, target):
            raise Forbidden(N_("Only the invited side answers a meeting request."))
        request.status = MeetingRequestStatus.accepted if accept else MeetingRequestStatus.declined
        request.answered_at = utcnow()
        await self.session.flush()
        return request

    # --- schedule --------------------------------------------------------------------------

    async def build_schedule(
        self, event_id: int, user: User
    ) -> tuple[list[EventMeeting], int, bool]:
        """Rebuilds the event's schedule; meetings already held or with an outcome stay where
        they are. Returns the meetings, the count of requests left out, and optimality."""
        event = await self.event_service.get_run(event_id, user)
        sessions = await self.events.sessions(event.id)
        slots = slots_of(sessions, event.slot_minutes)
        if not slots:
            raise Conflict(N_("The event has no B2B session long enough for one meeting."))
        participants = {
            p.id: p for p in await self.events.participants(event.id, approved_only=True)
        }
        requests = [
            r
            for r in await self.events.schedulable_requests(event.id)
            if r.requester_id in participants and r.target_id in participants
        ]
        await self.events.remove_unheld_meetings(event.id)
        kept = await self.events.meetings(event.id)
        slot_index = {(s.session_id, s.starts_at): i for i, s in enumerate(slots)}
        fixed = [
            scheduler.Fixed(m.request_id, slot_index[m.session_id, m.starts_at], m.table_number)
            for m in kept
            if (m.session_id, m.starts_at) in slot_index
        ]
        problem = scheduler.Problem(
            slots=len(slots),
            tables=event.tables,
            requests=self._weighted(requests, kept),
            availability={pid: self._available(p, slots) for pid, p in participants.items()},
            fixed=fixed,
        )
        solution = scheduler.solve(problem)
        fixed_ids = {f.request_id for f in fixed}
        for assignment in solution.assignments:
            if assignment.request_id in fixed_ids:
                continue
            slot = slots[assignment.slot]
            self.session.add(
                EventMeeting(
                    event_id=event.id,
                    request_id=assignment.request_id,
                    session_id=slot.session_id,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    table_number=assignment.table,
                )
            )
        await self.session.flush()
        meetings = await self.events.meetings(event.id)
        await self._send_agendas(event, meetings, participants)
        scheduled_ids = {m.request_id for m in meetings}
        unscheduled = sum(1 for r in requests if r.id not in scheduled_ids)
        return meetings, unscheduled, solution.optimal

    def _weighted(
        self, requests: Sequence[MeetingRequest], kept: Sequence[EventMeeting]
    ) -> list[scheduler.Request]:
        pairs = {(r.requester_id, r.target_id) for r in requests}
        kept_ids = {m.request_id for m in kept}
        result = []
        for r in requests:
            mutual = (
                r.status is MeetingRequestStatus.accepted or (r.target_id, r.requester_id) in pairs
            )
            result.append(scheduler.Request(r.id, r.requester_id, r.target_id, weight(r, mutual)))
        # A pair that asked each other twice meets once: the second request yields to the first.
        seen: set[frozenset[int]] = set()
        unique = []
        for item in result:
            pair = frozenset((item.requester, item.target))
            if pair in seen and item.id not in kept_ids:
                continue
            seen.add(pair)
            unique.append(item)
        return unique

    @staticmethod
    def _available(participant: EventParticipant, slots: Sequence[Slot]) -> set[int]:
        sessions = set(participant.available_session_ids)
        return {i for i, slot in enumerate(slots) if not sessions or slot.session_id in sessions}

    async def _send_agendas(
        self,
        event: Event,
        meetings: Sequence[EventMeeting],
        participants: dict[int, EventParticipant],
    ) -> None:
        """Each participant with meetings gets its agenda in the inbox and by e-mail."""
        lines: dict[int, list[str]] = {}
        for meeting in meetings:
            request = await self.session.get(MeetingRequest, meeting.request_id)
            assert request is not None
            for me, other in (
                (request.requester_id, request.target_id),
                (request.target_id, request.requester_id),
            ):
                other_org = await self.session.get(
                    Organization, participants[other].organization_id
                )
                assert other_org is not None
                start = meeting.starts_at.astimezone(LOCAL_TIME)
                lines.setdefault(me, []).append(
                    f"{start:%d/%m/%Y %H:%M}, bàn {meeting.table_number}: {other_org.name}"
                )
        for participant_id, agenda in lines.items():
            await notify(
                self.session,
                kind=NotificationKind.meeting_agenda,
                organization_id=participants[participant_id].organization_id,
                title=f"Lịch gặp B2B của bạn tại «{event.title}»",
                body="\n".join(agenda),
                link=f"/api/v1/events/{event.id}/agenda.ics",
            )

    # --- meetings --------------------------------------------------------------------------

    async def meetings_for(self, event_id: int, user: User) -> list[EventMeeting]:
        event = await self.event_service.get(event_id, user)
        meetings = await self.events.meetings(event.id)
        if is_organiser(user, event):
            return meetings
        mine = await self.event_service.my_participant(event, user)
        result = []
        for meeting in meetings:
            request = await self.session.get(MeetingRequest, meeting.request_id)
            if request is not None and mine.id in (request.requester_id, request.target_id):
                result.append(meeting)
        return result

    async def present(self, meetings: Sequence[EventMeeting]) -> list[MeetingRead]:
        result = []
        for meeting in meetings:
            request = await self.session.get(MeetingRequest, meeting.request_id)
            assert request is not None
            sides = []
            for participant_id in (request.requester_id, request.target_id):
                participant = await self.session.get(EventParticipant, participant_id)
                assert participant is not None
                organization = await self.session.get(Organization, participant.organization_id)
                assert organization is not None
                sides.append(card(organization))
            result.append(
                MeetingRead(
                    id=meeting.id,
                    event_id=meeting.event_id,
                    request_id=meeting.request_id,
                    session_id=meeting.session_id,
                    starts_at=meeting.starts_at,
                    ends_at=meeting.ends_at,
                    table_number=meeting.table_number,
                    requester=sides[0],
                    target=sides[1],
                    held_at=meeting.held_at,
                    outcome=meeting.outcome,
                    outcome_note=meeting.outcome_note,
                    deal_id=meeting.deal_id,
                )
            )
        return result

    async def _meeting_run(
        self, event_id: int, meeting_id: int, user: User
    ) -> tuple[Event, EventMeeting, EventParticipant, EventParticipant]:
        """The meeting, for one of its two sides or the organiser."""
        event = await self.event_service.get(event_id, user)
        meeting = await self.session.get(EventMeeting, meeting_id)
        if meeting is None or meeting.event_id != event.id:
            raise NotFound(
                N_("Meeting %(meeting_id)s is not part of this event."), meeting_id=meeting_id
            )
        request = await self.session.get(MeetingRequest, meeting.request_id)
        assert request is not None
        requester = await self.session.get(EventParticipant, request.requester_id)
        target = await self.session.get(EventParticipant, request.target_id)
        assert requester is not None and target is not None
        if not (
            is_organiser(user, event)
            or is_participant_member(user, requester)
            or is_participant_member(user, target)
        ):
            raise NotFound(
                N_("Meeting %(meeting_id)s is not part of this event."), meeting_id=meeting_id
            )
        return event, meeting, requester, target

    async def check_in(self, event_id: int, meeting_id: int, user: User) -> EventMeeting:
        _, meeting, _, _ = await self._meeting_run(event_id, meeting_id, user)
        meeting.held_at = meeting.held_at or utcnow()
        await self.session.flush()
        return meeting

    async def record_outcome(
        self, event_id: int, meeting_id: int, data: OutcomeCreate, user: User
    ) -> EventMeeting:
        event, meeting, requester, target = await self._meeting_run(event_id, meeting_id, user)
        if meeting.outcome is not None:
            raise Conflict(
                N_("The meeting's outcome is already recorded (%(outcome)s)."),
                outcome=meeting.outcome,
            )
        if data.outcome is MeetingOutcome.deal:
            meeting.deal_id = await self._open_deal(event, requester, target)
        meeting.held_at = meeting.held_at or utcnow()
        meeting.outcome = data.outcome
        meeting.outcome_note = data.note
        meeting.outcome_by_id = user.id
        await self.session.flush()
        return meeting

    async def _open_deal(
        self, event: Event, requester: EventParticipant, target: EventParticipant
    ) -> int:
        if event.broker_organization_id is None:
            raise Conflict(
                N_(
                    "The event names no broker intermediary; record the outcome "
                    "«follow_up» or ask the organisers to name one."
                )
            )
        offers, demands = await self.events.listings_of([requester.id, target.id])
        supplier, recipient = (
            (target, requester)
            if offers[target.id] or demands[requester.id]
            else (requester, target)
        )
        names = []
        for side in (supplier, recipient):
            organization = await self.session.get(Organization, side.organization_id)
            assert organization is not None
            names.append(organization.name)
        data = DealCreate(
            title=f"{event.title}: {names[0]} – {names[1]}"[:300],
            supplier_id=supplier.organization_id,
            recipient_id=recipient.organization_id,
            offer_id=offers[supplier.id][0].id if offers[supplier.id] else None,
            demand_id=demands[recipient.id][0].id if demands[recipient.id] else None,
        )
        deal = await open_sourced_deal(
            self.session, data, event.broker_organization_id, event_id=event.id
        )
        return deal.id
