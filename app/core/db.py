"""Database engine and the request's unit of work.

The request owns the transaction: ``get_session`` commits when the endpoint returns and
rolls back when it raises; services only flush. The commit happens before the response is
sent (the dependency's scope is "function"), so a client is told "created" only for what is
stored, and a commit that fails reaches the client as an error (app/core/handlers.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.core.config import Settings


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=settings.database.echo, hide_parameters=True)
        _configure_sqlite(engine, settings.database.sqlite_busy_timeout_ms)
        return engine
    return create_async_engine(
        url,
        echo=settings.database.echo,
        # Errors quote the statement, not its values (password hashes, token digests).
        hide_parameters=True,
        pool_size=settings.database.pool_size,
        pool_pre_ping=True,
    )


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see _on_begin) so that savepoints
        # and transactional DDL behave as documented.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: a deferred transaction that reads and
        # then writes fails at once with SQLITE_BUSY when another writer got in between,
        # whereas an immediate one waits for busy_timeout. Read-only work asks for DEFERRED
        # (see READ_ONLY) so that it never waits for a writer (WAL).
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql("BEGIN DEFERRED" if mode == "DEFERRED" else "BEGIN IMMEDIATE")


# Execution options for work that only reads; ignored by PostgreSQL.
READ_ONLY = {"sqlite_begin": "DEFERRED"}
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def standalone_sessionmaker(
    settings: Settings,
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions outside a web request (commands, workers): an engine of their own, disposed
    when the block ends."""
    engine = create_engine(settings)
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


@asynccontextmanager
async def standalone_session(settings: Settings) -> AsyncIterator[AsyncSession]:
    """One unit of work outside a web request: committed when the block ends, rolled back if
    it raises."""
    async with (
        standalone_sessionmaker(settings) as sessionmaker,
        sessionmaker() as session,
        session.begin(),
    ):
        yield session


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        if request.method in _SAFE_METHODS:
            # GET requests change nothing, so they need not queue for SQLite's write lock.
            await session.connection(execution_options=READ_ONLY)
        try:
            yield session
            await session.commit()
        except BaseException:
            # Also after a failed commit: the connection goes back to the pool with no
            # transaction left open.
            await session.rollback()
            raise


# scope="function": the dependency's exit (the commit) runs when the endpoint returns, before
# the response is sent; the default scope would run it after the response has gone.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def rowcount(result: object) -> int:
    """Rows matched by an UPDATE or DELETE (0 for results that carry no count)."""
    return result.rowcount if isinstance(result, CursorResult) else 0
