"""The national classification of S&T fields (QĐ 12/2008/QĐ-BKHCN), kept as data.

Thông tư 24/2025/TT-BKHCN replaces it from 15/12/2025; swapping the JSON file (same
shape) swaps the code list without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

FIELDS_FILE = "research-fields-qd12-2008.json"


@dataclass(frozen=True)
class Field:
    code: str
    name: str
    level: int
    parent_code: str | None
    description: str = ""
    note: str = ""


@lru_cache
def load_fields() -> dict[str, Field]:
    """Every code of levels 1-3, keyed by its full code ("2", "207", "20701")."""
    raw = json.loads(resources.files("app.reference").joinpath("data", FIELDS_FILE).read_text())
    fields: dict[str, Field] = {}
    for l1_code, l1 in raw["vhdata"]["research-fields"]["level1"].items():
        fields[l1_code] = Field(code=l1_code, name=l1["name"], level=1, parent_code=None)
        for l2 in l1.get("level2", {}).values():
            _add(fields, l2, level=2, parent=l1_code)
            for l3 in l2.get("level3", {}).values():
                _add(fields, l3, level=3, parent=l2["full-code"])
    return fields


def _add(fields: dict[str, Field], node: dict[str, Any], *, level: int, parent: str) -> None:
    code = node["full-code"]
    fields[code] = Field(
        code=code,
        name=node["name"],
        description=node.get("full-name", ""),
        level=level,
        parent_code=parent,
        note=node.get("note", ""),
    )


def is_field_code(code: str) -> bool:
    return code in load_fields()
