"""The bounds every input meets at the edge, in one place: ids, dates, text.

Input models derive from ``Input``: every string, integer and date in them (nested lists
included) is checked, so no value the database or the derived arithmetic cannot hold gets past
the schema. Names and titles add ``check_heading`` for the stricter rules of text shown as a
heading. Path and query ids use ``Id``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import BaseModel, field_validator

from app.core.errors import Invalid, InvalidValue
from app.core.i18n import N_, lazy_day

# Ids are 64-bit signed integers in every database we run on.
MAX_ID = 2**63 - 1
Id = Annotated[int, Ge(1), Le(MAX_ID)]
# Any integer an input carries fits a 64-bit column.
MAX_INTEGER = 2**63 - 1
# Dates of contracts, certificates, deadlines, plans and founding: nothing in the register is
# older than 1900 or planned beyond 2100, and dates derived from an input (a registration
# deadline 90 days on, an expiry months on) then stay far inside what dates can hold.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Line breaks and tabs belong in free text; no other control character does (a null byte
# breaks PostgreSQL text, terminal escapes reach whoever reads logs and exports).
_ALLOWED_CONTROLS = frozenset("\n\r\t")
# Characters that reorder the display of what follows: in a name or title they make one
# name look like another ("exe.pdf" shown for "fdp.exe").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def check_text(value: str) -> str:
    for character in value:
        if unicodedata.category(character) == "Cc" and character not in _ALLOWED_CONTROLS:
            raise InvalidValue(
                N_("The text holds a control character (code %(code)s); remove it."),
                code=f"U+{ord(character):04X}",
            )
    return value


def check_date(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidValue(
            N_("The date must be between %(earliest)s and %(latest)s."),
            earliest=lazy_day(EARLIEST_DATE),
            latest=lazy_day(LATEST_DATE),
        )
    return value


def check_integer(value: int) -> int:
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise InvalidValue(N_("The number is too large."))
    return value


def check_heading(value: str) -> str:
    """A name or a title: one line, something visible, no reordering of the display."""
    check_text(value)
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise InvalidValue(N_("A name or title must fit on one line."))
    if any(c in BIDI_CONTROLS for c in value):
        raise InvalidValue(
            N_("A name or title must not hold characters that reverse the text's direction.")
        )
    if not any(unicodedata.category(c)[0] in "LNPS" for c in value):
        raise InvalidValue(N_("A name or title needs at least one visible character."))
    return value


def _check(value: Any) -> Any:
    if isinstance(value, str):
        return check_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return check_integer(value)
    if isinstance(value, date):
        return check_date(value)
    if isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check(item)
    if isinstance(value, dict):
        for key, item in value.items():
            _check(key)
            _check(item)
    return value


class Input(BaseModel):
    """A request body: every text, integer and date in it within the bounds above."""

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any) -> Any:
        return _check(value)


def refuse_nulls(changes: Mapping[str, Any], model: type[Any]) -> None:
    """A PATCH may clear only what the table lets be empty: null for a column that must hold a
    value is refused (422), never passed on to fail in the database."""
    columns = model.__table__.columns
    refused = sorted(
        name
        for name, value in changes.items()
        if value is None and name in columns and not columns[name].nullable
    )
    if refused:
        raise Invalid(
            N_(
                "%(fields)s cannot be empty (null); leave the field out of the request to "
                "keep its value."
            ),
            fields=refused,
        )


def stored_filename(name: str | None, extension: str) -> str:
    """The client's file name without its folders, control or reordering characters, with the
    extension of the type read from the content: "x.html" holding a PDF is kept as "x.pdf"."""
    stem = PurePath(name or "").stem
    stem = "".join(
        c for c in stem if unicodedata.category(c) != "Cc" and c not in BIDI_CONTROLS
    ).strip()
    return f"{(stem or 'tai-lieu')[:200]}.{extension}"
