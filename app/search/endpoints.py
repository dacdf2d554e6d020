from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.core.errors import Invalid
from app.core.pagination import PageDep
from app.search import service
from app.search.glossary import NO_GLOSSARY, load_glossary
from app.search.query import MAX_RESULT_WINDOW, SearchFilters, SearchRequest, SearchSort
from app.search.schemas import SearchPage

router = APIRouter(prefix="/search", tags=["search"])

# Codes and enum values: letters, digits and - _ . only (also keeps filter syntax out).
_CODE = r"^[A-Za-z0-9_.\-]{1,40}$"
Code = Annotated[str | None, Query(pattern=_CODE)]


@router.get(
    "",
    response_model=SearchPage,
    summary="Search published offers and demands (Vietnamese or English, with or without "
    "diacritics)",
)
async def search(
    request: Request,
    page: PageDep,
    q: Annotated[str, Query(max_length=200, description="Words to look for")] = "",
    type: Annotated[Literal["offer", "demand"] | None, Query()] = None,
    field_code: Annotated[
        str | None, Query(pattern=_CODE, description="S&T field at any level (2, 207, 20701)")
    ] = None,
    offer_kind: Code = None,
    ip_type: Code = None,
    origin: Annotated[Literal["domestic", "foreign"] | None, Query()] = None,
    origin_country: Code = None,
    organization_type: Code = None,
    price_mode: Code = None,
    commune_code: Code = None,
    trl_min: Annotated[int | None, Query(ge=1, le=9)] = None,
    trl_max: Annotated[int | None, Query(ge=1, le=9)] = None,
    sort: SearchSort = SearchSort.relevance,
    facets: Annotated[
        bool, Query(description="Count facets (turn off for search-as-you-type suggestions)")
    ] = True,
    lang: Annotated[Literal["vi", "en"], Query(description="Language of the facet labels")] = "vi",
) -> Response:
    if trl_min is not None and trl_max is not None and trl_min > trl_max:
        raise Invalid("trl_min must not be greater than trl_max.")
    if page.offset + page.per_page > MAX_RESULT_WINDOW:
        raise Invalid(
            f"Only the first {MAX_RESULT_WINDOW} results can be paged through; "
            "narrow the search with more words or filters."
        )
    keywords = {
        name: value
        for name, value in {
            "type": type,
            "field_codes": field_code,
            "offer_kind": offer_kind,
            "ip_type": ip_type,
            "origin": origin,
            "origin_country": origin_country.upper() if origin_country else None,
            "organization_type": organization_type,
            "price_mode": price_mode,
            "commune_code": commune_code,
        }.items()
        if value is not None
    }
    settings = request.app.state.settings
    glossary = load_glossary() if settings.search.cross_language else NO_GLOSSARY
    search_request = SearchRequest(
        text=q,
        filters=SearchFilters(keywords=keywords, trl_min=trl_min, trl_max=trl_max),
        sort=sort,
        offset=page.offset,
        limit=page.per_page,
        with_facets=facets,
    )
    body = await service.search_json(
        request.app.state.search_engine,
        search_request,
        glossary,
        page.page,
        request.app.state.search_cache,
        lang,
    )
    # Serialised once, straight from the model (response_model above documents the shape).
    return Response(body, media_type="application/json")
