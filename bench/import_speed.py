"""How long the research-result import takes for a 10,000-row file.

Generates a file of N valid rows (CSV and XLSX), then on each reachable engine (a fresh
SQLite file; a fresh PostgreSQL database when the server answers) times: parsing and
validation alone (dry run), the real import, and a re-import of the same file (which must
change nothing). Prints a table.

    .venv/bin/python bench/import_speed.py [--rows 10000] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import tempfile
import time
import uuid
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.config import DatabaseSettings, Environment, Settings
from app.core.db import create_engine, create_sessionmaker
from app.core.migrations import upgrade_to_head
from app.listing.importer import COLUMNS, ResearchResultImport
from app.models import Organization, User
from app.models.vocabulary import OrganizationType, VerificationStatus

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
FIELDS = ("10101", "20701", "20201", "40101", "30201", "2", "207", "401")


def rows(count: int) -> list[list[str]]:
    out = []
    for i in range(count):
        out.append(
            [
                {
                    "external_ref": f"BENCH-{i:06d}",
                    "title": f"Kết quả nghiên cứu số {i}: quy trình xử lý phụ phẩm nông nghiệp",
                    "summary": "Quy trình ủ phụ phẩm thành phân hữu cơ vi sinh.",
                    "description": (
                        "Đề tài cấp tỉnh: chế phẩm vi sinh phân giải rơm rạ, thân ngô, vỏ vải "
                        f"thiều thành phân hữu cơ trong 30 ngày; mẫu thử nghiệm số {i}."
                    ),
                    "kind": "ip_asset" if i % 5 == 0 else "research_result",
                    "ip_type": "patent" if i % 5 == 0 else "",
                    "field_code": FIELDS[i % len(FIELDS)],
                    "keywords": "vi sinh; phân hữu cơ; phụ phẩm",
                    "trl": str(1 + i % 9),
                    "transfer_methods": "documents; training",
                    "price_mode": "range" if i % 3 == 0 else "negotiable",
                    "price_min_vnd": "100000000" if i % 3 == 0 else "",
                    "price_max_vnd": "300000000" if i % 3 == 0 else "",
                    "price_hidden": "yes" if i % 7 == 0 else "no",
                }.get(column, "")
                for column in COLUMNS
            ]
        )
    return out


def csv_bytes(data: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(data)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(data: list[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(COLUMNS))
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def run_engine(url: str, data_dir: Path, files: dict[str, bytes]) -> list[tuple[str, ...]]:
    settings = Settings(
        environment=Environment.test, data_dir=data_dir, database=DatabaseSettings(url=url)
    )
    engine = create_engine(settings)
    results = []
    try:
        async with engine.begin() as connection:
            await connection.run_sync(upgrade_to_head)
        sessionmaker = create_sessionmaker(engine)
        for fmt, data in files.items():
            async with sessionmaker() as session, session.begin():
                organization = Organization(
                    name=f"Viện đo tốc độ {fmt} {uuid.uuid4().hex[:6]}",
                    type=OrganizationType.research_institute,
                    country="VN",
                    verification_status=VerificationStatus.verified,
                )
                user = User(
                    email=f"bench-{uuid.uuid4().hex[:8]}@example.com",
                    full_name="Bench",
                    password_hash="x",  # noqa: S106 - never signs in
                )
                session.add_all([organization, user])
                await session.flush()
                organization_id, user_id = organization.id, user.id
            for step, dry_run in (("dry run", True), ("import", False), ("re-import", False)):
                async with sessionmaker() as session, session.begin():
                    organization = await session.get(Organization, organization_id)
                    user = await session.get(User, user_id)
                    assert organization is not None and user is not None
                    started = time.perf_counter()
                    report = await ResearchResultImport(session, organization, user).run(
                        data, dry_run=dry_run, skip_bad_rows=False, max_rows=1_000_000
                    )
                    elapsed = time.perf_counter() - started
                assert report.invalid == 0, report.errors[:3]
                outcome = f"{report.created} new, {report.unchanged} unchanged"
                results.append(
                    (fmt, step, f"{elapsed:.2f}", f"{report.rows / elapsed:,.0f}", outcome)
                )
    finally:
        await engine.dispose()
    return results


async def postgres_database(admin_url: str) -> str | None:
    name = f"techex_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"PostgreSQL not reachable ({type(exc).__name__}); skipped.")
        return None
    finally:
        await admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres(admin_url: str, url: str) -> None:
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            name = make_url(url).database
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    args = parser.parse_args()
    data = rows(args.rows)
    files = {"csv": csv_bytes(data), "xlsx": xlsx_bytes(data)}
    sizes = ", ".join(f"{fmt} {len(content) / 1e6:.1f} MB" for fmt, content in files.items())
    print(f"{args.rows:,} rows ({sizes})\n")
    table: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        table += [("SQLite", *r) for r in await run_engine(sqlite_url, Path(tmp), files)]
        pg_url = await postgres_database(args.postgres_url)
        if pg_url:
            try:
                table += [("PostgreSQL", *r) for r in await run_engine(pg_url, Path(tmp), files)]
            finally:
                await drop_postgres(args.postgres_url, pg_url)
    header = ("engine", "file", "step", "seconds", "rows/s", "outcome")
    widths = [max(len(str(row[i])) for row in (header, *table)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *table):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    asyncio.run(main())
