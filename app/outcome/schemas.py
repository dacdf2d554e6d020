from __future__ import annotations

from pydantic import BaseModel, Field


class EventOutcome(BaseModel):
    event_id: int
    title: str
    held: bool = Field(description="The event has ended")
    participants: int = Field(description="Approved registrations")
    checked_in: int
    meetings_requested: int
    meetings_scheduled: int
    meetings_held: int
    interests: int = Field(description="Meetings ending in a follow-up or a deal")
    deals: int
    transactions: int = Field(description="Transactions recorded from those deals")


class ChallengeOutcome(BaseModel):
    challenge_id: int
    title: str
    proposals: int
    awarded: bool
    deals: int
    transactions: int


class Totals(BaseModel):
    events_held: int
    participants: int
    meetings_requested: int
    meetings_scheduled: int
    meetings_held: int
    interests: int
    challenges_published: int
    proposals: int
    challenges_awarded: int
    deals: int
    transactions: int


class OutcomeReport(BaseModel):
    totals: Totals
    events: list[EventOutcome]
    challenges: list[ChallengeOutcome]
