"""What it costs per request to refuse access tokens of an ended sign-in.

    .venv/bin/python -m bench.token_check                 # SQLite, 20,000 refresh tokens
    .venv/bin/python -m bench.token_check --tokens 200000 --requests 5000

A throw-away SQLite database built by Alembic holds one user with N refresh tokens in N/2
families (half of them revoked). The benchmark times the checks behind every authenticated
request: decoding the access token and reading its user (what was there before), then also
asking whether the token's sign-in (its refresh-token family) was ended. It prints p50/p95/p99.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from app.auth.repository import RefreshTokenRepository
from app.core.clock import utcnow
from app.core.config import Settings
from app.core.migrations import upgrade_to_head
from app.core.security import create_access_token, decode_access_token
from app.models import RefreshToken, User
from app.user.repository import UserRepository
from bench._common import calibration_ms, percentiles, print_table


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        settings = Settings()
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(upgrade_to_head)
        now = utcnow()
        async with AsyncSession(engine) as session:
            user = User(email="bench@example.vn", full_name="Bench")
            user.password_hash = "-"  # noqa: S105 - this user never signs in
            session.add(user)
            await session.flush()
            user_id = user.id
            rows = [
                {
                    "user_id": user_id,
                    "family_id": f"{index // 2:032x}",
                    "token_hash": uuid.uuid4().hex * 2,
                    "issued_at": now,
                    "expires_at": now + timedelta(days=30),
                    "revoked_at": now if index % 4 == 0 else None,
                }
                for index in range(args.tokens)
            ]
            await session.execute(insert(RefreshToken), rows)
            await session.commit()
        family = f"{args.tokens // 4 + 1:032x}"
        token = create_access_token(settings, user_id, now, family)
        timings: dict[str, list[float]] = {"user only": [], "user and sign-in": []}
        async with AsyncSession(engine) as session:
            for _ in range(args.requests):
                for name in timings:
                    started = time.perf_counter()
                    claims = decode_access_token(settings, token)
                    await UserRepository(session).get(claims.user_id)
                    if name != "user only" and claims.family_id:
                        await RefreshTokenRepository(session).family_revoked(claims.family_id)
                    timings[name].append((time.perf_counter() - started) * 1000)
                session.expunge_all()
        await engine.dispose()
    print(f"{args.tokens:,} refresh tokens, {args.requests:,} requests each")
    rows_out = []
    for name, samples in timings.items():
        cuts = percentiles(samples)
        rows_out.append([name, *(f"{cuts[p]:.3f} ms" for p in ("p50", "p95", "p99"))])
    print_table(["checks per request", "p50", "p95", "p99"], rows_out)
    print(f"calibration: {calibration_ms():.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
