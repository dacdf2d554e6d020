"""/docs and /redoc from assets shipped in a PyPI package (fastapi-offline), so that they
work with no network. The pages load their scripts from files, with no inline script."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse

from app.web.static import CachedStaticFiles, static_url

DOCS_ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
DOCS_ASSETS_PREFIX = "/static/docs"

router = APIRouter(include_in_schema=False)


def _asset(name: str) -> str:
    return static_url(name, prefix=DOCS_ASSETS_PREFIX, directory=DOCS_ASSETS_DIR)


def _docs_page(request: Request, template: str) -> HTMLResponse:
    page = request.app.state.templates.get_template(template)
    return HTMLResponse(
        page.render(title=request.app.title, openapi_url=request.app.openapi_url, asset=_asset)
    )


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    return _docs_page(request, "docs/swagger.html")


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    return _docs_page(request, "docs/redoc.html")


def mount_docs_assets(app: FastAPI, max_age_seconds: int) -> None:
    app.mount(
        DOCS_ASSETS_PREFIX,
        CachedStaticFiles(directory=DOCS_ASSETS_DIR, max_age_seconds=max_age_seconds),
        name="docs-assets",
    )
