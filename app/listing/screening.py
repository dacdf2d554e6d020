"""Screening against the restricted and prohibited technology lists (Nghị định 76/2018),
kept as editable data in app/reference/data/restricted_technologies.json.

A restricted hit sends a listing to the department's review with the matched item shown;
a prohibited hit can never be published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from app.core.text import fold

SCREENING_FILE = "restricted_technologies.json"
PROHIBITED = "prohibited"
RESTRICTED = "restricted"


@dataclass(frozen=True)
class ListItem:
    list_kind: str  # restricted | prohibited
    directions: tuple[str, ...]  # inbound | outbound | domestic
    list_title: str
    sector: str
    code: str
    name: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (keyword, folded whole-word pattern)


@dataclass(frozen=True)
class ScreeningHit:
    list_kind: str
    direction: str
    list_title: str
    sector: str
    code: str
    name: str
    keyword: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache
def load_items() -> tuple[ListItem, ...]:
    raw = json.loads(
        resources.files("app.reference").joinpath("data", SCREENING_FILE).read_text("utf-8")
    )
    items: list[ListItem] = []
    for technology_list in raw["lists"]:
        for sector in technology_list["sectors"]:
            for item in sector["items"]:
                items.append(
                    ListItem(
                        list_kind=technology_list["kind"],
                        directions=tuple(technology_list["directions"]),
                        list_title=technology_list["title"],
                        sector=sector["sector"],
                        code=item["code"],
                        name=item["name"],
                        patterns=tuple(
                            (keyword, _whole_words(fold(keyword))) for keyword in item["keywords"]
                        ),
                    )
                )
    return tuple(items)


def _whole_words(folded_keyword: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(folded_keyword) + r"(?!\w)")


def screen(texts: Iterable[str | None], directions: Iterable[str]) -> list[ScreeningHit]:
    """Every list item whose keyword occurs in the texts, for the transfer directions that
    apply to the listing. One hit per item (its first matching keyword)."""
    folded = fold(" \n ".join(text for text in texts if text))
    wanted = set(directions)
    hits: list[ScreeningHit] = []
    for item in load_items():
        matching_directions = [d for d in item.directions if d in wanted]
        if not matching_directions:
            continue
        for keyword, pattern in item.patterns:
            if pattern.search(folded):
                hits.append(
                    ScreeningHit(
                        list_kind=item.list_kind,
                        direction=matching_directions[0],
                        list_title=item.list_title,
                        sector=item.sector,
                        code=item.code,
                        name=item.name,
                        keyword=keyword,
                    )
                )
                break
    return hits


def has_prohibited(hits: Iterable[dict[str, Any]]) -> bool:
    return any(hit.get("list_kind") == PROHIBITED for hit in hits)
