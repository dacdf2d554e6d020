"""The offer and demand forms: which inputs each has, and how their text becomes the API's
bodies (OfferCreate/OfferUpdate, DemandCreate/DemandUpdate), so the same rules check both.

Inputs are named after the schema's fields. Amounts may be typed the Vietnamese way
(1.250.000.000), dates as dd/mm/yyyy or from a date picker (yyyy-mm-dd).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from app.listing.kinds import Listing, ListingType
from app.listing.presenter import present
from app.listing.schemas import DemandCreate, DemandUpdate, OfferCreate, OfferUpdate
from app.models import User
from app.reference.fields import load_fields
from app.web.forms import FormState, validate

FIELDS: dict[ListingType, tuple[str, ...]] = {
    "offer": (
        "title",
        "title_en",
        "language",
        "kind",
        "field_code",
        "keywords",
        "summary",
        "description",
        "advantages",
        "applications",
        "trl",
        "ip_type",
        "ip_number",
        "ip_status",
        "ip_expiry",
        "transfer_rights",
        "transfer_forms",
        "transfer_methods",
        "origin_country",
        "price_mode",
        "price_min_vnd",
        "price_max_vnd",
        "price_hidden",
        "anonymous",
    ),
    "demand": (
        "title",
        "field_code",
        "keywords",
        "problem",
        "expected_result",
        "technical_requirements",
        "min_trl",
        "budget_min_vnd",
        "budget_max_vnd",
        "budget_confidential",
        "valid_until",
        "preferred_forms",
        "commune_code",
        "anonymous",
    ),
}
LIST_FIELDS = frozenset(
    {"transfer_rights", "transfer_forms", "transfer_methods", "preferred_forms"}
)
BOOL_FIELDS = frozenset({"price_hidden", "anonymous", "budget_confidential"})
AMOUNT_FIELDS = frozenset({"price_min_vnd", "price_max_vnd", "budget_min_vnd", "budget_max_vnd"})
DATE_FIELDS = frozenset({"ip_expiry", "valid_until"})
# Columns that always hold a value: an empty input leaves them as they are.
NEVER_EMPTY = frozenset({"language", "kind", "price_mode", "origin_country"})
CREATE_MODELS: dict[ListingType, type[OfferCreate] | type[DemandCreate]] = {
    "offer": OfferCreate,
    "demand": DemandCreate,
}
UPDATE_MODELS: dict[ListingType, type[OfferUpdate] | type[DemandUpdate]] = {
    "offer": OfferUpdate,
    "demand": DemandUpdate,
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_KEYWORD_SEPARATORS = re.compile(r"[,;\n]")


def _text(raw: Any) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def _amount(text: str) -> str:
    # Thousands grouped with dots or spaces; anything else is left for the schema to refuse.
    grouped = text.replace(".", "").replace(" ", "").replace("\u00a0", "")
    return grouped if grouped.isdigit() else text


def _day(text: str) -> str:
    match = _DAY_MONTH_YEAR.match(text)
    if not match:
        return text
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def form_values(listing_type: ListingType, values: dict[str, Any]) -> dict[str, Any]:
    """The form's inputs as the API's body; None where an input was left empty."""
    data: dict[str, Any] = {}
    for name in FIELDS[listing_type]:
        raw = values.get(name, "")
        if name in LIST_FIELDS:
            data[name] = [raw] if isinstance(raw, str) and raw else list(raw or [])
        elif name in BOOL_FIELDS:
            data[name] = raw in ("true", "on")
        elif name == "keywords":
            words = [word.strip() for word in _KEYWORD_SEPARATORS.split(_text(raw))]
            data[name] = [word for word in words if word]
        else:
            text = _text(raw)
            if name in AMOUNT_FIELDS:
                text = _amount(text)
            elif name in DATE_FIELDS:
                text = _day(text)
            data[name] = text or None
    return data


def check_new(listing_type: ListingType, form: FormState) -> OfferCreate | DemandCreate | None:
    data = {k: v for k, v in form_values(listing_type, form.values).items() if v is not None}
    checked: BaseModel | None = validate(CREATE_MODELS[listing_type], data, form)
    assert checked is None or isinstance(checked, OfferCreate | DemandCreate)
    return checked


def check_changes(
    listing_type: ListingType, form: FormState, version: int
) -> OfferUpdate | DemandUpdate | None:
    """The edit as a PATCH body with every input: emptied inputs clear their value. The
    rules of a new listing apply first, so a required field emptied is named beside it."""
    if check_new(listing_type, form) is None:
        return None
    data = {
        name: value
        for name, value in form_values(listing_type, form.values).items()
        if not (value is None and name in NEVER_EMPTY)
    }
    checked: BaseModel | None = validate(
        UPDATE_MODELS[listing_type], data | {"version": version}, form
    )
    assert checked is None or isinstance(checked, OfferUpdate | DemandUpdate)
    return checked


def values_of(listing: Listing, viewer: User) -> dict[str, Any]:
    """A stored listing as the form's inputs show it."""
    record = present(listing, viewer).model_dump()
    values: dict[str, Any] = {}
    for name in FIELDS[record["type"]]:
        value = record.get(name)
        if name in LIST_FIELDS:
            values[name] = [str(item) for item in value or []]
        elif name in BOOL_FIELDS:
            values[name] = "true" if value else ""
        elif name == "keywords":
            values[name] = ", ".join(value or [])
        elif isinstance(value, date):
            values[name] = value.isoformat()
        else:
            values[name] = "" if value is None else str(value)
    return values


def changed_fields(mine: dict[str, Any], stored: dict[str, Any]) -> list[str]:
    """The inputs whose typed value differs from what is stored now (a version conflict)."""
    return [name for name in stored if _comparable(mine.get(name)) != _comparable(stored[name])]


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(value)
    return (value or "").strip() if isinstance(value, str) else value


def field_options() -> list[tuple[str, str]]:
    """Every S&T field, indented by level under its parent, for a select."""
    fields = sorted(load_fields().values(), key=lambda field: field.code)
    return [
        (field.code, "\u00a0\u00a0" * (field.level - 1) + f"{field.code} – {field.name}")
        for field in fields
    ]
