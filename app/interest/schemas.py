from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.errors import InvalidValue
from app.core.i18n import N_
from app.core.validation import Input
from app.models.vocabulary import InterestStatus, OrganizationType


def _stripped(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class InterestCreate(Input):
    model_config = ConfigDict(extra="forbid")

    intended_use: str = Field(
        min_length=10,
        max_length=4000,
        description="What your organisation wants to do with the technology",
    )
    capacity: str | None = Field(
        default=None, max_length=4000, description="Your capacity: staff, plant, funds, timeline"
    )
    questions: str | None = Field(default=None, max_length=4000)

    @field_validator("intended_use")
    @classmethod
    def _intended_use_has_words(cls, value: str) -> str:
        value = value.strip()
        if len(value) < 10:
            raise InvalidValue(
                N_("say in a sentence or two what you want to do with the technology")
            )
        return value

    _strip = field_validator("capacity", "questions")(_stripped)


class DecisionBody(Input):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2000)

    _strip = field_validator("reason")(_stripped)


class OrganizationCard(BaseModel):
    id: int
    name: str
    type: OrganizationType
    country: str


class ContactDetails(BaseModel):
    name: str | None
    email: str | None
    phone: str | None


class ListingRef(BaseModel):
    type: Literal["offer", "demand"]
    id: int
    title: str


class InterestRead(BaseModel):
    id: int
    listing: ListingRef
    requester: OrganizationCard
    intended_use: str
    capacity: str | None
    questions: str | None
    status: InterestStatus
    decision_reason: str | None
    decided_at: datetime | None
    created_at: datetime
    owner: OrganizationCard | None = Field(
        description="The listing's owner; None while an anonymous owner has not accepted"
    )
    owner_contact: ContactDetails | None = Field(
        description="How to reach the owner; None while an anonymous owner has not accepted"
    )
    requester_contact: ContactDetails | None = Field(
        default=None,
        description="How to reach the requester: for the listing's owner once it accepted",
    )
