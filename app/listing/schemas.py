"""Request and response bodies of offers and demands."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from app.core.errors import InvalidValue
from app.core.i18n import N_
from app.core.text import normalize_spaces
from app.core.validation import Input, check_heading
from app.models.vocabulary import (
    IPStatus,
    IPType,
    ListingLanguage,
    ListingStatus,
    OfferKind,
    OrganizationType,
    PriceMode,
    TransferForm,
    TransferMethod,
    TransferRight,
)
from app.reference.communes import is_commune
from app.reference.countries import normalize_country
from app.reference.fields import is_field_code


def _field_code(value: str) -> str:
    if not is_field_code(value):
        raise InvalidValue(
            N_(
                "'%(value)s' is not a code of the S&T field classification; see "
                "GET /api/v1/reference/fields"
            ),
            value=value,
        )
    return value


def _commune(value: str) -> str:
    if not is_commune(value):
        raise InvalidValue(
            N_(
                "'%(value)s' is not a commune or ward of Bắc Ninh; see GET "
                "/api/v1/reference/communes"
            ),
            value=value,
        )
    return value


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=300),
    AfterValidator(normalize_spaces),
    AfterValidator(check_heading),
]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
FieldCode = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_field_code)]
Country = Annotated[str, AfterValidator(normalize_country)]
CommuneKey = Annotated[str, AfterValidator(_commune)]
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Keywords = Annotated[list[Keyword], Field(max_length=30)]
TRL = Annotated[int, Field(ge=1, le=9)]
VND = Annotated[int, Field(ge=0, le=10**15, description="Integer VND (đồng)")]


def check_amounts(low: int | None, high: int | None, what: str) -> None:
    if low is not None and high is not None and low > high:
        raise InvalidValue(N_("%(what)s: the minimum is above the maximum; swap them"), what=what)


def check_price(mode: PriceMode, low: int | None, high: int | None) -> None:
    check_amounts(low, high, "price")
    if mode is PriceMode.fixed and low is None:
        raise InvalidValue(N_("a fixed price needs price_min_vnd (the price)"))
    if mode is PriceMode.range and (low is None or high is None):
        raise InvalidValue(N_("a price range needs price_min_vnd and price_max_vnd"))


class OfferFields(Input):
    contact_user_id: int | None = Field(
        default=None, description="The contact person: a member of the owner organisation"
    )
    language: ListingLanguage | None = None
    title_en: Title | None = None
    summary: LongText | None = None
    summary_en: LongText | None = None
    description: LongText | None = None
    advantages: LongText | None = None
    applications: LongText | None = None
    kind: OfferKind | None = None
    field_code: FieldCode | None = None
    keywords: Keywords | None = None
    trl: TRL | None = None
    ip_type: IPType | None = None
    ip_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] | None = None
    ip_status: IPStatus | None = None
    ip_expiry: date | None = None
    transfer_rights: list[TransferRight] | None = None
    transfer_forms: list[TransferForm] | None = None
    transfer_methods: list[TransferMethod] | None = None
    origin_country: Country | None = None
    price_mode: PriceMode | None = None
    price_min_vnd: VND | None = None
    price_max_vnd: VND | None = None
    price_hidden: bool | None = None
    anonymous: bool | None = None


class OfferCreate(OfferFields):
    model_config = ConfigDict(extra="forbid")

    organization_id: int | None = Field(
        default=None, description="Department and admins only: create for this organisation"
    )
    title: Title
    kind: OfferKind = OfferKind.technology

    @model_validator(mode="after")
    def consistent_price(self) -> Self:
        check_price(self.price_mode or PriceMode.negotiable, self.price_min_vnd, self.price_max_vnd)
        return self


class OfferUpdate(OfferFields):
    """PATCH: only the fields sent change; `version` is the one you read (stale: 409)."""

    model_config = ConfigDict(extra="forbid")

    version: int
    title: Title | None = None


class DemandFields(Input):
    contact_user_id: int | None = Field(
        default=None, description="The contact person: a member of the owner organisation"
    )
    problem: LongText | None = None
    description: LongText | None = Field(
        default=None, description="Another name for `problem` (the key field every listing shares)"
    )
    expected_result: LongText | None = None
    technical_requirements: LongText | None = None
    field_code: FieldCode | None = None
    keywords: Keywords | None = None
    min_trl: TRL | None = None
    budget_min_vnd: VND | None = None
    budget_max_vnd: VND | None = None
    budget_confidential: bool | None = None
    valid_until: date | None = None
    preferred_forms: list[TransferForm] | None = None
    commune_code: CommuneKey | None = None
    anonymous: bool | None = None

    @model_validator(mode="after")
    def one_problem(self) -> Self:
        both = self.description is not None and self.problem is not None
        if both and self.description != self.problem:
            raise InvalidValue(N_("send the problem as `problem` or `description`, not both"))
        check_amounts(self.budget_min_vnd, self.budget_max_vnd, "budget")
        if self.valid_until is not None and self.valid_until < datetime.now(UTC).date():
            raise InvalidValue(N_("valid_until is in the past; give today or a later date"))
        return self


class DemandCreate(DemandFields):
    model_config = ConfigDict(extra="forbid")

    organization_id: int | None = Field(
        default=None, description="Department and admins only: create for this organisation"
    )
    title: Title


class DemandUpdate(DemandFields):
    model_config = ConfigDict(extra="forbid")

    version: int
    title: Title | None = None


class ActionBody(Input):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None


class OwnerCard(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    type: OrganizationType
    country: str


class ContactCard(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    full_name: str
    email: str
    phone: str | None


class ListingCommon(BaseModel):
    id: int
    status: ListingStatus
    version: int
    title: str
    field_code: str | None
    keywords: list[str]
    anonymous: bool
    organization: OwnerCard | None = Field(description="None when the listing is anonymous")
    contact: ContactCard | None = Field(
        default=None, description="For signed-in users; anonymous listings: owner and staff only"
    )
    submitted_at: datetime | None
    published_at: datetime | None
    expires_at: datetime | None
    last_confirmed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    # For the owner, the department and admins only (None / [] for others).
    rejection_reason: str | None = None
    screening_hits: list[dict[str, Any]] = []
    external_ref: str | None = None


class OfferRead(ListingCommon):
    type: Literal["offer"] = "offer"
    language: ListingLanguage
    title_en: str | None
    summary: str | None
    summary_en: str | None
    description: str | None
    advantages: str | None
    applications: str | None
    kind: OfferKind
    trl: int | None
    ip_type: IPType | None
    ip_number: str | None
    ip_status: IPStatus | None
    ip_expiry: date | None
    transfer_rights: list[str]
    transfer_forms: list[str]
    transfer_methods: list[str]
    origin_country: str
    price_mode: PriceMode
    price_hidden: bool
    price_min_vnd: int | None = Field(description="None when the price is hidden from you")
    price_max_vnd: int | None


class DemandRead(ListingCommon):
    type: Literal["demand"] = "demand"
    problem: str | None
    description: str | None
    expected_result: str | None
    technical_requirements: str | None
    min_trl: int | None
    budget_confidential: bool
    budget_min_vnd: int | None = Field(description="None when the budget is confidential to you")
    budget_max_vnd: int | None
    valid_until: date | None
    preferred_forms: list[str]
    commune_code: str | None


class TransitionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_id: int | None
    from_status: ListingStatus | None
    to_status: ListingStatus
    reason: str | None


class QueueItem(BaseModel):
    type: Literal["offer", "demand"]
    id: int
    title: str
    organization: OwnerCard
    submitted_at: datetime | None
    screening_hits: list[dict[str, Any]]
    prohibited: bool
