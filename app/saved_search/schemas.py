from __future__ import annotations

from datetime import datetime
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
from app.core.validation import Input, check_heading
from app.models.vocabulary import IPType, OfferKind
from app.reference.fields import is_field_code

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(check_heading),
]


class SavedSearchCreate(Input):
    model_config = ConfigDict(extra="forbid")

    name: Name
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    type: Literal["offer", "demand"] | None = None
    field_code: str | None = None
    offer_kind: OfferKind | None = None
    ip_type: IPType | None = None
    origin: Literal["domestic", "foreign"] | None = None
    trl_min: Annotated[int, Field(ge=1, le=9)] | None = None
    trl_max: Annotated[int, Field(ge=1, le=9)] | None = None

    @model_validator(mode="after")
    def check(self) -> Self:
        if self.field_code is not None and not is_field_code(self.field_code):
            raise InvalidValue(
                N_("'%(field_code)s' is not an S&T field code (QĐ 12/2008)"),
                field_code=self.field_code,
            )
        if self.trl_min and self.trl_max and self.trl_min > self.trl_max:
            raise InvalidValue(N_("trl_min must not be greater than trl_max"))
        if not self.q and not self.filters():
            raise InvalidValue(
                N_("give words (q) or at least one filter, or every listing matches")
            )
        return self

    def filters(self) -> dict[str, Any]:
        values = self.model_dump(exclude={"name", "q"}, exclude_none=True, mode="json")
        return dict(values)


class SavedSearchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    query: str
    filters: dict[str, Any]
    created_at: datetime
