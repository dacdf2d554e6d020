"""One error hierarchy for the whole application.

Services raise these; one handler turns them into ``{"error": code, "detail": message}``
with the right HTTP status, the message in the request's language.

A message is an English msgid marked for the catalogues with `N_`, with named parameters
given as keywords, never an f-string::

    raise NotFound(N_("Offer %(offer_id)s does not exist."), offer_id=offer_id)

`detail` is the message translated into the locale of the moment (the request's, set by
`LocaleMiddleware`); `str(error)` is the English text, for logs. tests/core/test_error_messages.py
fails when a message raised in app/ is not marked.
"""

from __future__ import annotations

from typing import Any, Self, cast

from app.core.i18n import N_, interpolate


class AppError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        /,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        **params: object,
    ) -> None:
        self.message = message
        self.params = params
        super().__init__(interpolate(message, params, "en"))
        self.headers = headers or {}
        self.extra = extra or {}

    @property
    def detail(self) -> str:
        """The message in the current locale (the request's language inside a request)."""
        return interpolate(self.message, self.params)

    @classmethod
    def from_value_error(cls, error: InvalidValue) -> Self:
        """A validator's refusal, raised again by a service (the same marked message)."""
        return cls(error.message, **cast(Any, error.params))


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = N_("Authentication required."), /, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kwargs)


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class Invalid(AppError):
    status_code = 422
    code = "invalid"


class TooManyRequests(AppError):
    status_code = 429
    code = "too_many_requests"

    def __init__(self, message: str, /, *, retry_after_seconds: int, **params: object) -> None:
        super().__init__(
            message,
            headers={"Retry-After": str(max(1, retry_after_seconds))},
            extra={"retry_after_seconds": max(1, retry_after_seconds)},
            **params,
        )


class InvalidValue(ValueError):
    """A validator's refusal (raised inside a Pydantic model) with a marked message and its
    parameters: the 422 names the field and says what is wrong in the request's language."""

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(interpolate(message, params, "en"))

    @property
    def detail(self) -> str:
        return interpolate(self.message, self.params)
