"""Alembic from code: upgrade to head (techex migrate, serve) and the head check of /readyz."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


def upgrade_to_head(connection: Connection | None = None) -> None:
    """On the given connection, or on the application settings' database (migrations/env.py)."""
    config = alembic_config()
    config.attributes["configure_logging"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    command.upgrade(config, "head")


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def _current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


async def pending_migrations(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        current = await connection.run_sync(_current_revisions)
    return current != head_revisions()
