from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)

from app.core.errors import InvalidValue
from app.core.i18n import N_
from app.core.text import normalize_spaces
from app.core.validation import Input, check_heading
from app.models.vocabulary import (
    IntermediarySubtype,
    OrganizationType,
    Ownership,
    VerificationStatus,
)
from app.reference.communes import is_commune
from app.reference.countries import normalize_country
from app.reference.phone import Phone
from app.reference.tax_code import is_personal_tax_code, normalize_tax_code


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


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=300),
    AfterValidator(normalize_spaces),
    AfterValidator(check_heading),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    AfterValidator(normalize_spaces),
    AfterValidator(check_heading),
]
Country = Annotated[str, AfterValidator(normalize_country)]
TaxCode = Annotated[str, AfterValidator(normalize_tax_code)]
CommuneKey = Annotated[str, AfterValidator(_commune)]


class OrganizationProfile(Input):
    """Fields an organisation's owner keeps up to date."""

    short_name: ShortText | None = None
    name_en: Name | None = None
    commune_code: CommuneKey | None = None
    former_district: ShortText | None = None
    address: Annotated[str, StringConstraints(max_length=500)] | None = None
    website: HttpUrl | None = None
    description: Annotated[str, StringConstraints(max_length=5000)] | None = None
    contact_name: ShortText | None = None
    contact_email: EmailStr | None = None
    contact_phone: Phone | None = None


class OrganizationIdentity(Input):
    """What the organisation is: set at creation, corrected by the department."""

    name: Name
    type: OrganizationType
    country: Country = "VN"
    ownership: Ownership | None = None
    is_st_enterprise: bool = False
    intermediary_subtype: IntermediarySubtype | None = None
    tax_code: TaxCode | None = None

    @model_validator(mode="after")
    def check_type_attributes(self) -> Self:
        check_type_attributes(
            self.type,
            self.ownership,
            self.is_st_enterprise,
            self.intermediary_subtype,
            self.tax_code,
        )
        return self


def check_type_attributes(
    type_: OrganizationType,
    ownership: Ownership | None,
    is_st_enterprise: bool,
    intermediary_subtype: IntermediarySubtype | None,
    tax_code: str | None,
) -> None:
    if type_ is not OrganizationType.enterprise and (ownership or is_st_enterprise):
        raise InvalidValue(N_("ownership and is_st_enterprise apply to enterprises only"))
    if type_ is not OrganizationType.intermediary and intermediary_subtype:
        raise InvalidValue(N_("intermediary_subtype applies to intermediaries only"))
    if tax_code and is_personal_tax_code(tax_code) and type_ is not OrganizationType.individual:
        raise InvalidValue(
            N_(
                "a 12-digit personal identification number is the tax code of an "
                "individual; an organisation's tax code has 10 digits (13 for a "
                "branch)"
            )
        )


class OrganizationCreate(OrganizationProfile, OrganizationIdentity):
    model_config = ConfigDict(extra="forbid")


class OrganizationUpdate(OrganizationProfile):
    """PATCH body: only the fields sent are changed. Identity fields are for the department
    (and for the owner while the organisation is still pending verification)."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    type: OrganizationType | None = None
    country: Country | None = None
    ownership: Ownership | None = None
    is_st_enterprise: bool | None = None
    intermediary_subtype: IntermediarySubtype | None = None
    tax_code: TaxCode | None = None


IDENTITY_FIELDS = frozenset(
    {"type", "country", "ownership", "is_st_enterprise", "intermediary_subtype", "tax_code"}
)


class VerificationDecision(Input):
    model_config = ConfigDict(extra="forbid")

    status: VerificationStatus = Field(description="verified or rejected")
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None

    @model_validator(mode="after")
    def rejection_needs_note(self) -> Self:
        if self.status is VerificationStatus.pending:
            raise InvalidValue(N_("a decision is verified or rejected"))
        if self.status is VerificationStatus.rejected and not (self.note or "").strip():
            raise InvalidValue(N_("say why the organisation is not verified (note)"))
        return self


class OrganizationPublic(BaseModel):
    """What anyone may see of a verified organisation."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    short_name: str | None
    name_en: str | None
    type: OrganizationType
    ownership: Ownership | None
    is_st_enterprise: bool
    intermediary_subtype: IntermediarySubtype | None
    country: str
    commune_code: str | None
    website: str | None
    description: str | None
    verified: bool


class OrganizationRead(OrganizationPublic):
    """The full record: for the organisation's members, the department and admins."""

    tax_code: str | None
    former_district: str | None
    address: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    verification_status: VerificationStatus
    verification_note: str | None
    verified_at: datetime | None
    created_at: datetime
    updated_at: datetime
