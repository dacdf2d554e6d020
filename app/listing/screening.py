"""Screening against the restricted and prohibited technology lists (Nghị định 76/2018),
kept as rows an administrator edits (app/technology_list).

A restricted hit sends a listing to the department's review with the matched item shown;
a prohibited hit can never be published. The lists are read afresh for each screening, so
an edit applies at once in every process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.text import fold
from app.models import TechnologyListItem
from app.technology_list.repository import TechnologyListRepository

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


async def load_items(session: AsyncSession) -> tuple[ListItem, ...]:
    """The lists as they stand now, ready to match."""
    return tuple(_list_item(row) for row in await TechnologyListRepository(session).all_items())


def _list_item(row: TechnologyListItem) -> ListItem:
    return ListItem(
        list_kind=str(row.list_kind),
        directions=tuple(row.directions),
        list_title=row.list_title,
        sector=row.sector,
        code=row.code,
        name=row.name,
        patterns=tuple((keyword, _whole_words(fold(keyword))) for keyword in row.keywords),
    )


@lru_cache(maxsize=4096)
def _whole_words(folded_keyword: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(folded_keyword) + r"(?!\w)")


def screen(
    texts: Iterable[str | None], directions: Iterable[str], items: Sequence[ListItem]
) -> list[ScreeningHit]:
    """Every list item whose keyword occurs in the texts, for the transfer directions that
    apply to the listing. One hit per item (its first matching keyword)."""
    folded = fold(" \n ".join(text for text in texts if text))
    wanted = set(directions)
    hits: list[ScreeningHit] = []
    for item in items:
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
