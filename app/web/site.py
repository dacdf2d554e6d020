"""Puts the site into the application: middleware (language, session), templates, form
tokens, static files, the offline API docs, page routes and their error pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI

from app.core.config import Settings
from app.core.i18n import LocaleMiddleware
from app.web import csrf, docs
from app.web.errors import install_page_error_handlers
from app.web.pages import (
    account,
    admin,
    department,
    desk,
    indicators,
    listings,
    moderation,
    organizations,
    public,
    search,
    workspace,
)
from app.web.pages.workspace.overview import count_unread_notifications
from app.web.session import get_page_user, install_session_middleware
from app.web.static import STATIC_DIR, STATIC_PREFIX, CachedStaticFiles
from app.web.templating import create_environment

# Each area's page module, in the order its routes are tried.
PAGE_MODULES = (
    public,
    search,
    listings,
    organizations,
    indicators,
    account,
    workspace,
    desk,
    department,
    moderation,
    admin,
)


def pages_router() -> APIRouter:
    """Every page route: each form checked for its token, the visitor's account looked up
    for the header."""
    router = APIRouter(
        include_in_schema=False,
        dependencies=[
            Depends(csrf.check_form_token),
            Depends(get_page_user),
            Depends(count_unread_notifications),
        ],
    )
    for module in PAGE_MODULES:
        router.include_router(module.router)
    return router


def install_site(app: FastAPI, settings: Settings) -> None:
    app.state.templates = create_environment(settings)
    app.state.csrf = csrf.create_protector(settings)
    install_session_middleware(app, settings)
    app.add_middleware(LocaleMiddleware)
    max_age = settings.web.static_max_age_seconds
    docs.mount_docs_assets(app, max_age)  # before /static, which would take its paths
    app.mount(
        STATIC_PREFIX,
        CachedStaticFiles(directory=STATIC_DIR, max_age_seconds=max_age),
        name="static",
    )
    app.include_router(docs.router)
    app.include_router(pages_router())
    install_page_error_handlers(app)
