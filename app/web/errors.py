"""Errors on pages: a page in the visitor's language (404, 403, 500…), a visit to a
members' page without a session sent to sign-in. Everything under the API keeps its JSON
errors, from the same handlers as before."""

from __future__ import annotations

from urllib.parse import urlencode

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core import handlers
from app.core.errors import AppError
from app.core.i18n import gettext as _
from app.core.i18n import request_locale, use_locale
from app.web.session import NotSignedIn
from app.web.templating import render

log = structlog.get_logger(__name__)

# Paths that answer JSON or files, not pages.
_NOT_PAGES = ("/api/", "/healthz", "/readyz", "/openapi.json", "/static/", "/docs", "/redoc")


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(_NOT_PAGES)


def _titles() -> dict[int, str]:
    return {
        400: _("The request could not be understood"),
        401: _("Please sign in"),
        403: _("You may not see this page"),
        404: _("Page not found"),
        405: _("This page cannot be used that way"),
        409: _("Someone changed this in the meantime"),
        413: _("The file is too large"),
        422: _("Some of what was sent is not valid"),
        429: _("Too many attempts"),
        500: _("Something went wrong on our side"),
        503: _("The service is temporarily unavailable"),
    }


def _explanations() -> dict[int, str]:
    return {
        404: _("The address may be mistyped, or the page was removed or is not public."),
        500: _("The error has been logged. Please try again in a few minutes."),
    }


def error_page(request: Request, status_code: int, detail: str | None = None) -> Response:
    # A 500 is answered outside the request's middleware: its language is worked out again.
    with use_locale(request_locale(request.headers, request.cookies)):
        titles = _titles()
        title = titles.get(status_code) or titles[400 if status_code < 500 else 500]
        return render(
            request,
            "errors/error.html",
            {
                "status_code": status_code,
                "title": title,
                "detail": detail or _explanations().get(status_code, ""),
            },
            status_code=status_code,
        )


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?{urlencode({'next': target})}", status_code=303)


async def app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)
    if not is_page(request):
        return await handlers.app_error_handler(request, exc)
    if exc.status_code == 401:
        return sign_in_redirect(request)
    # Messages of the services are shown as they come; the page's title says what happened.
    return error_page(request, exc.status_code, exc.detail)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not is_page(request):
        return await handlers.http_error_handler(request, exc)
    return error_page(request, exc.status_code)


async def validation_error(request: Request, exc: Exception) -> Response:
    if not is_page(request):
        return await handlers.validation_error_handler(request, exc)
    # Page routes validate forms themselves; what reaches here is a mangled address.
    return error_page(request, 404)


async def not_signed_in(request: Request, exc: Exception) -> Response:
    return sign_in_redirect(request)


class PageErrors:
    """An exception no handler took, on a page a browser asked for (it accepts HTML): logged
    once and answered with the error page in the visitor's language. Everything else goes on
    to the API's answer (JSON)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"].startswith(_NOT_PAGES)
            or "text/html" not in Headers(scope=scope).get("accept", "")
        ):
            await self.app(scope, receive, send)
            return
        response_started = False

        async def watching_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception:
            if response_started:
                raise
            log.exception("unhandled error", method=scope["method"], path=scope["path"])
            response = error_page(Request(scope, receive), 500)
            await response(scope, receive, send)


def install_page_error_handlers(app: FastAPI) -> None:
    """Replaces the API's handlers by ones that answer pages with pages and delegate the
    rest to the API's. The unexpected errors of pages are caught innermost, inside the
    middleware that answers the API's."""
    app.add_exception_handler(AppError, app_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(NotSignedIn, not_signed_in)
    app.user_middleware.append(Middleware(PageErrors))
