"""Listing jobs run from the command line (their own engine and transaction)."""

from __future__ import annotations

from app.core.config import Settings
from app.core.db import create_engine, create_sessionmaker
from app.listing.expiry import ExpiryReport, expire_and_warn
from app.models.base import utcnow


async def run_expiry(settings: Settings) -> ExpiryReport:
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await expire_and_warn(session, utcnow(), settings.listing)
    finally:
        await engine.dispose()
