"""Communes and wards of Bắc Ninh after the 1 July 2025 reorganisation, kept as data.

The file names its official source. Units are keyed by their statistical code when the
source gives one, else by the folded name (the key an organisation stores either way).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from app.core.text import fold

COMMUNES_FILE = "bac_ninh_communes.json"


@dataclass(frozen=True)
class Commune:
    key: str
    code: str | None
    name: str
    type: str  # "ward" (phường) or "commune" (xã)
    former_district: str | None
    former_province: str | None
    merged_from: tuple[str, ...]


@lru_cache
def load_document() -> dict[str, Any]:
    text = resources.files("app.reference").joinpath("data", COMMUNES_FILE).read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@lru_cache
def load_communes() -> dict[str, Commune]:
    communes: dict[str, Commune] = {}
    for unit in load_document()["units"]:
        key = unit.get("code") or fold(unit["name"]).replace(" ", "-")
        communes[key] = Commune(
            key=key,
            code=unit.get("code"),
            name=unit["name"],
            type=unit["type"],
            former_district=unit.get("former_district"),
            former_province=unit.get("former_province"),
            merged_from=tuple(unit.get("merged_from") or ()),
        )
    return communes


def is_commune(key: str) -> bool:
    return key in load_communes()
