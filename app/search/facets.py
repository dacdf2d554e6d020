"""Facet counts as a results page shows them: each value with its label in the reader's
language, most frequent first, and the S&T field as a tree (level 1 → 2 → 3), not one map of
codes of every level.

Labels come from the reference data (app/reference): the enum labels, country names (Babel),
commune names and the national S&T classification. The classification is published in
Vietnamese only, so an English reader gets the six level-1 fields in English and the official
Vietnamese names below them.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from typing import Any

from app.models.vocabulary import IPType, OfferKind, OrganizationType, PriceMode
from app.reference.communes import load_communes
from app.reference.countries import country_name
from app.reference.fields import load_fields
from app.reference.labels import label

_ENUMS: dict[str, type[StrEnum]] = {
    "offer_kind": OfferKind,
    "ip_type": IPType,
    "organization_type": OrganizationType,
    "price_mode": PriceMode,
}
_ORIGINS = {"domestic": ("Trong nước", "Domestic"), "foreign": ("Nước ngoài", "Foreign")}
# The level-1 fields of the classification (the OECD Frascati fields of science).
_FIELDS_EN = {
    "1": "Natural sciences",
    "2": "Engineering and technology",
    "3": "Medical and health sciences",
    "4": "Agricultural sciences",
    "5": "Social sciences",
    "6": "Humanities",
}


def labelled_facets(counts: dict[str, dict[str, int]], locale: str) -> dict[str, Any]:
    """{facet: [{value, label, count, children}]} from the engine's {facet: {value: count}}."""
    facets: dict[str, Any] = {}
    for name, by_value in counts.items():
        if name == "field_codes":
            facets[name] = _field_tree(by_value, locale)
        else:
            facets[name] = [
                _value(value, _label(name, value, locale), count)
                for value, count in _ordered(by_value)
            ]
    return facets


def _ordered(by_value: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(by_value.items(), key=lambda item: (-item[1], item[0]))


def _value(value: str, name: str, count: int) -> dict[str, Any]:
    return {"value": value, "label": name, "count": count, "children": []}


# Every results page labels the same few hundred values (reference data): each is named once.
@lru_cache(maxsize=8192)
def _label(facet: str, value: str, locale: str) -> str:
    return _namer(facet, locale)(value)


def _namer(facet: str, locale: str) -> Callable[[str], str]:
    english = locale == "en"
    if facet in _ENUMS:
        enum = _ENUMS[facet]
        members = {member.value: member for member in enum}
        return lambda value: label(members[value], locale) if value in members else value
    if facet == "origin":
        return lambda value: _ORIGINS.get(value, (value, value))[english]
    if facet == "origin_country":
        return lambda value: country_name(value, locale)
    if facet == "commune_code":
        communes = load_communes()
        return lambda value: communes[value].name if value in communes else value
    if facet == "trl":
        return lambda value: f"TRL {value}"
    return lambda value: value


def _field_tree(by_code: dict[str, int], locale: str) -> list[dict[str, Any]]:
    """Level-1 fields, each with its level-2 fields, each with its level-3 fields."""
    fields = load_fields()
    nodes = {
        code: _value(code, _field_name(code, locale), count) for code, count in by_code.items()
    }
    roots: list[dict[str, Any]] = []
    for code, _count in _ordered(by_code):
        parent = fields[code].parent_code if code in fields else None
        if parent is not None and parent in nodes:
            nodes[parent]["children"].append(nodes[code])
        else:
            roots.append(nodes[code])
    return roots


@lru_cache(maxsize=8192)
def _field_name(code: str, locale: str) -> str:
    if locale == "en" and code in _FIELDS_EN:
        return _FIELDS_EN[code]
    field = load_fields().get(code)
    return field.name if field else code
