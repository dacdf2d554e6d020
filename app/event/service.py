"""Events and their participants: creation by the department or an intermediary, registration
of exhibitors (with offers) and visitors (with demands), the organiser's approval, check-in,
and meeting suggestions from the matcher over the participants' listings."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.i18n import N_, written
from app.event.auth import is_organiser, is_participant_member, may_create_events
from app.event.repository import EventRepository
from app.event.schemas import (
    EventCreate,
    EventRead,
    ListingCard,
    OrganizationCard,
    ParticipantCreate,
    ParticipantRead,
    SessionRead,
    Suggestion,
)
from app.listing.auth import is_public
from app.matching.scoring import score_pair
from app.models import (
    Demand,
    Event,
    EventParticipant,
    EventParticipantListing,
    EventSession,
    Offer,
    Organization,
    User,
)
from app.models.vocabulary import (
    EventFormat,
    EventStatus,
    NotificationKind,
    OrganizationType,
    ParticipantRole,
    ParticipantStatus,
    VerificationStatus,
)
from app.notification.service import NOTIFICATION_LOCALE, notify
from app.reference.communes import load_communes
from app.reference.fields import is_field_code

MAX_SUGGESTIONS = 10


def card(organization: Organization) -> OrganizationCard:
    return OrganizationCard(id=organization.id, name=organization.name, type=organization.type)


def place_of(event: Event) -> str | None:
    """The venue and its commune, as a postal line."""
    commune = load_communes().get(event.commune_code or "")
    parts = [part for part in (event.venue, commune.name if commune else None) if part]
    return ", ".join(parts) or None


class EventService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.events = EventRepository(session)

    # --- events ----------------------------------------------------------------------------

    async def create(self, data: EventCreate, user: User) -> Event:
        organizer = await self._organization_of(user)
        if not may_create_events(user, organizer) or organizer is None:
            raise Forbidden(N_("Events are created by the department or a verified intermediary."))
        self._check_place(data)
        for code in data.field_codes:
            if not is_field_code(code):
                raise Invalid(N_("field_codes: «%(code)s» is not an S&T field code."), code=code)
        broker_id = await self._broker_id(data.broker_organization_id, organizer)
        sessions = sorted(data.sessions, key=lambda s: s.starts_at)
        meeting_sessions = [s for s in sessions if s.meetings]
        for earlier, later in pairwise(meeting_sessions):
            # Slots of overlapping sessions would let one person sit at two tables at once.
            if later.starts_at < earlier.ends_at:
                raise Invalid(
                    N_("sessions: the B2B sessions «%(title)s» and «%(title2)s» overlap."),
                    title=earlier.title,
                    title2=later.title,
                )
        if data.registration_deadline > sessions[0].starts_at:
            raise Invalid(
                N_("registration_deadline: registration must close before the first session.")
            )
        event = Event(
            **data.model_dump(exclude={"sessions", "broker_organization_id"}),
            starts_at=sessions[0].starts_at,
            ends_at=max(s.ends_at for s in sessions),
            organizer_organization_id=organizer.id,
            broker_organization_id=broker_id,
            created_by_id=user.id,
            status=EventStatus.published,
        )
        self.session.add(event)
        await self.session.flush()
        for item in sessions:
            self.session.add(EventSession(event_id=event.id, **item.model_dump()))
        await self.session.flush()
        return event

    def _check_place(self, data: EventCreate) -> None:
        in_person = data.format in (EventFormat.offline, EventFormat.hybrid)
        if in_person and (data.commune_code is None or data.commune_code not in load_communes()):
            raise Invalid(
                N_(
                    "commune_code: an event in person needs the commune or ward "
                    "where it is held (see /api/v1/reference/communes)."
                )
            )
        if not in_person and data.commune_code is not None:
            raise Invalid(N_("commune_code: an online event has no place."))
        if data.format in (EventFormat.online, EventFormat.hybrid) and data.online_url is None:
            raise Invalid(N_("online_url: an online event needs an https:// link."))

    async def _organization_of(self, user: User) -> Organization | None:
        if user.organization_id is None:
            return None
        return await self.session.get(Organization, user.organization_id)

    async def _broker_id(self, broker_id: int | None, organizer: Organization) -> int | None:
        if broker_id is None:
            return organizer.id if organizer.type is OrganizationType.intermediary else None
        broker = await self.session.get(Organization, broker_id)
        if broker is None or broker.type is not OrganizationType.intermediary:
            raise Invalid(N_("broker_organization_id: an intermediary organisation is needed."))
        return broker.id

    async def get(self, event_id: int, user: User | None = None) -> Event:
        event = await self.session.get(Event, event_id)
        if event is None or (
            event.status is not EventStatus.published and not is_organiser(user, event)
        ):
            raise NotFound(
                N_("Event %(event_id)s does not exist."),
                event_id=event_id,
            )
        return event

    async def get_run(self, event_id: int, user: User) -> Event:
        event = await self.get(event_id, user)
        if not is_organiser(user, event):
            raise Forbidden(N_("Only the event's organisers may do this."))
        return event

    async def present(self, event: Event) -> EventRead:
        organizer = await self.session.get(Organization, event.organizer_organization_id)
        assert organizer is not None  # RESTRICT foreign key
        commune = load_communes().get(event.commune_code or "")
        sessions = await self.events.sessions(event.id)
        return EventRead(
            id=event.id,
            kind=event.kind,
            format=event.format,
            status=event.status,
            title=event.title,
            title_en=event.title_en,
            description=event.description,
            description_en=event.description_en,
            commune_code=event.commune_code,
            commune_name=commune.name if commune else None,
            venue=event.venue,
            online_url=event.online_url,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            registration_deadline=event.registration_deadline,
            capacity=event.capacity,
            registered=await self.events.registered_count(event.id),
            field_codes=event.field_codes,
            slot_minutes=event.slot_minutes,
            tables=event.tables,
            organizer=card(organizer),
            broker_organization_id=event.broker_organization_id,
            sessions=[SessionRead.model_validate(s) for s in sessions],
        )

    # --- participants ----------------------------------------------------------------------

    async def register(
        self, event_id: int, data: ParticipantCreate, user: User
    ) -> EventParticipant:
        event = await self.get(event_id, user)
        organization = await self._organization_of(user)
        if (
            organization is None
            or organization.verification_status is not VerificationStatus.verified
        ):
            raise Forbidden(
                N_("Your organisation must be verified by the department before it registers.")
            )
        if utcnow() > event.registration_deadline:
            raise Conflict(N_("Registration for this event is closed."))
        if await self.events.participant_of(event.id, organization.id):
            raise Conflict(N_("Your organisation is already registered for this event."))
        if await self.events.registered_count(event.id) >= event.capacity:
            raise Conflict(N_("The event is full."))
        await self._check_sessions(event, data.available_session_ids)
        offers = await self._own_public(Offer, data.offer_ids, organization, "offer_ids")
        demands = await self._own_public(Demand, data.demand_ids, organization, "demand_ids")
        if data.role is ParticipantRole.exhibitor and not offers:
            raise Invalid(N_("offer_ids: an exhibitor presents at least one technology offer."))
        participant = EventParticipant(
            event_id=event.id,
            organization_id=organization.id,
            role=data.role,
            # Exhibitors take a stand: the organiser approves them; visitors come in at once.
            status=ParticipantStatus.pending
            if data.role is ParticipantRole.exhibitor
            else ParticipantStatus.approved,
            available_session_ids=sorted(set(data.available_session_ids)),
            registered_by_id=user.id,
        )
        self.session.add(participant)
        await self.session.flush()
        for offer in offers:
            self.session.add(
                EventParticipantListing(participant_id=participant.id, offer_id=offer.id)
            )
        for demand in demands:
            self.session.add(
                EventParticipantListing(participant_id=participant.id, demand_id=demand.id)
            )
        await self.session.flush()
        if participant.status is ParticipantStatus.pending:
            await notify(
                self.session,
                kind=NotificationKind.event_registration,
                organization_id=event.organizer_organization_id,
                title=f"Đăng ký trưng bày chờ duyệt: {organization.name}",
                body=f"{organization.name} đăng ký trưng bày tại «{event.title}».",
                link=f"/api/v1/events/{event.id}/participants",
            )
        return participant

    async def _check_sessions(self, event: Event, session_ids: Sequence[int]) -> None:
        known = {s.id for s in await self.events.sessions(event.id)}
        unknown = sorted(set(session_ids) - known)
        if unknown:
            raise Invalid(
                N_("available_session_ids: sessions %(unknown)s are not part of this event."),
                unknown=unknown,
            )

    async def _own_public(
        self,
        model: type[Offer] | type[Demand],
        ids: Sequence[int],
        organization: Organization,
        field: str,
    ) -> list[Offer] | list[Demand]:
        listings = []
        now = utcnow()
        for listing_id in dict.fromkeys(ids):
            listing: Offer | Demand | None = await self.session.get(model, listing_id)
            if listing is None or listing.organization_id != organization.id:
                raise Invalid(
                    N_("%(field)s: listing %(listing_id)s is not your organisation's."),
                    field=field,
                    listing_id=listing_id,
                )
            if not is_public(listing, now):
                raise Invalid(
                    N_("%(field)s: listing %(listing_id)s is not published."),
                    field=field,
                    listing_id=listing_id,
                )
            listings.append(listing)
        return listings  # type: ignore[return-value]

    async def get_participant(self, event: Event, participant_id: int) -> EventParticipant:
        participant = await self.session.get(EventParticipant, participant_id)
        if participant is None or participant.event_id != event.id:
            raise NotFound(
                N_("Participant %(participant_id)s is not part of this event."),
                participant_id=participant_id,
            )
        return participant

    async def decide(
        self, event_id: int, participant_id: int, approve: bool, user: User
    ) -> EventParticipant:
        event = await self.get_run(event_id, user)
        participant = await self.get_participant(event, participant_id)
        participant.status = ParticipantStatus.approved if approve else ParticipantStatus.rejected
        await self.session.flush()
        await notify(
            self.session,
            kind=NotificationKind.event_registration,
            organization_id=participant.organization_id,
            title=written(
                N_("Registration at «%(event)s» approved")
                if approve
                else N_("Registration at «%(event)s» declined"),
                NOTIFICATION_LOCALE,
                event=event.title,
            ),
            body=written(
                N_("Your registration was approved.")
                if approve
                else N_("Your registration was declined."),
                NOTIFICATION_LOCALE,
            ),
            link=f"/api/v1/events/{event.id}",
        )
        return participant

    async def check_in(self, event_id: int, participant_id: int, user: User) -> EventParticipant:
        event = await self.get_run(event_id, user)
        participant = await self.get_participant(event, participant_id)
        if participant.status is not ParticipantStatus.approved:
            raise Conflict(N_("Only approved participants can check in."))
        participant.checked_in_at = participant.checked_in_at or utcnow()
        await self.session.flush()
        return participant

    async def my_participant(self, event: Event, user: User) -> EventParticipant:
        if user.organization_id is not None:
            participant = await self.events.participant_of(event.id, user.organization_id)
            if participant is not None:
                return participant
        raise Forbidden(N_("Your organisation has not registered for this event; register first."))

    async def visible_participants(self, event: Event, user: User | None) -> list[EventParticipant]:
        """The public catalogue: approved participants; the organiser also sees the others,
        and a participant sees its own registration whatever its status."""
        everyone = await self.events.participants(event.id)
        if is_organiser(user, event):
            return everyone
        return [
            p
            for p in everyone
            if p.status is ParticipantStatus.approved or is_participant_member(user, p)
        ]

    async def present_participants(
        self, participants: Sequence[EventParticipant]
    ) -> list[ParticipantRead]:
        offers, demands = await self.events.listings_of([p.id for p in participants])
        result = []
        for participant in participants:
            organization = await self.session.get(Organization, participant.organization_id)
            assert organization is not None  # CASCADE foreign key
            listings = [
                ListingCard(type="offer", id=o.id, title=o.title) for o in offers[participant.id]
            ]
            listings += [
                ListingCard(type="demand", id=d.id, title=d.title) for d in demands[participant.id]
            ]
            result.append(
                ParticipantRead(
                    id=participant.id,
                    event_id=participant.event_id,
                    organization=card(organization),
                    role=participant.role,
                    status=participant.status,
                    listings=listings,
                    available_session_ids=participant.available_session_ids,
                    checked_in_at=participant.checked_in_at,
                )
            )
        return result

    # --- suggestions -----------------------------------------------------------------------

    async def suggestions(self, event_id: int, user: User) -> list[Suggestion]:
        event = await self.get(event_id, user)
        mine = await self.my_participant(event, user)
        others = [
            p
            for p in await self.events.participants(event.id, approved_only=True)
            if p.id != mine.id
        ]
        scores = await self.match_scores(mine, others)
        ranked = sorted(
            (
                (score, reasons, p)
                for p, (score, reasons) in zip(others, scores, strict=True)
                if score > 0
            ),
            key=lambda item: item[0],
            reverse=True,
        )[:MAX_SUGGESTIONS]
        presented = await self.present_participants([p for _, _, p in ranked])
        return [
            Suggestion(participant=read, score=score, reasons=reasons)
            for (score, reasons, _), read in zip(ranked, presented, strict=True)
        ]

    async def match_scores(
        self, mine: EventParticipant, others: Sequence[EventParticipant]
    ) -> list[tuple[float, list[str]]]:
        """The matcher's best score for each other participant: my demands against its offers
        and my offers against its demands, as the public sees them (no price comparison)."""
        offers, demands = await self.events.listings_of([mine.id, *(p.id for p in others)])
        now = utcnow()
        result = []
        for other in others:
            best = 0.0
            reasons: list[str] = []
            pairs = [(o, d) for d in demands[mine.id] for o in offers[other.id]]
            pairs += [(o, d) for o in offers[mine.id] for d in demands[other.id]]
            for offer, demand in pairs:
                candidate = offer if offer in offers[other.id] else demand
                scored = score_pair(
                    offer, demand, now=now, candidate=candidate, may_compare_price=False
                )
                if scored.score > best:
                    best, reasons = scored.score, [reason.vi for reason in scored.reasons]
            result.append((best, reasons))
        return result
