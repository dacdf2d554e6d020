"""The home page and the language switch."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.core.db import SessionDep
from app.core.i18n import LOCALE_COOKIE, supported_or_default
from app.core.roles import is_staff
from app.search import service as search_service
from app.search.glossary import NO_GLOSSARY
from app.search.query import SearchFilters, SearchRequest, SearchSort
from app.web.forms import form_text
from app.web.pages.indicators import yearly_report
from app.web.session import PageUser
from app.web.templating import render

router = APIRouter()

LATEST_COUNT = 6
_LOCALE_COOKIE_SECONDS = 365 * 24 * 3600


@router.get("/", name="site_home")
async def home(request: Request, viewer: PageUser, session: SessionDep) -> HTMLResponse:
    # The headline indicators are those of the last complete year.
    report = await yearly_report(request, session, is_staff(viewer), date.today().year - 1)
    return render(
        request,
        "public/home.html",
        {
            "latest_offers": await latest(request, "offer"),
            "latest_demands": await latest(request, "demand"),
            "report": report,
        },
    )


async def latest(request: Request, listing_type: str) -> list[dict[str, Any]]:
    """The newest published offers or demands, from the search index (and its cache)."""
    search_request = SearchRequest(
        filters=SearchFilters(keywords={"type": listing_type}),
        sort=SearchSort.newest,
        limit=LATEST_COUNT,
        with_facets=False,
    )
    body = await search_service.search_json(
        request.app.state.search_engine,
        search_request,
        NO_GLOSSARY,
        1,
        request.app.state.search_cache,
    )
    items: list[dict[str, Any]] = orjson.loads(body)["items"]
    return items


def local_path(target: str | None) -> str:
    """`target` if it is a path on this site, else the home page (no open redirect)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.post("/language", name="site_switch_language")
async def switch_language(request: Request) -> RedirectResponse:
    locale = supported_or_default(await form_text(request, "lang"))
    response = RedirectResponse(local_path(await form_text(request, "next")), status_code=303)
    response.set_cookie(
        LOCALE_COOKIE,
        locale,
        max_age=_LOCALE_COOKIE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.secure_cookies,
    )
    return response
