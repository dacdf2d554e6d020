from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from app.core.errors import InvalidValue
from app.core.i18n import N_, lazy_number
from app.core.text import normalize_spaces
from app.core.validation import Id, Input, check_heading
from app.models.vocabulary import (
    IPType,
    OrganizationType,
    Ownership,
    TransactionCategory,
    TransactionDirection,
    TransactionDocumentKind,
    TransactionStatus,
    TransactionVerification,
    TransferForm,
    TransferMethod,
    TransferRight,
)
from app.reference.fields import is_field_code


def _field_code(value: str) -> str:
    if not is_field_code(value):
        raise InvalidValue(
            N_(
                "'%(value)s' is not an S&T field code (QĐ 12/2008); see GET "
                "/api/v1/reference/fields"
            ),
            value=value,
        )
    return value


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidValue(N_("currency is an ISO 4217 code such as VND, USD, JPY"))
    return code


FieldCode = Annotated[str, AfterValidator(_field_code)]
Currency = Annotated[str, AfterValidator(_currency)]
Subject = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=300),
    AfterValidator(normalize_spaces),
    AfterValidator(check_heading),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=2000)]
DocumentNo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
MAX_VND = 10**17
Money = Annotated[int, Field(ge=0, le=MAX_VND, description="Integer đồng")]


class ContractTerms(Input):
    """What the contract is about; shared by creation and corrections."""

    subject: Subject | None = None
    category: TransactionCategory | None = None
    ip_type: IPType | None = None
    transfer_right: TransferRight | None = None
    transfer_form: TransferForm | None = None
    transfer_methods: list[TransferMethod] | None = None
    field_code: FieldCode | None = None
    uses_state_funds: bool | None = None
    registration_certificate_no: DocumentNo | None = None
    registration_certificate_on: date | None = None
    ip_recordal_no: DocumentNo | None = None
    ip_recordal_on: date | None = None


class TransactionCreate(ContractTerms):
    model_config = ConfigDict(extra="forbid")

    subject: Subject
    supplier_id: Id
    recipient_id: Id
    intermediary_id: Id | None = None
    category: TransactionCategory
    signed_on: date
    status: TransactionStatus = TransactionStatus.signed
    value_vnd: Money | None = Field(
        None, description="Required for VND contracts; computed from amount × rate otherwise"
    )
    currency: Currency = "VND"
    original_amount: Annotated[Decimal, Field(gt=0, max_digits=20, decimal_places=2)] | None = None
    exchange_rate: Annotated[Decimal, Field(gt=0, max_digits=20, decimal_places=6)] | None = None
    direction: TransactionDirection | None = Field(
        None, description="Derived from the parties' countries when absent"
    )
    direction_override_reason: Reason | None = None
    offer_id: Id | None = None
    demand_id: Id | None = None
    deal_id: Id | None = None

    @model_validator(mode="after")
    def check_money(self) -> Self:
        if self.currency == "VND":
            if self.value_vnd is None:
                raise InvalidValue(N_("value_vnd (integer đồng) is required for a contract in VND"))
            if self.original_amount is not None or self.exchange_rate is not None:
                raise InvalidValue(
                    N_("original_amount and exchange_rate are for foreign currencies")
                )
        elif self.original_amount is None or self.exchange_rate is None:
            raise InvalidValue(
                N_(
                    "a contract in %(currency)s needs original_amount and "
                    "exchange_rate (đồng per unit) so its value in VND can be checked"
                ),
                currency=self.currency,
            )
        elif self.original_amount * self.exchange_rate > MAX_VND:
            raise InvalidValue(
                N_(
                    "original_amount × exchange_rate exceeds the largest value a "
                    "contract may have (%(MAX_VND)s đồng); check the amount and the "
                    "rate"
                ),
                MAX_VND=lazy_number(MAX_VND),
            )
        return self

    @model_validator(mode="after")
    def check_parties(self) -> Self:
        if self.supplier_id == self.recipient_id:
            raise InvalidValue(N_("supplier and recipient must be different organisations"))
        return self


class TransactionUpdate(ContractTerms):
    """PATCH: only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    status: TransactionStatus | None = None
    signed_on: date | None = None
    value_vnd: Money | None = None
    direction: TransactionDirection | None = None
    direction_override_reason: Reason | None = None


class VerificationBody(Input):
    model_config = ConfigDict(extra="forbid")

    verified: bool = True


class ExclusionBody(Input):
    model_config = ConfigDict(extra="forbid")

    excluded: bool = True
    reason: Reason | None = None

    @model_validator(mode="after")
    def exclusion_needs_reason(self) -> Self:
        if self.excluded and not self.reason:
            raise InvalidValue(N_("say why the transaction is left out of the statistics (reason)"))
        return self


class TransactionRead(BaseModel):
    """A transaction as its viewer may see it: value fields are null for those who may not
    see contract values (value_visible says which)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    subject: str
    supplier_id: int
    recipient_id: int
    intermediary_id: int | None
    supplier_type: OrganizationType
    supplier_country: str
    supplier_ownership: Ownership | None
    recipient_type: OrganizationType
    recipient_country: str
    recipient_ownership: Ownership | None
    category: TransactionCategory
    ip_type: IPType | None
    transfer_right: TransferRight | None
    transfer_form: TransferForm | None
    transfer_methods: list[TransferMethod]
    field_code: str | None
    direction: TransactionDirection
    direction_override_reason: str | None
    status: TransactionStatus
    signed_on: date
    value_visible: bool
    value_vnd: int | None
    currency: str | None
    original_amount: Decimal | None
    exchange_rate: Decimal | None
    uses_state_funds: bool
    requires_registration: bool
    registration_deadline: date | None
    registration_overdue: bool
    registration_certificate_no: str | None
    registration_certificate_on: date | None
    ip_recordal_no: str | None
    ip_recordal_on: date | None
    verification: TransactionVerification
    verified_at: datetime | None
    verified_by_id: int | None
    excluded_from_statistics: bool
    exclusion_reason: str | None
    excluded_at: datetime | None
    excluded_by_id: int | None
    offer_id: int | None
    demand_id: int | None
    deal_id: int | None
    created_at: datetime
    updated_at: datetime


class PriceBenchmark(BaseModel):
    """A price range that discloses no single contract: quartiles rounded to two
    significant figures, only where enough distinct parties stand behind them and no party
    holds most of their value."""

    field_code: str
    category: TransactionCategory
    transactions: int
    lower_quartile_vnd: int
    median_vnd: int
    upper_quartile_vnd: int


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    transaction_id: int
    kind: TransactionDocumentKind
    title: str
    number: str | None
    issued_on: date | None
    filename: str
    content_type: str
    size_bytes: int
    created_at: datetime


class TransactionEventRead(BaseModel):
    at: datetime
    actor_id: int | None
    action: str = Field(
        description="recorded, corrected, cancelled, verified, verification_withdrawn, "
        "excluded, included, document_added"
    )
    changes: dict[str, Any] = Field(
        description="{field: [old, new]} or the action's details; value fields null for "
        "those who may not see contract values"
    )
