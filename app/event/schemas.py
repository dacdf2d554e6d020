from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.core.errors import InvalidValue
from app.core.i18n import N_
from app.models.vocabulary import (
    EventFormat,
    EventKind,
    EventStatus,
    MeetingOutcome,
    MeetingRequestStatus,
    ParticipantRole,
    ParticipantStatus,
)

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    meetings: bool = Field(True, description="B2B meetings take place in this session")

    @model_validator(mode="after")
    def _ends_after_start(self) -> SessionCreate:
        if self.ends_at <= self.starts_at:
            raise InvalidValue(N_("a session ends after it starts (ends_at > starts_at)"))
        return self


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: EventKind
    format: EventFormat
    title: Title
    title_en: Title | None = None
    description: Text
    description_en: Text | None = None
    commune_code: str | None = Field(
        None, description="Offline and hybrid: the commune or ward of the venue (reference data)"
    )
    venue: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    online_url: (
        Annotated[str, StringConstraints(pattern=r"^https://\S+$", max_length=500)] | None
    ) = None
    registration_deadline: AwareDatetime
    capacity: int = Field(ge=1, le=100_000)
    field_codes: list[str] = Field(default_factory=list, max_length=20)
    slot_minutes: int = Field(20, ge=5, le=120)
    tables: int = Field(10, ge=1, le=500)
    broker_organization_id: int | None = Field(
        None, description="The intermediary that brokers the deals opened at the event"
    )
    sessions: list[SessionCreate] = Field(min_length=1, max_length=50)


class SessionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    meetings: bool


class OrganizationCard(BaseModel):
    id: int
    name: str
    type: str


class EventRead(BaseModel):
    id: int
    kind: EventKind
    format: EventFormat
    status: EventStatus
    title: str
    title_en: str | None
    description: str
    description_en: str | None
    commune_code: str | None
    commune_name: str | None
    venue: str | None
    online_url: str | None
    starts_at: datetime
    ends_at: datetime
    registration_deadline: datetime
    capacity: int
    registered: int
    field_codes: list[str]
    slot_minutes: int
    tables: int
    organizer: OrganizationCard
    broker_organization_id: int | None
    sessions: list[SessionRead]


class ParticipantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: ParticipantRole
    offer_ids: list[int] = Field(default_factory=list, max_length=20)
    demand_ids: list[int] = Field(default_factory=list, max_length=20)
    available_session_ids: list[int] = Field(
        default_factory=list, description="Sessions you can meet in; empty means all of them"
    )


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool


class ListingCard(BaseModel):
    type: str
    id: int
    title: str


class ParticipantRead(BaseModel):
    id: int
    event_id: int
    organization: OrganizationCard
    role: ParticipantRole
    status: ParticipantStatus
    listings: list[ListingCard]
    available_session_ids: list[int]
    checked_in_at: datetime | None


class Suggestion(BaseModel):
    participant: ParticipantRead
    score: float = Field(description="The matcher's best score over both sides' listings (0-1)")
    reasons: list[str]


class MeetingRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target_participant_id: int
    message: Note | None = None
    suggested: bool = Field(False, description="Taken from the suggestions")


class MeetingRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: int
    requester_id: int
    target_id: int
    message: str | None
    match_score: float
    suggested: bool
    status: MeetingRequestStatus
    created_at: datetime


class MeetingRead(BaseModel):
    id: int
    event_id: int
    request_id: int
    session_id: int
    starts_at: datetime
    ends_at: datetime
    table_number: int
    requester: OrganizationCard
    target: OrganizationCard
    held_at: datetime | None
    outcome: MeetingOutcome | None
    outcome_note: str | None
    deal_id: int | None


class ScheduleRead(BaseModel):
    meetings: list[MeetingRead]
    unscheduled: int = Field(description="Requests left without a slot")
    optimal: bool = Field(description="The solver proved no better schedule exists")


class OutcomeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: MeetingOutcome
    note: Note | None = None
