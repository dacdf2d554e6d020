from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from app.core.errors import Invalid
from app.core.i18n import N_
from app.search import service
from app.search.glossary import NO_GLOSSARY, load_glossary
from app.search.query import MAX_RESULT_WINDOW, SearchFilters, SearchRequest, SearchSort
from app.search.schemas import SearchPage

router = APIRouter(prefix="/search", tags=["search"])

# Codes and enum values: letters, digits and - _ . only (also keeps filter syntax out).
_CODE = r"^[A-Za-z0-9_.\-]{1,40}$"


def _code(description: str | None = None) -> Any:
    return Field(None, pattern=_CODE, description=description)


class SearchParameters(BaseModel):
    """The query string of a search, read as one model: FastAPI extracts and validates each
    separately declared parameter on its own, which cost more than the rest of the request
    around a search (highlights and JSON included)."""

    q: str = Field("", max_length=200, description="Words to look for")
    type: Literal["offer", "demand"] | None = None
    field_code: str | None = _code("S&T field at any level (2, 207, 20701)")
    offer_kind: str | None = _code()
    ip_type: str | None = _code()
    origin: Literal["domestic", "foreign"] | None = None
    origin_country: str | None = _code()
    organization_type: str | None = _code()
    price_mode: str | None = _code()
    commune_code: str | None = _code()
    trl_min: int | None = Field(None, ge=1, le=9)
    trl_max: int | None = Field(None, ge=1, le=9)
    sort: SearchSort = SearchSort.relevance
    facets: bool = Field(
        True, description="Count facets (turn off for search-as-you-type suggestions)"
    )
    lang: Literal["vi", "en"] = Field("vi", description="Language of the facet labels")
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1")
    per_page: int = Field(20, ge=1, le=100, description="Items per page (1-100)")


@router.get(
    "",
    response_model=SearchPage,
    summary="Search published offers and demands (Vietnamese or English, with or without "
    "diacritics)",
)
async def search(request: Request, parameters: Annotated[SearchParameters, Query()]) -> Response:
    p = parameters
    if p.trl_min is not None and p.trl_max is not None and p.trl_min > p.trl_max:
        raise Invalid(N_("trl_min must not be greater than trl_max."))
    offset = (p.page - 1) * p.per_page
    if offset + p.per_page > MAX_RESULT_WINDOW:
        raise Invalid(
            N_(
                "Only the first %(MAX_RESULT_WINDOW)s results can be paged "
                "through; narrow the search with more words or filters."
            ),
            MAX_RESULT_WINDOW=MAX_RESULT_WINDOW,
        )
    keywords = {
        name: value
        for name, value in {
            "type": p.type,
            "field_codes": p.field_code,
            "offer_kind": p.offer_kind,
            "ip_type": p.ip_type,
            "origin": p.origin,
            "origin_country": p.origin_country.upper() if p.origin_country else None,
            "organization_type": p.organization_type,
            "price_mode": p.price_mode,
            "commune_code": p.commune_code,
        }.items()
        if value is not None
    }
    settings = request.app.state.settings
    glossary = load_glossary() if settings.search.cross_language else NO_GLOSSARY
    search_request = SearchRequest(
        text=p.q,
        filters=SearchFilters(keywords=keywords, trl_min=p.trl_min, trl_max=p.trl_max),
        sort=p.sort,
        offset=offset,
        limit=p.per_page,
        with_facets=p.facets,
    )
    body = await service.search_json(
        request.app.state.search_engine,
        search_request,
        glossary,
        p.page,
        request.app.state.search_cache,
        p.lang,
    )
    # Serialised once, straight from the model (response_model above documents the shape).
    return Response(body, media_type="application/json")
