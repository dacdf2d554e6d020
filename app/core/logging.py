"""One log for the whole process: the app's structlog loggers and the standard library's (uvicorn,
SQLAlchemy, asyncio) go through the same processors and the same handler on stderr.

JSON lines in production (`TECHEX_LOG_JSON=true`), readable lines in development; both keep
tracebacks, as plain text: frames and source lines, never local variables (they hold request
bodies, headers and keys, and printing them can take longer than the request). Every line
logged while a request is served carries its request id (asgi-correlation-id). Before a line is
written, values under secret-sounding keys, bearer tokens, JWTs and the configured secrets are
replaced by "[redacted]".
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

import structlog
from asgi_correlation_id import correlation_id
from structlog.typing import EventDict, Processor, WrappedLogger

REDACTED = "[redacted]"
_SECRET_KEY_NAMES = re.compile(
    r"pass(word|wd)?|secret|token|authori[sz]ation|cookie|api_?key|credential", re.IGNORECASE
)
_SECRET_PATTERNS = (
    # Authorization header values.
    (re.compile(r"\b(Bearer|Basic)\s+[\w.~+/=-]+", re.IGNORECASE), rf"\1 {REDACTED}"),
    # JSON Web Tokens (the access tokens), wherever they appear.
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), REDACTED),
    # key=value or "key": "value" pairs with a secret-sounding key (query strings, reprs).
    (
        re.compile(
            r"""((?:password|passwd|secret|token|api_?key)\w*["']?\s*[=:]\s*["']?)[^\s"'&,;}]+""",
            re.IGNORECASE,
        ),
        rf"\1{REDACTED}",
    ),
)
_HANDLER_MARK = "_techex_handler"
# Loggers of libraries that install their own handlers; their records go to the root's instead.
_LIBRARY_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy")


class Redactor:
    """The processor that removes secrets from a log record, in keys, values and tracebacks."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Short values would blank out ordinary words; real secrets are long.
        self.secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def __call__(self, logger: WrappedLogger, method: str, event_dict: EventDict) -> EventDict:
        return {key: self._value(key, value) for key, value in event_dict.items()}

    def _value(self, key: str, value: Any) -> Any:
        if _SECRET_KEY_NAMES.search(key) and value not in (None, "", False):
            return REDACTED
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self._value(str(k), v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._value(key, item) for item in value]
        return value

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, REDACTED)
        for pattern, replacement in _SECRET_PATTERNS:
            value = pattern.sub(replacement, value)
        return value


def add_request_id(logger: WrappedLogger, method: str, event_dict: EventDict) -> EventDict:
    request_id = correlation_id.get()
    if request_id is not None:
        event_dict.setdefault("request_id", request_id)
    return event_dict


def configure_logging(
    *,
    json: bool,
    level: int = logging.INFO,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> None:
    """(Re)configure the process's logging; `secrets` are values never to be written."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        add_request_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # The traceback as plain text (no locals), then redacted like the rest.
            structlog.processors.format_exc_info,
            Redactor(secrets),
            renderer,
        ],
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    # Replace only a handler of ours: a test runner's capture handlers stay.
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _LIBRARY_LOGGERS:
        library_logger = logging.getLogger(name)
        library_logger.handlers.clear()
        library_logger.propagate = True
    # SQL statements only when asked (TECHEX_DATABASE_ECHO, which sets its own level).
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
