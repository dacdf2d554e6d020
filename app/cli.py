"""The `techex` command."""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import typer

from app.core.config import Settings, get_settings

app = typer.Typer(
    help="Sàn giao dịch công nghệ Bắc Ninh: technology exchange service.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command()
def migrate() -> None:
    """Apply database migrations up to the latest (Alembic upgrade head)."""
    from app.core.migrations import upgrade_to_head

    upgrade_to_head()
    typer.echo("Database schema is up to date.")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="The administrator's e-mail (sign-in name)")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    full_name: Annotated[str, typer.Option(help="Display name")] = "Quản trị hệ thống",
) -> None:
    """Create a platform administrator (or promote an existing account)."""
    from pydantic import ValidationError

    from app.core.db import standalone_session
    from app.core.errors import AppError
    from app.user.service import UserService

    async def run() -> bool:
        settings = get_settings()
        async with standalone_session(settings) as session:
            return await UserService(session, settings).ensure_admin(email, password, full_name)

    try:
        created = asyncio.run(run())
    except (AppError, ValidationError) as exc:
        detail = exc.detail if isinstance(exc, AppError) else exc.errors()[0]["msg"]
        typer.echo(f"Error: {detail}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"Administrator {email} {'created' if created else 'updated'}.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Server processes, started and restarted by uvicorn's supervisor; more than "
            "one needs --no-worker and one `techex worker` beside them",
        ),
    ] = 1,
    no_worker: Annotated[
        bool,
        typer.Option(
            "--no-worker",
            help="Do not run the background work (search outbox, daily jobs, e-mail) in the "
            "server; run one `techex worker` instead",
        ),
    ] = False,
) -> None:
    """Run the web service with uvicorn; on the embedded default (SQLite) apply pending
    migrations first.

    One process by default, which also runs the background work (search outbox, daily jobs,
    e-mail). With --workers N (N > 1) uvicorn runs N processes on the port and restarts any
    that dies; the background work then runs in its own process: give --no-worker and start
    one `techex worker`. In production put a reverse proxy in front (docs/deployment.md)."""
    if workers > 1 and not no_worker:
        typer.echo(
            "Error: with --workers above 1, the background work runs in its own process: "
            "add --no-worker and start one `techex worker` beside the server.",
            err=True,
        )
        raise typer.Exit(code=2)
    settings = get_settings()
    _refuse_a_taken_port(host, port)
    if settings.is_sqlite:
        from app.core.migrations import upgrade_to_head

        upgrade_to_head()
    _run_uvicorn(settings, host, port, workers, background=not no_worker)


def _refuse_a_taken_port(host: str, port: int) -> None:
    """Fail at start, with a message a person can act on, when the port is in use."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        typer.echo(
            f"Error: cannot listen on {host}:{port}: {exc.strerror or exc}. Another program "
            "(perhaps another `techex serve`) uses this port: stop it or choose --port.",
            err=True,
        )
        raise typer.Exit(code=1) from exc


def _run_uvicorn(
    settings: Settings, host: str, port: int, workers: int, *, background: bool
) -> None:
    import uvicorn

    from app.core.logging import configure_logging

    configure_logging(json=settings.log_json, secrets=settings.secret_values())
    # log_config=None: uvicorn's loggers go through the app's one logging configuration.
    options: dict[str, Any] = {"host": host, "port": port, "log_config": None}
    options.update(proxy_options(settings.proxy.trusted_ips))
    if workers == 1:
        from app.main import create_app

        uvicorn.run(create_app(settings, background=background), **options)
    else:
        # Each process builds its own app from the environment's settings, without the
        # background work (checked above: a `techex worker` runs it).
        uvicorn.run("app.main:create_app", factory=True, workers=workers, **options)


def proxy_options(trusted_proxies: str) -> dict[str, Any]:
    """X-Forwarded-For and X-Forwarded-Proto are read only from the proxies named in the
    settings; with none named (the default) they are ignored, so that a client cannot choose
    the address the sign-in limits count (uvicorn would otherwise trust loopback)."""
    if not trusted_proxies.strip():
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted_proxies}


@app.command("seed-demo")
def seed_demo() -> None:
    """Fill the database with a believable Bắc Ninh world (idempotent). Demo only."""
    from app.demo.seed import seed

    summary = asyncio.run(seed(get_settings()))
    for line in summary:
        typer.echo(line)


def _run_until_signalled(main: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run a long-lived worker until SIGINT or SIGTERM, then let it finish what it holds."""

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await main(stop)

    asyncio.run(run())


def _run_daily_job(name: str) -> None:
    from app.jobs.daily import run_job_once

    typer.echo(asyncio.run(run_job_once(get_settings(), name)))


@app.command("expire-listings")
def expire_listings() -> None:
    """Expire listings past their date and warn owners 30 days ahead (daily; the worker
    runs it by itself)."""
    _run_daily_job("expire-listings")


@app.command()
def worker() -> None:
    """Apply the search outbox to the search engine, run the daily jobs and send the e-mail
    outbox, until stopped (beside servers started with --no-worker; run one per database)."""
    from app.background import build_runner
    from app.core.db import standalone_sessionmaker
    from app.core.logging import configure_logging
    from app.search.engines import create_search_engine

    settings = get_settings()
    configure_logging(json=settings.log_json, secrets=settings.secret_values())

    async def run(stop: asyncio.Event) -> None:
        async with standalone_sessionmaker(settings) as sessionmaker:
            runner = build_runner(settings, sessionmaker, create_search_engine(settings))
            await runner.run_until_stopped(stop)

    typer.echo(
        f"Search outbox worker ({settings.search.engine}), daily jobs and e-mail; Ctrl-C to stop."
    )
    _run_until_signalled(run)


@app.command()
def reindex(
    batch_size: Annotated[int, typer.Option(min=1, max=5000, help="Documents per batch")] = 500,
) -> None:
    """Rebuild the search index from the database, with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from app.core.db import standalone_sessionmaker
    from app.listing.search_documents import ListingDocumentSource
    from app.search.engines import create_search_engine
    from app.search.reindex import rebuild_index

    settings = get_settings()
    source = ListingDocumentSource()

    async def run(progress: Progress) -> int:
        task = progress.add_task("Indexing listings", total=None)
        async with standalone_sessionmaker(settings) as sessionmaker:
            return await rebuild_index(
                sessionmaker,
                create_search_engine(settings),
                source,
                batch_size=batch_size,
                on_progress=lambda count: progress.advance(task, count),
            )

    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*Progress.get_default_columns()[:1], *columns) as progress:
        total = asyncio.run(run(progress))
    typer.echo(f"Indexed {total} listings into {settings.search.engine}.")


@app.command("mail-worker")
def mail_worker() -> None:
    """Send the e-mail outbox over SMTP (settings TECHEX_MAIL_*), or into the mailbox folder
    of the data folder when no SMTP server is set, until stopped; retries with backoff while
    the mail server is down."""
    from app.background import mail_runner
    from app.core.db import standalone_sessionmaker
    from app.core.logging import configure_logging
    from app.notification.mail import destination

    settings = get_settings()
    configure_logging(json=settings.log_json, secrets=settings.secret_values())

    async def run(stop: asyncio.Event) -> None:
        async with standalone_sessionmaker(settings) as sessionmaker:
            await mail_runner(settings, sessionmaker).run_until_stopped(stop)

    where = destination(settings.mail, settings.mailbox_dir)
    typer.echo(f"Mail worker ({where}); Ctrl-C to stop.")
    _run_until_signalled(run)


@app.command("deal-reminders")
def deal_reminders() -> None:
    """Remind brokers of deal tasks due and the parties of check-ins due (daily; the worker
    runs it by itself)."""
    _run_daily_job("deal-reminders")


@app.command("saved-search-digest")
def saved_search_digest() -> None:
    """Queue each user's e-mail of new listings for their saved searches (daily; the worker
    runs it by itself; `techex mail-worker` sends them)."""
    _run_daily_job("saved-search-digest")


@app.command()
def housekeeping() -> None:
    """Remove idempotency keys older than 30 days and refresh tokens expired 30 days ago
    (daily; the worker runs it by itself)."""
    _run_daily_job("housekeeping")


if __name__ == "__main__":
    app()
