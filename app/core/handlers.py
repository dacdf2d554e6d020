"""Every error as ``{"error": code, "detail": message}``; validation errors name each field."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

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


async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", path=request.url.path)
    return JSONResponse(
        error_body("internal_error", "Something went wrong on our side; it has been logged."),
        status_code=500,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, app_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(Exception, unexpected_error_handler)
