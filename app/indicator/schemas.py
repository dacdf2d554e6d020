from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.core.errors import InvalidValue
from app.core.i18n import N_
from app.core.validation import Input, check_heading
from app.indicator.method import INDICATOR_CODES
from app.models.vocabulary import IndicatorMeasure
from app.reference.countries import normalize_country


class Breakdown(StrEnum):
    field = "field"
    supplier_type = "supplier_type"
    recipient_type = "recipient_type"
    recipient_ownership = "recipient_ownership"
    commune = "commune"


class DrillPart(StrEnum):
    numerator = "numerator"
    denominator = "denominator"


class IndicatorValue(BaseModel):
    code: str
    name: str
    name_en: str
    unit: Literal["vnd", "count", "fraction"]
    value: float | int | None = Field(description="null when the denominator is empty")
    numerator: int | None
    denominator: int | None
    target: float | None = None
    target_year: int | None = None
    target_comparison: str | None = None
    gap: float | None = Field(
        None, description="the compared figure − target; target_basis names that figure"
    )
    target_basis: Literal["value", "average_growth"] | None = Field(
        None,
        description="The figure the target and the gap are compared with: the value, or for "
        "growth the average yearly growth since the base year (shown in average_growth)",
    )
    meets_target: bool | None = None
    average_growth: float | None = None
    base_year: int | None = None


class IndicatorReport(BaseModel):
    year: int | None
    quarter: int | None = None
    from_year: int
    to_year: int
    period: str
    measure: IndicatorMeasure
    verified_only: bool
    method_version: str
    plan: str | None
    indicators: list[IndicatorValue]


class IndicatorSeries(BaseModel):
    from_year: int
    to_year: int
    measure: IndicatorMeasure
    verified_only: bool
    method_version: str
    plan: str | None
    years: list[IndicatorReport]


class BreakdownGroup(BaseModel):
    key: str | None
    label: str
    indicators: list[IndicatorValue]


class BreakdownReport(BaseModel):
    period: str
    by: Breakdown
    measure: IndicatorMeasure
    verified_only: bool
    method_version: str
    groups: list[BreakdownGroup]


class MethodEntry(BaseModel):
    code: str
    name: str
    formula: str
    target_source: str | None


class MethodCard(BaseModel):
    method_version: str
    language: Literal["vi", "en"]
    scope: str
    measures: str
    indicators: list[MethodEntry]
    developed_countries: list[str]


# Plans and targets
def _indicator_code(value: str) -> str:
    if value not in INDICATOR_CODES:
        raise InvalidValue(
            N_("'%(value)s' is not an indicator; one of %(codes)s"),
            value=value,
            codes=list(INDICATOR_CODES),
        )
    return value


IndicatorCode = Annotated[str, AfterValidator(_indicator_code)]
Country = Annotated[str, AfterValidator(normalize_country)]
Text300 = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=500),
    AfterValidator(check_heading),
]


class PlanTargetWrite(Input):
    model_config = ConfigDict(extra="forbid")

    indicator_code: IndicatorCode
    year: Annotated[int, Field(ge=2000, le=2100)]
    value: Annotated[Decimal, Field(ge=-1, le=1000, max_digits=12, decimal_places=6)] = Field(
        description="A fraction for shares and growth: 0.15 for 15 %"
    )
    comparison: Literal[">", ">=", "~", "<", "<="] = ">="
    wording: Annotated[str, StringConstraints(max_length=500)] | None = None


class PlanTargetRead(PlanTargetWrite):
    model_config = ConfigDict(from_attributes=True)

    id: int


class PlanFields(Input):
    title: Text300 | None = None
    issued_on: date | None = None
    issuer: Annotated[str, StringConstraints(max_length=300)] | None = None
    base_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    developed_countries: list[Country] | None = None
    is_active: bool | None = None
    note: Annotated[str, StringConstraints(max_length=5000)] | None = None


class PlanCreate(PlanFields):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=50)]
    title: Text300
    base_year: Annotated[int, Field(ge=2000, le=2100)]
    targets: list[PlanTargetWrite] = Field(default_factory=list)


class PlanUpdate(PlanFields):
    model_config = ConfigDict(extra="forbid")


class PlanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
    issued_on: date | None
    issuer: str | None
    base_year: int
    developed_countries: list[str]
    is_active: bool
    note: str | None
    targets: list[PlanTargetRead] = []
