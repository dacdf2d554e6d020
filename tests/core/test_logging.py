"""One log: an unexpected error is one record with its traceback and nothing else (no local
variables, headers, tokens or passwords), it never holds up other requests, every line of a
request carries the request id that the response echoes, and secrets never reach the log."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import uuid
from collections.abc import Iterator

import httpx
import pytest
import structlog
from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.core.logging import configure_logging
from tests.factories import PASSWORD, make_organization, make_user

# Bulky local variables of the failing route: printing them is what once stalled the server.
MARKER = "local-variable-that-must-not-be-logged"


@pytest.fixture
def log_lines(settings: Settings) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging(json=True, secrets=settings.secret_values(), stream=stream)
    yield stream
    configure_logging(json=settings.log_json, secrets=settings.secret_values())


def records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def add_failing_route(app: FastAPI) -> None:
    @app.get("/boom")
    async def boom(request: Request) -> None:
        password = PASSWORD  # noqa: F841 - a local that must stay out of the log
        bulk = [MARKER * 10] * 200_000  # noqa: F841 - 8 MB of locals
        raise RuntimeError("the route failed")


async def test_an_unexpected_error_answers_500_at_once_while_others_are_served(
    app: FastAPI, client: httpx.AsyncClient, log_lines: io.StringIO
) -> None:
    add_failing_route(app)
    failing = asyncio.create_task(
        client.get("/boom", headers={"Authorization": "Bearer secret-bearer-value-123"})
    )
    for _ in range(5):
        healthy = await asyncio.wait_for(client.get("/healthz"), timeout=1)
        assert healthy.status_code == 200
    response = await asyncio.wait_for(failing, timeout=1)
    assert response.status_code == 500
    body = response.json()
    assert body["error"] == "internal_error"
    assert body["request_id"] == response.headers["x-request-id"]
    assert body["request_id"] in body["detail"]

    logged = [r for r in records(log_lines) if r["event"] == "unhandled error"]
    assert len(logged) == 1, logged
    (error,) = logged
    assert error["request_id"] == body["request_id"] and error["path"] == "/boom"
    assert "Traceback" in str(error["exception"])
    assert "RuntimeError: the route failed" in str(error["exception"])
    everything = log_lines.getvalue()
    assert MARKER not in everything
    assert PASSWORD not in everything
    assert "secret-bearer-value-123" not in everything
    assert len(everything) < 20_000


async def test_console_lines_keep_the_traceback_without_locals(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings
) -> None:
    add_failing_route(app)
    stream = io.StringIO()
    configure_logging(json=False, stream=stream)
    try:
        assert (await client.get("/boom")).status_code == 500
    finally:
        configure_logging(json=settings.log_json, secrets=settings.secret_values())
    text = stream.getvalue()
    assert text.count("unhandled error") == 1
    assert "Traceback (most recent call last)" in text
    assert 'raise RuntimeError("the route failed")' in text
    assert MARKER not in text and PASSWORD not in text


async def test_a_run_with_failures_logs_no_password_token_or_secret(
    app: FastAPI,
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    log_lines: io.StringIO,
) -> None:
    add_failing_route(app)
    organization = await make_organization(session)
    user = await make_user(session, organization=organization)
    wrong_password = "not-the-password-42"

    bad_login = await client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": wrong_password}
    )
    assert bad_login.status_code == 401
    tokens = (
        await client.post("/api/v1/auth/token", data={"username": user.email, "password": PASSWORD})
    ).json()
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    forged = access[:-6] + "abcdef"
    for token in (forged, "not-a-jwt-at-all-0123456789"):
        response = await client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 40})).is_error
    me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {access}"})
    assert me.status_code == 200
    failed = await client.get("/boom", headers={"Authorization": f"Bearer {access}"})
    assert failed.status_code == 500
    # What careless code might log: by key, by shape, and the configured secret itself.
    secret_key = settings.secret_key.get_secret_value()
    structlog.get_logger("careless").warning(
        "careless", password=wrong_password, refresh_token=refresh, note=f"signed with {secret_key}"
    )
    logging.getLogger("careless.stdlib").error("header was Authorization: Bearer %s", access)

    everything = log_lines.getvalue()
    assert everything.count("unhandled error") == 1
    for secret in (PASSWORD, wrong_password, access, refresh, forged, secret_key):
        assert secret not in everything
    assert access[:20] not in everything  # not even the start of a token
    assert "[redacted]" in everything


async def test_every_line_of_a_request_carries_the_id_the_response_echoes(
    app: FastAPI, client: httpx.AsyncClient, log_lines: io.StringIO
) -> None:
    @app.get("/chatty")
    async def chatty() -> dict[str, str]:
        structlog.get_logger("chatty").info("first")
        logging.getLogger("chatty.stdlib").info("second")
        return {"ok": "yes"}

    given = uuid.uuid4().hex
    response = await client.get("/chatty", headers={"X-Request-ID": given})
    assert response.headers["x-request-id"] == given
    fresh = await client.get("/chatty")
    assert fresh.headers["x-request-id"] not in ("", given)

    lines = [r for r in records(log_lines) if r["event"] in ("first", "second")]
    assert [(r["event"], r["request_id"]) for r in lines] == [
        ("first", given),
        ("second", given),
        ("first", fresh.headers["x-request-id"]),
        ("second", fresh.headers["x-request-id"]),
    ]
