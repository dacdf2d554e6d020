"""A response says success only for what is stored: the request's transaction commits before
the response is sent, and a commit that fails, or a database that is locked or away, is an
error to the client (503 with Retry-After), never a 2xx. Against a real server over TCP, since
an in-process client only sees the response once the whole request is over."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from app.core.config import DatabaseSettings, Environment, Settings
from app.core.db import create_engine, create_sessionmaker
from app.core.migrations import upgrade_to_head
from app.main import create_app
from app.models import Offer
from app.models.vocabulary import MembershipRole
from tests.database import create_database, drop_database, engine_kind
from tests.factories import PASSWORD, make_organization, make_user
from tests.waiting import SERVER_START_SECONDS, poll_until


@dataclass
class Served:
    app: FastAPI
    base_url: str
    database_url: str
    headers: dict[str, str]


@pytest.fixture
async def fresh_url(tmp_path: Path) -> AsyncIterator[str]:
    url = await create_database(tmp_path)
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(upgrade_to_head)
    await engine.dispose()
    yield url
    await drop_database(url)


def settings_for(url: str, data_dir: Path, **database: Any) -> Settings:
    return Settings(
        environment=Environment.test,
        data_dir=data_dir,
        database=DatabaseSettings(url=url, **database),
    )


@pytest.fixture
def server(fresh_url: str, tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    """The app with its real unit of work, served by uvicorn in a thread of its own."""
    app = create_app(settings_for(fresh_url, tmp_path / "data", sqlite_busy_timeout_ms=200))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="off")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    poll_until(
        lambda: served.started or not thread.is_alive(), SERVER_START_SECONDS, "uvicorn started"
    )
    assert served.started, "uvicorn did not start"
    port = served.servers[0].sockets[0].getsockname()[1]
    yield app, f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
async def live(server: tuple[FastAPI, str], fresh_url: str) -> Served:
    app, base_url = server
    engine = create_engine(settings_for(fresh_url, Path(app.state.settings.data_dir)))
    async with create_sessionmaker(engine)() as session, session.begin():
        organization = await make_organization(session)
        owner = await make_user(
            session, organization=organization, membership_role=MembershipRole.owner
        )
        email = owner.email
    await engine.dispose()
    async with httpx.AsyncClient(base_url=base_url) as client:
        response = await client.post(
            "/api/v1/auth/token", data={"username": email, "password": PASSWORD}
        )
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return Served(app, base_url, fresh_url, headers)


def offer(number: int) -> dict[str, Any]:
    return {
        "title": f"Công nghệ sấy vải thiều bằng bơm nhiệt số {number}",
        "description": "Máy sấy bơm nhiệt cho hộ làng nghề, tiết kiệm 40 % điện năng.",
        "field_code": "207",
        "trl": 6,
    }


async def stored_titles(checker: AsyncEngine, ids: list[int]) -> set[int]:
    async with checker.connect() as connection:
        found = await connection.scalars(select(Offer.id).where(Offer.id.in_(ids)))
        return set(found)


async def test_every_created_offer_is_readable_at_once_on_a_new_connection(live: Served) -> None:
    checker = create_async_engine(live.database_url, poolclass=NullPool)  # a new connection each
    missing = []
    try:
        async with httpx.AsyncClient(base_url=live.base_url, headers=live.headers) as client:
            for number in range(100):
                response = await client.post("/api/v1/offers", json=offer(number))
                assert response.status_code == 201, response.text
                offer_id = response.json()["id"]
                if not await stored_titles(checker, [offer_id]):
                    missing.append(offer_id)
    finally:
        await checker.dispose()
    assert missing == []


async def test_a_commit_that_fails_is_a_503_and_nothing_is_stored(live: Served) -> None:
    def refuse(connection: Any) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))

    event.listen(live.app.state.engine.sync_engine, "commit", refuse)
    try:
        async with httpx.AsyncClient(base_url=live.base_url, headers=live.headers) as client:
            response = await client.post("/api/v1/offers", json=offer(1))
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "5"
            assert response.json()["error"] == "unavailable"
            event.remove(live.app.state.engine.sync_engine, "commit", refuse)
            mine = await client.get("/api/v1/offers", params={"mine": "true"})
    finally:
        if event.contains(live.app.state.engine.sync_engine, "commit", refuse):
            event.remove(live.app.state.engine.sync_engine, "commit", refuse)
    assert mine.status_code == 200
    assert mine.json()["items"] == []


@pytest.mark.skipif(engine_kind() != "sqlite", reason="SQLite's write lock")
async def test_a_database_locked_by_another_writer_is_a_503(live: Served) -> None:
    path = live.database_url.split(":///", 1)[1]
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # holds the write lock past the app's busy timeout
    try:
        async with httpx.AsyncClient(base_url=live.base_url, headers=live.headers) as client:
            response = await client.post("/api/v1/offers", json=offer(2))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"


async def test_an_unreachable_database_is_a_503(tmp_path: Path) -> None:
    if engine_kind() == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'no-such-folder' / 'techex.db'}"
    else:
        url = "postgresql+asyncpg://postgres@127.0.0.1:1/techex"  # nothing listens on port 1
    app = create_app(settings_for(url, tmp_path / "data"))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await asyncio.wait_for(client.get("/api/v1/organizations"), 30)
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"
    assert "thử lại" in response.json()["detail"]
