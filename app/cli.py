"""The `techex` command (DESIGN §7)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
import uvicorn

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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Run the web service; on the embedded default (SQLite) apply pending migrations first."""
    settings = get_settings()
    if settings.is_sqlite:
        from app.core.migrations import upgrade_to_head

        upgrade_to_head()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
    )


@app.command("seed-demo")
def seed_demo() -> None:
    """Fill the database with a believable Bắc Ninh world (idempotent). Demo only."""
    from app.demo.seed import seed

    summary = asyncio.run(seed(get_settings()))
    for line in summary:
        typer.echo(line)


@app.command("expire-listings")
def expire_listings() -> None:
    """Expire listings past their date and warn owners 30 days ahead (run daily)."""
    from app.listing.jobs import run_expiry

    report = asyncio.run(run_expiry(get_settings()))
    typer.echo(f"Listings expired: {report.expired}; owners warned: {report.warned}.")


if __name__ == "__main__":
    app()
