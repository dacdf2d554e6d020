from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.core.errors import InvalidValue
from app.core.i18n import N_
from app.core.text import fold
from app.core.validation import Input
from app.models.vocabulary import ScreeningDirection, TechnologyListKind

Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[\w.-]+$"),
]
Sector = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
ListTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]
ItemName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
Source = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]


def _check_keyword(keyword: str) -> str:
    """A keyword must keep at least two letters or digits once folded, or it would match
    nearly every listing."""
    if len([character for character in fold(keyword) if character.isalnum()]) < 2:
        raise InvalidValue(N_("A keyword needs at least two letters or digits."))
    return keyword


Keyword = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=200),
    AfterValidator(_check_keyword),
]


def _distinct(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


Directions = Annotated[
    list[ScreeningDirection], Field(min_length=1, max_length=3), AfterValidator(_distinct)
]
Keywords = Annotated[list[Keyword], Field(min_length=1, max_length=50), AfterValidator(_distinct)]


class TechnologyListItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    list_kind: TechnologyListKind
    directions: list[ScreeningDirection]
    list_title: str
    sector: str
    name: str
    keywords: list[str]
    source: str
    source_date: date
    version: int
    updated_at: datetime
    updated_by_id: int | None


class TechnologyListItemCreate(Input):
    """A new item; its source (the legal text or the report it comes from) and that source's
    date are required, so that every item can be checked."""

    model_config = ConfigDict(extra="forbid")

    code: Code
    list_kind: TechnologyListKind
    directions: Directions
    list_title: ListTitle
    sector: Sector
    name: ItemName
    keywords: Keywords
    source: Source
    source_date: date


class TechnologyListItemUpdate(Input):
    """A change to an item: send the `version` you read (stale: 409, nothing changes)."""

    model_config = ConfigDict(extra="forbid")

    version: int
    code: Code | None = None
    list_kind: TechnologyListKind | None = None
    directions: Directions | None = None
    list_title: ListTitle | None = None
    sector: Sector | None = None
    name: ItemName | None = None
    keywords: Keywords | None = None
    source: Source | None = None
    source_date: date | None = None


class TechnologyListEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    item_id: int
    code: str
    at: datetime
    actor_id: int | None
    action: str
    changes: dict[str, Any]
