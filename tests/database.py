"""Which database the suite runs on, and a fresh empty one for it.

TECHEX_TEST_DATABASE=sqlite (default) uses a SQLite file in a temporary folder;
TECHEX_TEST_DATABASE=postgresql creates a new database on TECHEX_TEST_POSTGRES_URL's server
and drops it afterwards. No silent fallback: if PostgreSQL was asked for and is not there,
the suite fails.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

POSTGRES_ADMIN_URL = os.environ.get(
    "TECHEX_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def engine_kind() -> str:
    kind = os.environ.get("TECHEX_TEST_DATABASE", "sqlite").lower()
    if kind not in ("sqlite", "postgresql"):
        raise RuntimeError(f"TECHEX_TEST_DATABASE must be sqlite or postgresql, not {kind!r}")
    return kind


async def create_database(tmp_dir: Path) -> str:
    """A URL to a new, empty database of the kind under test."""
    if engine_kind() == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_dir / f'test-{uuid.uuid4().hex[:8]}.db'}"
    name = f"techex_test_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(
                text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            )
    finally:
        await admin.dispose()
