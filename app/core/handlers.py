"""Every error as ``{"error": code, "detail": message}``, the message in the request's
language (set by `LocaleMiddleware`: the language switch's cookie, then Accept-Language, then
Vietnamese); validation errors name each field; a database that is locked or away is a 503
with Retry-After; anything unexpected is a 500, logged once."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import AppError, InvalidValue
from app.core.i18n import N_, current_locale, interpolate, lazy_number, translate, use_locale

log = structlog.get_logger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}


def error_body(code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "detail": detail, **extra}


# What a person can do about each kind of bad field, by Pydantic's error type; the error's
# context (min_length, ge, expected...) fills the parameters.
_FIELD_MESSAGES = {
    "missing": N_("is required"),
    "string_too_short": N_("must have at least %(min_length)s characters"),
    "string_too_long": N_("must have at most %(max_length)s characters"),
    "too_short": N_("must have at least %(min_length)s items"),
    "too_long": N_("must have at most %(max_length)s items"),
    "greater_than": N_("must be greater than %(gt)s"),
    "greater_than_equal": N_("must be at least %(ge)s"),
    "less_than": N_("must be less than %(lt)s"),
    "less_than_equal": N_("must be at most %(le)s"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "decimal_parsing": N_("must be a number"),
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "string_type": N_("must be text"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be an object"),
    "model_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "enum": N_("must be one of: %(expected)s"),
    "literal_error": N_("must be one of: %(expected)s"),
    "date_parsing": N_("must be a date written YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("must be a date written YYYY-MM-DD"),
    "date_from_datetime_inexact": N_("must be a date written YYYY-MM-DD"),
    "date_type": N_("must be a date written YYYY-MM-DD"),
    "datetime_parsing": N_("must be a date and time written YYYY-MM-DDTHH:MM:SS"),
    "datetime_from_date_parsing": N_("must be a date and time written YYYY-MM-DDTHH:MM:SS"),
    "datetime_type": N_("must be a date and time written YYYY-MM-DDTHH:MM:SS"),
    "string_pattern_mismatch": N_("does not have the expected form"),
    "url_parsing": N_("must be a web address (https://...)"),
    "url_scheme": N_("must be a web address (https://...)"),
    "json_invalid": N_("is not valid JSON"),
    "extra_forbidden": N_("is not a known field; leave it out"),
    "uuid_parsing": N_("must be a UUID"),
}
_NOT_VALID = N_("is not valid (%(reason)s)")
_EMAIL_NOT_VALID = N_("is not a valid e-mail address")


def describe_field_error(error: dict[str, Any]) -> dict[str, str]:
    """One bad field in plain words, in the current language:
    {"field": "organization.tax_code", "message": ...}."""
    location = [
        str(part)
        for part in error.get("loc", ())
        if part not in ("body", "query", "path", "header", "form")
    ]
    field = ".".join(location) or "request"
    return {"field": field, "message": field_error_message(error)}


def field_error_message(error: dict[str, Any]) -> str:
    context = error.get("ctx") or {}
    reason = context.get("error")
    # Our validators raise InvalidValue with a marked message.
    if isinstance(reason, InvalidValue | AppError):
        return reason.detail
    raw = str(error.get("msg", ""))
    if "valid email address" in raw:
        return translate(_EMAIL_NOT_VALID)
    known = _FIELD_MESSAGES.get(str(error.get("type")))
    if known is not None:
        params = {name: _context_value(value) for name, value in context.items()}
        try:
            return interpolate(known, params)
        except (KeyError, TypeError, ValueError):
            return translate(known.split(" %")[0])
    # A plain ValueError of a validator: its own words (Pydantic prefixes them).
    return interpolate(_NOT_VALID, {"reason": raw.removeprefix("Value error, ")})


def _context_value(value: Any) -> object:
    return value if isinstance(value, int | float | str) else str(value)


async def app_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return JSONResponse(
        error_body(exc.code, exc.detail, **exc.extra),
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [describe_field_error(e) for e in exc.errors()]
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    return JSONResponse(
        error_body(
            "validation_error",
            interpolate(N_("Please correct: %(fields)s"), {"fields": summary}),
            fields=fields,
        ),
        status_code=422,
    )


# The framework's own errors (no route at this address, a method the route does not take,
# a body too large...), said in words a person can act on.
_HTTP_MESSAGES = {
    400: N_("The request could not be understood."),
    401: N_("Authentication required."),
    403: N_("You may not do this."),
    404: N_("Nothing is found at this address; check it against the API documentation at /docs."),
    405: N_("This address does not accept this method; see the API documentation at /docs."),
    409: N_("This conflicts with the current state; reload and try again."),
    413: N_("The request is too large."),
    415: N_("This type of content is not accepted here."),
    422: N_("Some of what was sent is not valid."),
    429: N_("Too many requests; wait a little before trying again."),
    503: N_("The service is temporarily unavailable; try again in a few seconds."),
}


def http_error_message(status_code: int, detail: object) -> str:
    """The framework's default phrase ("Not Found") becomes a sentence in the current
    language; a detail given by our code is translated when the catalogue has it."""
    default_phrase = _phrase(status_code)
    if detail is None or str(detail) == default_phrase:
        message = _HTTP_MESSAGES.get(status_code)
        return translate(message) if message else default_phrase
    return translate(str(detail))


def _phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return ""


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    return JSONResponse(
        error_body(code, http_error_message(exc.status_code, exc.detail)),
        status_code=exc.status_code,
        headers=exc.headers,
    )


# How long a client should wait before retrying when the database is busy or away.
RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: Exception) -> bool:
    """The database is locked (SQLite busy past its timeout), unreachable, or dropped the
    connection: the request may succeed if retried, so it is a 503, not a 500."""
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)
    # A full connection pool, or a server that refuses connections (asyncpg raises the
    # socket's error as it is).
    return isinstance(exc, PoolTimeout | ConnectionError)


def caused_by_a_number_too_large(exc: BaseException) -> bool:
    """A number in the request beyond what the database stores (64-bit integers): both
    drivers raise OverflowError, as it is (SQLite) or under their own errors (asyncpg)."""
    seen: BaseException | None = exc
    for _ in range(10):  # a chain of causes is short; never loop on a cycle
        if seen is None:
            return False
        if isinstance(seen, OverflowError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def number_too_large_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        error_body(
            "invalid",
            interpolate(
                N_(
                    "A number in the request (an id, a quantity or an amount) is larger than "
                    "the limit %(limit)s; please check it."
                ),
                {"limit": lazy_number(2**63 - 1)},
            ),
        ),
        status_code=422,
    )


async def database_error_handler(request: Request, exc: Exception) -> JSONResponse:
    if caused_by_a_number_too_large(exc):
        return await number_too_large_handler(request, exc)
    if not database_unavailable(exc):
        raise exc  # a bug, not an outage: AnswerUnexpectedErrors logs it and answers 500
    reason = exc.orig if isinstance(exc, DBAPIError) else exc
    log.warning(
        "database unavailable; answered 503",
        method=request.method,
        path=request.url.path,
        error=f"{type(reason).__name__}: {reason}"[:300],
    )
    return JSONResponse(
        error_body(
            "unavailable",
            interpolate(
                N_(
                    "The database is busy or temporarily unreachable; nothing was saved. "
                    "Please try again in %(seconds)s seconds."
                ),
                {"seconds": RETRY_AFTER_SECONDS},
            ),
            retry_after_seconds=RETRY_AFTER_SECONDS,
        ),
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, app_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    for database_error in (DBAPIError, PoolTimeout, ConnectionError):
        app.add_exception_handler(database_error, database_error_handler)
    app.add_exception_handler(OverflowError, number_too_large_handler)
    app.add_middleware(AnswerUnexpectedErrors)


class AnswerUnexpectedErrors:
    """An exception no handler took is logged once, as one record with its traceback, and
    answered with a 500 that names the request id.

    A middleware rather than a handler for `Exception`: Starlette re-raises after such a
    handler, and the server would log the same error a second time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
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
            log.exception("unhandled error", method=scope["method"], path=scope["path"])
            if response_started:
                return  # too late for a 500: the server closes the connection
            request_id = correlation_id.get()
            # Answered outside the request's middleware: its language is worked out again.
            with use_locale(_locale_of(scope)):
                message = interpolate(
                    N_(
                        "The server met an unexpected error; it has been logged. When you "
                        "report it, please give the request id %(request_id)s."
                    ),
                    {"request_id": request_id},
                )
            response = JSONResponse(
                error_body("internal_error", message, request_id=request_id),
                status_code=500,
            )
            await response(scope, receive, send)


def _locale_of(scope: Scope) -> str:
    locale = scope.get("state", {}).get("locale")
    return locale if isinstance(locale, str) else current_locale()
