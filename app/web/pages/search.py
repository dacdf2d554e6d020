"""The search page: words, filters as facets with counts, sorts, highlights and pages.

The same search service and index as GET /api/v1/search. A page never refuses an odd
address: a filter value that is not a code is left out, a page past the end shows the last.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.core.i18n import current_locale
from app.search import service as search_service
from app.search.glossary import NO_GLOSSARY, load_glossary
from app.search.query import MAX_RESULT_WINDOW, SearchFilters, SearchRequest, SearchSort
from app.web.templating import render

router = APIRouter()

PER_PAGE = 20
_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
# Address parameter → the index's keyword field, in the order the facets are shown.
FILTERS = {
    "type": "type",
    "field_code": "field_codes",
    "offer_kind": "offer_kind",
    "ip_type": "ip_type",
    "organization_type": "organization_type",
    "origin": "origin",
    "origin_country": "origin_country",
    "commune_code": "commune_code",
    "price_mode": "price_mode",
}
_MAX_FACET_VALUES = 12


@dataclass
class SearchForm:
    """The search as the address describes it, cleaned."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    trl_min: int | None = None
    trl_max: int | None = None
    sort: SearchSort = SearchSort.relevance
    page: int = 1

    @classmethod
    def from_query(cls, params: Any) -> SearchForm:
        filters = {
            name: value
            for name in FILTERS
            if (value := params.get(name, "").strip()) and _CODE.match(value)
        }
        trl_min, trl_max = _trl(params.get("trl_min")), _trl(params.get("trl_max"))
        if trl_min and trl_max and trl_min > trl_max:
            trl_min, trl_max = trl_max, trl_min
        sort = params.get("sort", "")
        return cls(
            q=params.get("q", "").strip()[:200],
            filters=filters,
            trl_min=trl_min,
            trl_max=trl_max,
            sort=SearchSort(sort) if sort in SearchSort.__members__ else SearchSort.relevance,
            page=max(1, min(_int(params.get("page")) or 1, MAX_RESULT_WINDOW // PER_PAGE)),
        )

    def params(self, **changes: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "q": self.q,
            **self.filters,
            "trl_min": self.trl_min,
            "trl_max": self.trl_max,
            "sort": self.sort.value if self.sort is not SearchSort.relevance else None,
            "page": self.page if self.page > 1 else None,
        }
        values.update(changes)
        return {name: value for name, value in values.items() if value not in (None, "")}

    def url(self, **changes: Any) -> str:
        """This search with some parameters changed (None removes one); back to page 1
        unless the page is what changes."""
        changes.setdefault("page", None)
        return "/search?" + urlencode(self.params(**changes))

    def unfiltered_url(self) -> str:
        return self.url(**dict.fromkeys(self.filters), trl_min=None, trl_max=None)

    def request(self) -> SearchRequest:
        keywords = {FILTERS[name]: value for name, value in self.filters.items()}
        if "origin_country" in keywords:
            keywords["origin_country"] = keywords["origin_country"].upper()
        return SearchRequest(
            text=self.q,
            filters=SearchFilters(keywords=keywords, trl_min=self.trl_min, trl_max=self.trl_max),
            sort=self.sort,
            offset=(self.page - 1) * PER_PAGE,
            limit=PER_PAGE,
        )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 7 else None


def _trl(value: str | None) -> int | None:
    number = _int(value)
    return number if number is not None and 1 <= number <= 9 else None


@dataclass(frozen=True)
class FacetValue:
    code: str
    count: int
    selected: bool
    url: str


def facet_values(form: SearchForm, parameter: str, counts: dict[str, int]) -> list[FacetValue]:
    """The values of one facet, most frequent first; the selected one links to its removal."""
    selected = form.filters.get(parameter)
    if parameter == "field_code":
        counts = _field_level(counts, selected)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:_MAX_FACET_VALUES]
    values = [
        FacetValue(
            code=code,
            count=count,
            selected=code == selected,
            url=form.url(**{parameter: None if code == selected else code}),
        )
        for code, count in ordered
    ]
    if selected and not any(value.selected for value in values):
        values.insert(0, FacetValue(selected, 0, True, form.url(**{parameter: None})))
    return values


def _field_level(counts: dict[str, int], selected: str | None) -> dict[str, int]:
    """S&T fields one level at a time: the top level, or the children of the chosen field
    (with the chosen field itself, to remove it)."""
    if not selected:
        return {code: count for code, count in counts.items() if len(code) == 1}
    children = {
        code: count
        for code, count in counts.items()
        if code.startswith(selected) and len(code) == len(selected) + 2
    }
    return {selected: counts.get(selected, 0), **children}


def counts(values: list[dict[str, Any]]) -> dict[str, int]:
    """A facet's values (the S&T fields' tree flattened) with their counts."""
    flat: dict[str, int] = {}
    for value in values:
        flat[value["value"]] = value["count"]
        flat.update(counts(value.get("children") or []))
    return flat


@router.get("/search", name="site_search")
async def search_page(request: Request) -> HTMLResponse:
    form = SearchForm.from_query(request.query_params)
    settings = request.app.state.settings
    glossary = load_glossary() if settings.search.cross_language else NO_GLOSSARY
    body = await search_service.search_json(
        request.app.state.search_engine,
        form.request(),
        glossary,
        form.page,
        request.app.state.search_cache,
        current_locale(),
    )
    results = orjson.loads(body)
    pages = max(1, math.ceil(min(results["total"], MAX_RESULT_WINDOW) / PER_PAGE))
    facets = {
        parameter: facet_values(form, parameter, counts(results["facets"].get(index_field, [])))
        for parameter, index_field in FILTERS.items()
        if parameter != "type"
    }
    return render(
        request,
        "public/search.html",
        {
            "form": form,
            "query": form.q,
            "results": results,
            "facets": facets,
            "pages": pages,
            "sorts": list(SearchSort),
        },
    )
