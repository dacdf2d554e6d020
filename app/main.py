"""The application factory."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import APIRouter, FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import health
from app.auth import endpoints as auth_endpoints
from app.background import build_runner
from app.challenge import endpoints as challenge_endpoints
from app.core.config import Settings, get_settings
from app.core.db import create_engine, create_sessionmaker
from app.core.handlers import install_error_handlers
from app.core.logging import configure_logging
from app.deal import endpoints as deal_endpoints
from app.event import endpoints as event_endpoints
from app.indicator import endpoints as indicator_endpoints
from app.interest import endpoints as interest_endpoints
from app.listing import endpoints as listing_endpoints
from app.matching import endpoints as matching_endpoints
from app.notification import endpoints as notification_endpoints
from app.organization import endpoints as organization_endpoints
from app.outcome import endpoints as outcome_endpoints
from app.publication import listing_publication
from app.reference import endpoints as reference_endpoints
from app.registration import endpoints as registration_endpoints
from app.report import endpoints as report_endpoints
from app.saved_search import endpoints as saved_search_endpoints
from app.search import endpoints as search_endpoints
from app.search.cache import SearchCache
from app.search.engines import create_search_engine
from app.search.lifecycle import prepare_search
from app.technology_list import endpoints as technology_list_endpoints
from app.transaction import endpoints as transaction_endpoints
from app.user import endpoints as user_endpoints
from app.web.site import install_site

API_PREFIX = "/api/v1"

# The order of the sections of /docs (otherwise the order in which routes were added).
_OPENAPI_TAGS = [
    {"name": name}
    for name in (
        "auth", "users", "organizations", "reference data", "offers", "demands", "moderation",
        "imports", "search", "matching", "interests", "deals", "saved searches", "notifications",
        "transactions", "indicators", "plans", "reports", "events", "challenges", "outcomes",
        "technology lists",
        "health",
    )
]  # fmt: skip

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def create_app(settings: Settings | None = None, *, background: bool = False) -> FastAPI:
    """The web application. With `background`, it also runs the background work (search
    outbox, daily jobs, e-mail) while it serves: `techex serve` as one process does so."""
    settings = settings or get_settings()
    configure_logging(json=settings.log_json, secrets=settings.secret_values())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await prepare_search(app)
        runner = None
        if background:
            runner = build_runner(settings, app.state.sessionmaker, app.state.search_engine)
            runner.start()
        app.state.background = runner
        # What start-up built lives as long as the process: kept out of the collector's sight,
        # a full collection scans only what requests leave behind, so its pauses stay short.
        gc.freeze()
        yield
        gc.unfreeze()  # an app stopped in a process that goes on (tests) is garbage again
        if runner:
            await runner.stop()
        await app.state.engine.dispose()

    app = FastAPI(
        title="Sàn giao dịch công nghệ Bắc Ninh",
        summary="Technology exchange of Bắc Ninh province: offers, demands, deals, indicators.",
        version="0.1.0",
        lifespan=lifespan,
        openapi_tags=_OPENAPI_TAGS,
        # Served by the site from packaged assets (app/web/docs.py), not from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    # Built here rather than in the lifespan so that the app is usable as soon as it exists
    # (tests, and ASGI servers that skip lifespan events).
    app.state.settings = settings
    app.state.engine = create_engine(settings)
    app.state.sessionmaker = create_sessionmaker(app.state.engine)
    app.state.search_engine = create_search_engine(settings)
    app.state.publication = listing_publication(app.state.search_engine)
    app.state.search_cache = SearchCache[bytes](
        settings.search.cache_entries, settings.search.cache_seconds
    )
    app.state.background = None

    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    # Outermost: the request id is known to every log line and header of the request, the
    # 500s of AnswerUnexpectedErrors included.
    app.add_middleware(
        CorrelationIdMiddleware, header_name="X-Request-ID", generator=new_request_id
    )
    app.include_router(health.router)
    app.include_router(api_router(), prefix=API_PREFIX)
    install_site(app, settings)
    return app


def api_router() -> APIRouter:
    router = APIRouter()
    # Routes are matched in order: the busiest endpoint, search, is tried first.
    for module in (
        search_endpoints,
        auth_endpoints,
        registration_endpoints,
        user_endpoints,
        organization_endpoints,
        reference_endpoints,
        listing_endpoints,
        notification_endpoints,
        transaction_endpoints,
        indicator_endpoints,
        report_endpoints,
        matching_endpoints,
        interest_endpoints,
        deal_endpoints,
        saved_search_endpoints,
        event_endpoints,
        challenge_endpoints,
        outcome_endpoints,
        technology_list_endpoints,
    ):
        router.include_router(module.router)
    return router


def new_request_id() -> str:
    """32 random hex digits, as uuid4().hex and nginx's $request_id: os.urandom alone, since
    building a UUID object costs several times more and a request id needs no UUID."""
    return os.urandom(16).hex()


class SecurityHeaders:
    """Adds the security headers to every response the app sends, unless it set its own.

    Plain ASGI rather than `@app.middleware("http")`: that wrapper runs each request through
    an extra task and stream, which costs more than many endpoints do."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
