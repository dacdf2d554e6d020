"""The `techex` command (DESIGN §7)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from typing import Annotated

import typer

from app.core.config import get_settings

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
    from app.demo.accounts import ensure_admin

    try:
        created = asyncio.run(ensure_admin(get_settings(), email, password, full_name))
    except ValueError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"Administrator {email} {'created' if created else 'updated'}.")


# `techex serve` without --workers: a process per core (a search runs on the core of the
# process it reaches, see TantivyEngine.search), at most this many.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    cores = len(os.sched_getaffinity(0))  # the cores this process may use (a container's)
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Server processes, sharing the port (default: one per core, at most "
            f"{MAX_DEFAULT_WORKERS}; a search uses the core of the process it arrives at)",
        ),
    ] = None,
    no_worker: Annotated[
        bool,
        typer.Option(
            "--no-worker",
            help="Do not run the background work (search outbox, daily jobs, e-mail) in the "
            "server (run `techex worker` instead)",
        ),
    ] = False,
) -> None:
    """Run the web service; on the embedded default (SQLite) apply pending migrations first.

    The background work (search outbox, daily jobs, e-mail) runs in one of the server's
    processes, unless --no-worker is given (then run one `techex worker` beside them)."""
    os.environ["TECHEX_SEARCH_WORKER"] = "false" if no_worker else "true"
    get_settings.cache_clear()
    settings = get_settings()
    if settings.is_sqlite:
        from app.core.migrations import upgrade_to_head

        upgrade_to_head()
    from app.core.server import serve as serve_app

    serve_app(host, port, workers or default_workers())


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
    outbox, until stopped (the scale-out path: one worker beside several `serve --no-worker`)."""
    from app.core.db import standalone_sessionmaker
    from app.jobs.daily import JOBS, POLL_INTERVAL, DailyScheduler
    from app.notification.mail import MailSender
    from app.search.engines.base import create_search_engine
    from app.search.sources import production_source
    from app.search.worker import OutboxWorker

    settings = get_settings()
    source = production_source()

    async def run(stop: asyncio.Event) -> None:
        async with standalone_sessionmaker(settings) as sessionmaker:
            outbox_worker = OutboxWorker.from_settings(
                settings, sessionmaker, create_search_engine(settings), source
            )
            scheduler = DailyScheduler(sessionmaker, settings, JOBS)
            await asyncio.gather(
                outbox_worker.run(stop, settings.search.worker_poll_seconds),
                scheduler.run_forever(stop, POLL_INTERVAL),
                MailSender.from_settings(sessionmaker, settings).run(stop),
            )

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
    from app.search.engines.base import create_search_engine
    from app.search.reindex import rebuild_index
    from app.search.sources import production_source

    settings = get_settings()
    source = production_source()

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
    from app.core.db import standalone_sessionmaker
    from app.notification.mail import MailSender, destination

    settings = get_settings()

    async def run(stop: asyncio.Event) -> None:
        async with standalone_sessionmaker(settings) as sessionmaker:
            await MailSender.from_settings(sessionmaker, settings).run(stop)

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
