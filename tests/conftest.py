"""Fixtures: a real database built by Alembic, each test in a transaction rolled back at the
end, and the application behind a real HTTP client (httpx)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from app.core.config import AuthSettings, DatabaseSettings, Environment, Settings
from app.core.db import create_engine, get_session
from app.core.migrations import upgrade_to_head
from app.main import create_app
from app.search.engines.base import SearchEngine
from tests.database import create_database, drop_database


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    url = await create_database(tmp_path_factory.mktemp("db"))
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


def make_settings(database_url: str, data_dir: Path, **auth: int) -> Settings:
    return Settings(
        environment=Environment.test,
        data_dir=data_dir,
        database=DatabaseSettings(url=database_url),
        auth=AuthSettings(**auth),
    )


@pytest.fixture(scope="session")
async def engine(database_url: str, data_dir: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(make_settings(database_url, data_dir))
    async with engine.begin() as connection:
        await connection.run_sync(upgrade_to_head)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
async def session(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """For arranging data: flushes and commits only go to a savepoint of the test's transaction."""
    async with AsyncSession(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    ) as session:
        yield session


@pytest.fixture
def auth_limits() -> dict[str, int]:
    """Override in a test module to change AuthSettings for its app."""
    return {}


@pytest.fixture
def settings(database_url: str, data_dir: Path, auth_limits: dict[str, int]) -> Settings:
    return make_settings(database_url, data_dir, **auth_limits)


@pytest.fixture
async def app(settings: Settings, connection: AsyncConnection) -> AsyncIterator[FastAPI]:
    app = create_app(settings)

    async def session_in_test_transaction(request: Request) -> AsyncIterator[AsyncSession]:
        # Same unit of work as app.core.db.get_session, inside the test's transaction.
        async with AsyncSession(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        ) as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    app.dependency_overrides[get_session] = session_in_test_transaction
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def index_engine(app: FastAPI) -> AsyncIterator[SearchEngine]:
    """The application's search engine, empty before and after the test."""
    engine: SearchEngine = app.state.search_engine
    await engine.clear()
    yield engine
    await engine.clear()
