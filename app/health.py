"""/healthz: the process answers. /readyz: database, migrations, search engine and the
background work."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from app.core.background import Runner
from app.core.clock import utcnow
from app.core.db import READ_ONLY
from app.core.migrations import pending_migrations
from app.models import MailOutbox
from app.models.vocabulary import MailStatus
from app.search import repository as search_repository

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Ready to serve: database reachable, schema at head, search up")
async def readyz(request: Request) -> JSONResponse:
    checks: dict[str, Any] = {}
    engine = request.app.state.engine.execution_options(**READ_ONLY)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
        pending = await pending_migrations(engine)
        checks["migrations"] = {
            "ok": not pending,
            "detail": "pending migrations: run `techex migrate`" if pending else "at head",
        }
        if not pending:
            checks["search_outbox"] = await search_outbox_check(request)
            checks["background"] = await background_check(request)
    except SQLAlchemyError as exc:
        checks["database"] = {"ok": False, "detail": type(exc).__name__}
        checks["migrations"] = {"ok": False, "detail": "database unreachable"}
    health = await request.app.state.search_engine.health()
    cache = request.app.state.search_cache.stats()
    checks["search"] = {
        "ok": health.ok,
        "engine": request.app.state.search_engine.name,
        "detail": health.detail,
        # This process's cache of answered searches (app/search/cache.py).
        "cache": {"hits": cache.hits, "misses": cache.misses, "entries": cache.entries},
    }
    ready = all(check["ok"] for check in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
    )


async def search_outbox_check(request: Request) -> dict[str, Any]:
    """The index's backlog. Informational: writes keep working while the index catches up, so a
    backlog does not make the service unready; watch `oldest_age_seconds` and `failing`."""
    async with request.app.state.sessionmaker() as session:
        await session.connection(execution_options=READ_ONLY)
        backlog = await search_repository.backlog(session)
    oldest = backlog.oldest_created_at
    return {
        "ok": True,
        "pending": backlog.pending,
        "failing": backlog.failing,
        "oldest_age_seconds": round((utcnow() - oldest).total_seconds(), 1) if oldest else 0.0,
    }


async def background_check(request: Request) -> dict[str, Any]:
    """The background loops of this process (None when a `techex worker` runs them: its log
    tells) and the e-mail outbox's backlog. Informational, like the search outbox's: a failing
    loop keeps retrying and the service keeps answering."""
    runner: Runner | None = request.app.state.background
    async with request.app.state.sessionmaker() as session:
        await session.connection(execution_options=READ_ONLY)
        mail_pending = await session.scalar(
            select(func.count(MailOutbox.id)).where(MailOutbox.status == MailStatus.pending)
        )
    return {
        "ok": True,
        "in_this_process": runner is not None,
        "loops": {state.name: state.as_dict() for state in runner.states()} if runner else None,
        "mail_outbox_pending": mail_pending or 0,
    }
