from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.core.validation import Input, check_heading
from app.models.vocabulary import (
    DealStage,
    IPType,
    TransactionCategory,
    TransferForm,
    TransferMethod,
    TransferRight,
)
from app.transaction.schemas import FieldCode

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=300),
    AfterValidator(check_heading),
]
Money = Annotated[int, Field(ge=0, le=10**17, description="Integer đồng")]


class DealCreate(Input):
    model_config = ConfigDict(extra="forbid")

    title: Title
    supplier_id: int
    recipient_id: int
    offer_id: int | None = Field(None, description="An offer of the supplier")
    demand_id: int | None = Field(None, description="A demand of the recipient")


class StageChange(Input):
    model_config = ConfigDict(extra="forbid")

    stage: DealStage
    reason: Text | None = Field(None, description="Required for closed_lost")
    signed_on: date | None = Field(None, description="Required for contract_signed")
    value_vnd: Money | None = Field(None, description="Required for contract_signed")
    category: TransactionCategory | None = Field(
        None, description="Required for contract_signed: what the contract transfers"
    )
    transfer_methods: list[TransferMethod] = Field(
        default_factory=list, description="What was agreed: documents, training, experts ..."
    )
    # The register entry drafted at contract_signed takes these from the offer (or the
    # demand) when they are not given here; the broker completes the draft afterwards.
    field_code: FieldCode | None = None
    ip_type: IPType | None = None
    transfer_right: TransferRight | None = None
    transfer_form: TransferForm | None = None


class TaskCreate(Input):
    model_config = ConfigDict(extra="forbid")

    title: Title
    due_on: date
    assignee_id: int | None = Field(None, description="A broker of the deal's organisation")


class TaskUpdate(Input):
    model_config = ConfigDict(extra="forbid")

    done: bool


class NoteCreate(Input):
    model_config = ConfigDict(extra="forbid")

    body: Text


class ValuationRequest(Input):
    model_config = ConfigDict(extra="forbid")

    purpose: Text = Field(description="Why a valuation is needed (định giá): price, capital...")


class ValuationAnswer(Input):
    model_config = ConfigDict(extra="forbid")

    value_vnd: Money
    note: Text | None = None


class CheckinAnswer(Input):
    model_config = ConfigDict(extra="forbid")

    delivered: dict[TransferMethod, bool] = Field(
        min_length=1, description="For each agreed method: did it happen?"
    )
    comment: Text | None = None


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    due_on: date
    assignee_id: int | None
    done_at: datetime | None
    reminded_at: datetime | None


class NoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    author_id: int | None
    body: str
    created_at: datetime


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_id: int | None
    action: str
    changes: dict[str, Any]


class CheckinRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    days_after_signing: int
    due_on: date
    answered_at: datetime | None
    delivered: dict[str, bool]
    comment: str | None


class DealRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    stage: DealStage
    offer_id: int | None
    demand_id: int | None
    supplier_id: int
    recipient_id: int
    broker_organization_id: int
    lost_reason: str | None
    signed_on: date | None
    value_vnd: int | None
    category: TransactionCategory | None
    transfer_methods: list[str]
    transaction_id: int | None
    valuation_requested_at: datetime | None
    valuation_purpose: str | None
    valuation_value_vnd: int | None
    valuation_note: str | None
    created_at: datetime
    updated_at: datetime


class DueTaskRead(TaskRead):
    deal_id: int
    deal_title: str
    overdue: bool = Field(description="Due before today (otherwise due today)")
