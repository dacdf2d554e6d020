"""Events, participants, B2B meetings: /events..., names fixed for integrators."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.auth.dependencies import CurrentUser, OptionalUser
from app.core.clock import utcnow
from app.core.db import SessionDep
from app.core.pagination import Page, PageDep
from app.event import calendar
from app.event.meetings import MeetingService
from app.event.repository import EventRepository
from app.event.schemas import (
    Decision,
    EventCreate,
    EventRead,
    MeetingRead,
    MeetingRequestCreate,
    MeetingRequestRead,
    OutcomeCreate,
    ParticipantCreate,
    ParticipantRead,
    ScheduleRead,
    Suggestion,
)
from app.event.service import EventService, place_of

router = APIRouter(prefix="/events", tags=["events"])
ICS = "text/calendar; charset=utf-8"


@router.get("", response_model=Page[EventRead], summary="Published events, soonest first")
async def list_events(
    session: SessionDep,
    page: PageDep,
    starts_from: Annotated[datetime | None, Query(alias="from")] = None,
    starts_to: Annotated[datetime | None, Query(alias="to")] = None,
) -> Page[EventRead]:
    rows, total = await EventRepository(session).list_published(page, starts_from, starts_to)
    service = EventService(session)
    return Page.of([await service.present(row) for row in rows], total, page)


@router.post(
    "",
    response_model=EventRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an event (the department or a verified intermediary)",
)
async def create_event(body: EventCreate, user: CurrentUser, session: SessionDep) -> EventRead:
    service = EventService(session)
    return await service.present(await service.create(body, user))


@router.get(
    "/calendar.ics",
    summary="iCalendar feed of the published events (from 30 days ago on)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def events_feed(session: SessionDep) -> Response:
    events = await EventRepository(session).all_published(utcnow() - timedelta(days=30))
    places = {event.id: place for event in events if (place := place_of(event))}
    return Response(calendar.events_feed(events, places), media_type=ICS)


@router.get("/{event_id}", response_model=EventRead, summary="One event")
async def read_event(event_id: int, session: SessionDep, user: OptionalUser) -> EventRead:
    service = EventService(session)
    return await service.present(await service.get(event_id, user))


@router.get(
    "/{event_id}/participants",
    response_model=list[ParticipantRead],
    summary="The catalogue: approved exhibitors and visitors with their listings "
    "(the organiser also sees pending ones)",
)
async def list_participants(
    event_id: int, session: SessionDep, user: OptionalUser
) -> list[ParticipantRead]:
    service = EventService(session)
    event = await service.get(event_id, user)
    return await service.present_participants(await service.visible_participants(event, user))


@router.post(
    "/{event_id}/participants",
    response_model=ParticipantRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register your organisation: exhibitor (with offers) or visitor (with demands)",
)
async def register(
    event_id: int, body: ParticipantCreate, user: CurrentUser, session: SessionDep
) -> ParticipantRead:
    service = EventService(session)
    [read] = await service.present_participants([await service.register(event_id, body, user)])
    return read


@router.post(
    "/{event_id}/participants/{participant_id}/approval",
    response_model=ParticipantRead,
    summary="Approve or decline a registration (organiser)",
)
async def decide(
    event_id: int, participant_id: int, body: Decision, user: CurrentUser, session: SessionDep
) -> ParticipantRead:
    service = EventService(session)
    participant = await service.decide(event_id, participant_id, body.approve, user)
    [read] = await service.present_participants([participant])
    return read


@router.post(
    "/{event_id}/participants/{participant_id}/check-in",
    response_model=ParticipantRead,
    summary="Check a participant in at the venue (organiser)",
)
async def check_in_participant(
    event_id: int, participant_id: int, user: CurrentUser, session: SessionDep
) -> ParticipantRead:
    service = EventService(session)
    [read] = await service.present_participants(
        [await service.check_in(event_id, participant_id, user)]
    )
    return read


@router.get(
    "/{event_id}/suggestions",
    response_model=list[Suggestion],
    summary="Participants worth meeting, by the matcher over both sides' listings",
)
async def suggestions(event_id: int, user: CurrentUser, session: SessionDep) -> list[Suggestion]:
    return await EventService(session).suggestions(event_id, user)


@router.get(
    "/{event_id}/meeting-requests",
    response_model=list[MeetingRequestRead],
    summary="Meeting requests your organisation sent or received (organiser: all)",
)
async def list_requests(
    event_id: int, user: CurrentUser, session: SessionDep
) -> list[MeetingRequestRead]:
    rows = await MeetingService(session).requests_for(event_id, user)
    return [MeetingRequestRead.model_validate(row) for row in rows]


@router.post(
    "/{event_id}/meeting-requests",
    response_model=MeetingRequestRead,
    status_code=status.HTTP_201_CREATED,
    summary="Ask another participant for a B2B meeting",
)
async def request_meeting(
    event_id: int, body: MeetingRequestCreate, user: CurrentUser, session: SessionDep
) -> MeetingRequestRead:
    return MeetingRequestRead.model_validate(
        await MeetingService(session).request(event_id, body, user)
    )


@router.post(
    "/{event_id}/meeting-requests/{request_id}/answer",
    response_model=MeetingRequestRead,
    summary="Accept or decline a meeting request (the invited side)",
)
async def answer_request(
    event_id: int, request_id: int, body: Decision, user: CurrentUser, session: SessionDep
) -> MeetingRequestRead:
    request = await MeetingService(session).answer(event_id, request_id, body.approve, user)
    return MeetingRequestRead.model_validate(request)


@router.post(
    "/{event_id}/schedule",
    response_model=ScheduleRead,
    summary="Build or rebuild the schedule (organiser); held meetings stay in place",
)
async def build_schedule(event_id: int, user: CurrentUser, session: SessionDep) -> ScheduleRead:
    service = MeetingService(session)
    meetings, unscheduled, optimal = await service.build_schedule(event_id, user)
    return ScheduleRead(
        meetings=await service.present(meetings), unscheduled=unscheduled, optimal=optimal
    )


@router.get(
    "/{event_id}/meetings",
    response_model=list[MeetingRead],
    summary="Scheduled meetings: your agenda (organiser: all)",
)
async def list_meetings(event_id: int, user: CurrentUser, session: SessionDep) -> list[MeetingRead]:
    service = MeetingService(session)
    return await service.present(await service.meetings_for(event_id, user))


@router.get(
    "/{event_id}/agenda.ics",
    summary="Your organisation's meetings as an iCalendar file",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def agenda_file(event_id: int, user: CurrentUser, session: SessionDep) -> Response:
    service = MeetingService(session)
    event = await service.event_service.get(event_id, user)
    mine = await service.event_service.my_participant(event, user)
    meetings = await service.present(await service.meetings_for(event_id, user))
    return Response(
        calendar.agenda(event, meetings, mine.organization_id),
        media_type=ICS,
        headers={"Content-Disposition": f'attachment; filename="agenda-{event_id}.ics"'},
    )


@router.post(
    "/{event_id}/meetings/{meeting_id}/check-in",
    response_model=MeetingRead,
    summary="Mark the meeting held (either side or the organiser)",
)
async def check_in_meeting(
    event_id: int, meeting_id: int, user: CurrentUser, session: SessionDep
) -> MeetingRead:
    service = MeetingService(session)
    [read] = await service.present([await service.check_in(event_id, meeting_id, user)])
    return read


@router.post(
    "/{event_id}/meetings/{meeting_id}/outcome",
    response_model=MeetingRead,
    summary="Record the outcome: no_interest, follow_up, or deal (opens a deal for the broker)",
)
async def record_outcome(
    event_id: int, meeting_id: int, body: OutcomeCreate, user: CurrentUser, session: SessionDep
) -> MeetingRead:
    service = MeetingService(session)
    [read] = await service.present([await service.record_outcome(event_id, meeting_id, body, user)])
    return read
