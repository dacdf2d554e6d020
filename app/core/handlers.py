"""Every error as ``{"error": code, "detail": message}``; validation errors name each field; a
database that is locked or away is a 503 with Retry-After; anything unexpected is a 500,
logged once."""

from __future__ import annotations

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

from app.core.errors import AppError

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


def describe_field_error(error: dict[str, Any]) -> dict[str, str]:
    """One bad field in plain words: {"field": "organization.tax_code", "message": ...}."""
    location = [
        str(part)
        for part in error.get("loc", ())
        if part not in ("body", "query", "path", "header", "form")
    ]
    field = ".".join(location) or "request"
    message = str(error.get("msg", "is not valid"))
    # Pydantic prefixes messages of ValueErrors raised by our validators.
    message = message.removeprefix("Value error, ")
    if error.get("type") == "missing":
        message = "is required"
    return {"field": field, "message": message}


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
        error_body("validation_error", f"Please correct: {summary}", fields=fields), status_code=422
    )


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    return JSONResponse(
        error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
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
            "Một số trong yêu cầu (mã, số lượng hay số tiền) lớn hơn giới hạn "
            "9.223.372.036.854.775.807; xin kiểm tra lại.",
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
            "Cơ sở dữ liệu đang bận hoặc tạm thời không truy cập được; chưa có gì được lưu. "
            f"Vui lòng thử lại sau {RETRY_AFTER_SECONDS} giây.",
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
            response = JSONResponse(
                error_body(
                    "internal_error",
                    "Máy chủ gặp lỗi ngoài dự kiến; lỗi đã được ghi lại. Khi báo lỗi, xin gửi kèm "
                    f"mã yêu cầu {request_id}.",
                    request_id=request_id,
                ),
                status_code=500,
            )
            await response(scope, receive, send)
