from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from app.core.errors import InvalidValue
from app.core.i18n import N_
from app.listing.attachment_endpoints import AttachmentRead
from app.models.vocabulary import ChallengeStatus, ProposalStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Money = Annotated[int, Field(ge=0, le=10**17, description="Integer đồng")]


class CriterionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Title
    weight: int = Field(ge=1, le=100, description="Percent of the total score")


class ChallengeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    title_en: Title | None = None
    problem: Text
    problem_en: Text | None = None
    expected_result: Text | None = None
    field_code: str | None = None
    deadline: AwareDatetime
    reward_vnd: Money | None = None
    reward_confidential: bool = False
    criteria: list[CriterionCreate] = Field(min_length=1, max_length=10)
    panel_user_ids: list[int] = Field(
        default_factory=list, max_length=20, description="Accounts that score the proposals"
    )
    broker_organization_id: int | None = Field(
        None, description="The intermediary that brokers the deal with the winner"
    )

    @field_validator("criteria")
    @classmethod
    def _weights_add_up(cls, criteria: list[CriterionCreate]) -> list[CriterionCreate]:
        if sum(criterion.weight for criterion in criteria) != 100:
            raise InvalidValue(N_("the criteria's weights must add up to 100"))
        return criteria


class CriterionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    weight: int


class ChallengeRead(BaseModel):
    id: int
    organization_id: int
    organization_name: str
    title: str
    title_en: str | None
    problem: str
    problem_en: str | None
    expected_result: str | None
    field_code: str | None
    deadline: datetime
    status: ChallengeStatus
    reward_vnd: int | None = Field(description="None when confidential and you may not see it")
    reward_confidential: bool
    criteria: list[CriterionRead]
    proposals: int | None = Field(description="For the challenger, the panel, the department")
    screening_hits: list[dict[str, object]] | None = Field(
        description="For the challenger and the department only"
    )
    deal_id: int | None


class ReviewDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool
    note: Note | None = None


class ProposalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    approach: Text
    price_vnd: Money | None = None


class ScoreRead(BaseModel):
    criterion_id: int
    panelist_id: int
    score: int
    comment: str | None


class ProposalRead(BaseModel):
    id: int
    challenge_id: int
    organization_id: int
    organization_name: str
    title: str
    approach: str
    price_vnd: int | None
    status: ProposalStatus
    created_at: datetime
    attachments: list[AttachmentRead]
    scores: list[ScoreRead] = Field(description="For the challenger, the panel, the department")
    total: float | None = Field(
        description="Weighted mean of the panel's scores, out of 10; None until scored"
    )


class ScoreItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criterion_id: int
    score: int = Field(ge=0, le=10)
    comment: Note | None = None


class ScoreSheet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scores: list[ScoreItem] = Field(min_length=1, max_length=10)


class AwardBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    proposal_id: int
    broker_organization_id: int | None = Field(
        None, description="The intermediary for the deal; the challenge's own when not given"
    )
