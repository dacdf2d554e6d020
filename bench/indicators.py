"""Time to compute all indicators of one year over N transactions, on SQLite and PostgreSQL.

    .venv/bin/python bench/indicators.py                 # 1,000,000 transactions, both engines
    .venv/bin/python bench/indicators.py --rows 200000 --engines sqlite

Each engine gets a throw-away database built by Alembic (the real schema and indexes),
filled with generated transactions (2019-2026, growing over the years, realistic mix of
categories, directions, supplier types and statuses) by COPY on PostgreSQL and executemany
on SQLite. It then times IndicatorService.report() (the code behind GET /indicators) for one
year, by value and by count, all rows and verified only, and prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from app.core.disclosure import DisclosureRule
from app.core.migrations import upgrade_to_head
from app.indicator.disclosure import PublicView
from app.indicator.period import Period
from app.indicator.service import IndicatorService
from app.models.vocabulary import IndicatorMeasure

POSTGRES_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
YEAR = 2025
REPEATS = 5

COLUMNS = (
    "subject",
    "supplier_id",
    "recipient_id",
    "supplier_type",
    "supplier_country",
    "supplier_ownership",
    "recipient_type",
    "recipient_country",
    "recipient_ownership",
    "recipient_commune",
    "category",
    "ip_type",
    "transfer_methods",
    "field_code",
    "direction",
    "status",
    "signed_on",
    "signed_year",
    "value_vnd",
    "currency",
    "uses_state_funds",
    "verification",
    "excluded_from_statistics",
    "created_at",
    "updated_at",
)

# (type, country, ownership, weight)
ORGANIZATION_KINDS = [
    ("enterprise", "VN", "private", 50),
    ("enterprise", "VN", "state", 5),
    ("enterprise", "VN", "fdi", 10),
    ("research_institute", "VN", None, 8),
    ("university", "VN", None, 6),
    ("st_organization", "VN", None, 4),
    ("enterprise", "JP", None, 4),
    ("enterprise", "KR", None, 4),
    ("enterprise", "CN", None, 5),
    ("enterprise", "DE", None, 2),
    ("enterprise", "US", None, 2),
]
CATEGORIES = [
    ("technology_transfer", None, 30),
    ("equipment_with_technology", None, 25),
    ("capital_contribution", None, 3),
    ("ip_license", "trademark", 8),
    ("ip_license", "patent", 5),
    ("ip_assignment", "patent", 3),
    ("ip_assignment", "utility_solution", 2),
    ("st_service", None, 20),
    ("other", None, 4),
]
STATUSES = [("signed", 40), ("registered", 15), ("completed", 35), ("draft", 5), ("cancelled", 5)]
COMMUNES = ["09187", "07210", "09367", "09319", "09247", "07798"]


def organizations(count: int) -> list[tuple[int, str, str, str | None]]:
    kinds = random.choices(ORGANIZATION_KINDS, weights=[k[3] for k in ORGANIZATION_KINDS], k=count)
    return [(i + 1, t, c, o) for i, (t, c, o, _) in enumerate(kinds)]


def generate(rows: int, orgs: list[tuple[int, str, str, str | None]]) -> list[tuple[Any, ...]]:
    random.seed(149)
    vietnamese = [o for o in orgs if o[2] == "VN"]
    years = list(range(2019, 2027))
    year_weights = [1.25**i for i in range(len(years))]  # ~25 % more transactions a year
    now = datetime.now(UTC)
    category_choices = random.choices(CATEGORIES, weights=[c[2] for c in CATEGORIES], k=rows)
    status_choices = random.choices(STATUSES, weights=[s[1] for s in STATUSES], k=rows)
    year_choices = random.choices(years, weights=year_weights, k=rows)
    records = []
    for i in range(rows):
        supplier = random.choice(orgs)
        recipient = random.choice(vietnamese) if supplier[2] != "VN" else random.choice(orgs)
        if recipient[0] == supplier[0]:
            recipient = vietnamese[(vietnamese.index(recipient) + 1) % len(vietnamese)]
        if supplier[2] == "VN" and recipient[2] == "VN":
            direction = "domestic"
        elif supplier[2] == "VN":
            direction = "outbound"
        else:
            direction = "inbound"
        category, ip_type, _ = category_choices[i]
        year = year_choices[i]
        signed_on = date(year, 1, 1) + timedelta(days=random.randrange(365))
        records.append(
            (
                f"Hợp đồng {i}",
                supplier[0],
                recipient[0],
                supplier[1],
                supplier[2],
                supplier[3],
                recipient[1],
                recipient[2],
                recipient[3],
                random.choice(COMMUNES) if recipient[2] == "VN" else None,
                category,
                ip_type,
                "[]",
                random.choice("123456") + "0" + str(random.randrange(1, 9)),
                direction,
                status_choices[i][0],
                signed_on,
                year,
                int(random.lognormvariate(20, 1.2)),  # median ≈ 485 million đồng
                "VND",
                random.random() < 0.05,
                "verified" if random.random() < 0.3 else "self_reported",
                random.random() < 0.01,
                now,
                now,
            )
        )
    return records


async def create_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(upgrade_to_head)


def organization_rows(orgs: list[tuple[int, str, str, str | None]]) -> list[tuple[Any, ...]]:
    now = datetime.now(UTC)
    return [(i, f"Tổ chức {i}", t, o, False, c, "verified", now, now) for i, t, c, o in orgs]


ORG_COLUMNS = (
    "id",
    "name",
    "type",
    "ownership",
    "is_st_enterprise",
    "country",
    "verification_status",
    "created_at",
    "updated_at",
)


async def load_postgres(url: str, orgs: list[Any], records: list[tuple[Any, ...]]) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.copy_records_to_table(
            "organizations", records=organization_rows(orgs), columns=ORG_COLUMNS
        )
        await connection.copy_records_to_table("transactions", records=records, columns=COLUMNS)
        # Autovacuum does this on a live database; it lets the covering index answer alone.
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


def load_sqlite(path: Path, orgs: list[Any], records: list[tuple[Any, ...]]) -> None:
    connection = sqlite3.connect(path)
    try:
        placeholders = ", ".join("?" for _ in ORG_COLUMNS)
        connection.executemany(
            f"INSERT INTO organizations ({', '.join(ORG_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
            [
                (
                    *r[:7],
                    r[7].strftime("%Y-%m-%d %H:%M:%S.%f"),
                    r[8].strftime("%Y-%m-%d %H:%M:%S.%f"),
                )
                for r in organization_rows(orgs)
            ],
        )
        placeholders = ", ".join("?" for _ in COLUMNS)
        stamp = records[0][-1].strftime("%Y-%m-%d %H:%M:%S.%f")
        connection.executemany(
            f"INSERT INTO transactions ({', '.join(COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
            ((*r[:16], r[16].isoformat(), *r[17:23], stamp, stamp) for r in records),
        )
        connection.commit()
        connection.execute("ANALYZE")
    finally:
        connection.close()


async def time_reports(engine: AsyncEngine) -> dict[str, float]:
    public = PublicView(DisclosureRule(), max_cells=1500)
    cases = {
        "value": (IndicatorMeasure.value, False, None),
        "count": (IndicatorMeasure.count, False, None),
        "value, verified only": (IndicatorMeasure.value, True, None),
        "value, public (audited once, then cached)": (IndicatorMeasure.value, False, public),
    }
    results = {}
    for name, (measure, verified_only, view) in cases.items():
        timings = []
        for _ in range(REPEATS):
            async with AsyncSession(engine) as session:
                started = time.perf_counter()
                report = await IndicatorService(session).report(
                    Period(YEAR, YEAR), measure, verified_only=verified_only, public=view
                )
                timings.append(time.perf_counter() - started)
        assert report.indicators[0].value
        results[name] = statistics.median(timings)
        if view is not None:
            results["value, public: the first request (the audit)"] = timings[0]
    return results


async def bench_sqlite(records: list[Any], orgs: list[Any]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await create_schema(engine)
            await engine.dispose()
            started = time.perf_counter()
            load_sqlite(path, orgs, records)
            print(f"sqlite: loaded {len(records):,} rows in {time.perf_counter() - started:.1f} s")
            return await time_reports(engine)
        finally:
            await engine.dispose()


async def bench_postgres(
    records: list[Any], orgs: list[Any], keep: bool = False
) -> dict[str, float]:
    name = f"techex_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    engine = create_async_engine(url)
    try:
        await create_schema(engine)
        started = time.perf_counter()
        await load_postgres(url, orgs, records)
        print(f"postgresql: loaded {len(records):,} rows in {time.perf_counter() - started:.1f} s")
        return await time_reports(engine)
    finally:
        await engine.dispose()
        if keep:
            print(f"postgresql: kept database {name} (drop it when done)")
        else:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    random.seed(149)
    orgs = organizations(400)
    started = time.perf_counter()
    records = generate(args.rows, orgs)
    in_year = sum(1 for r in records if r[17] == YEAR)
    print(
        f"generated {len(records):,} transactions ({in_year:,} signed in {YEAR}) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    results: dict[str, dict[str, float]] = {}
    for engine in args.engines.split(","):
        if engine == "sqlite":
            results[engine] = await bench_sqlite(records, orgs)
        else:
            results[engine] = await bench_postgres(records, orgs, keep=args.keep)
    print()
    print(f"All indicators of {YEAR} over {len(records):,} transactions (median of {REPEATS} runs)")
    cases = list(next(iter(results.values())))
    print(f"{'engine':<12}" + "".join(f"{c:>24}" for c in cases))
    for engine, timings in results.items():
        print(f"{engine:<12}" + "".join(f"{timings[c] * 1000:>21.0f} ms" for c in cases))


if __name__ == "__main__":
    asyncio.run(main())
