"""Matching speed: one demand against N published offers (default 100,000).

Builds a throw-away embedded install in a temporary folder: the schema by `techex migrate`,
N generated offers (the topic-coherent listings of bench/search_speed.py) inserted into SQLite
and indexed in tantivy, then times `find_matches` (the service behind GET
/demands/{id}/matches: engine candidates, database load, re-ranking) for generated demands, and
the engine's candidate query alone.

    .venv/bin/python bench/matching_speed.py                  # 100,000 offers, 300 demands
    .venv/bin/python bench/matching_speed.py --offers 20000   # quicker

Target: p95 of a whole match under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app.core.config import Settings  # noqa: E402
from app.core.db import create_engine, create_sessionmaker  # noqa: E402
from app.matching.service import candidate_ids, find_matches  # noqa: E402
from app.models import Demand, Offer, Organization  # noqa: E402
from app.models.vocabulary import ListingStatus, OrganizationType  # noqa: E402
from app.search.documents import SearchDocument  # noqa: E402
from app.search.engines.tantivy import TantivyEngine  # noqa: E402
from app.search.glossary import load_glossary  # noqa: E402
from bench._common import calibration_ms, percentiles, print_table  # noqa: E402
from bench.search_speed import generate  # noqa: E402

BATCH = 5_000


def split(total_offers: int, demands: int) -> tuple[list[SearchDocument], list[SearchDocument]]:
    """The generator makes three offers for each demand; keep generating until both are met."""
    documents = generate(int((total_offers + demands) * 1.4))
    offers = [d for d in documents if d["type"] == "offer"][:total_offers]
    wanted = [d for d in documents if d["type"] == "demand"][:demands]
    if len(offers) < total_offers:
        raise SystemExit("generator made too few offers")
    return offers, wanted


def offer_row(document: SearchDocument, organization_id: int, now: datetime) -> dict[str, object]:
    return {
        "id": document["listing_id"],
        "organization_id": organization_id,
        "status": ListingStatus.published,
        "title": document["title"],
        "summary": document["summary"],
        "description": document["body"],
        "keywords": document["keywords"],
        "field_code": document["field_code"],
        "kind": document["offer_kind"] or "technology",
        "trl": document["trl"],
        "origin_country": document["origin_country"] or "VN",
        "price_mode": document["price_mode"] or "negotiable",
        "published_at": now - timedelta(days=document["listing_id"] % 400),
        "expires_at": now + timedelta(days=365),
    }


def demand_of(document: SearchDocument, now: datetime) -> Demand:
    """A demand not stored anywhere: matching reads only its fields."""
    return Demand(
        id=document["listing_id"],
        organization_id=-1,
        title=document["title"],
        keywords=document["keywords"],
        problem=f"{document['summary']} {document['body']}",
        field_code=document["field_code"],
        min_trl=document["trl"],
        budget_confidential=False,
        anonymous=False,
        published_at=now,
    )


def migrate(data_dir: Path) -> None:
    env = {**os.environ, "TECHEX_DATA_DIR": str(data_dir)}
    env.pop("TECHEX_DATABASE_URL", None)
    subprocess.run([str(ROOT / ".venv/bin/techex"), "migrate"], env=env, check=True)  # noqa: S603


async def build(data_dir: Path, offers: list[SearchDocument], now: datetime) -> None:
    database = create_engine(Settings(data_dir=data_dir))
    async with create_sessionmaker(database)() as session, session.begin():
        organization = Organization(
            name="Đơn vị cung cấp (benchmark)", type=OrganizationType.enterprise, country="VN"
        )
        session.add(organization)
        await session.flush()
        for start in range(0, len(offers), BATCH):
            rows = [offer_row(d, organization.id, now) for d in offers[start : start + BATCH]]
            await session.execute(insert(Offer), rows)
    await database.dispose()
    engine = TantivyEngine(data_dir / "search-index", load_glossary())
    for start in range(0, len(offers), 20_000):
        await engine.apply(offers[start : start + 20_000], [])


async def measure(data_dir: Path, queries: list[Demand]) -> list[list[object]]:
    settings = Settings(data_dir=data_dir)
    database = create_engine(settings)
    engine = TantivyEngine(settings.search_index_dir, load_glossary())
    full: list[float] = []
    engine_only: list[float] = []
    found = 0
    try:
        async with create_sessionmaker(database)() as session:
            await find_matches(session, engine, queries[0], None)  # warm caches
            for demand in queries:
                started = time.perf_counter()
                await candidate_ids(engine, demand, datetime.now(UTC))
                engine_only.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                matches = await find_matches(session, engine, demand, None)
                full.append((time.perf_counter() - started) * 1000)
                found += len(matches)
    finally:
        await database.dispose()
    rows = []
    for name, samples in (("engine candidates", engine_only), ("whole match", full)):
        cuts = percentiles(samples)
        rows.append([name, len(samples), *(f"{cuts[p]:.1f}" for p in ("p50", "p95", "p99"))])
    rows.append(["matches returned per demand", "", f"{found / len(queries):.1f}", "", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--demands", type=int, default=300)
    args = parser.parse_args()
    now = datetime.now(UTC)
    offers, demand_documents = split(args.offers, args.demands)
    queries = [demand_of(document, now) for document in demand_documents]
    with tempfile.TemporaryDirectory(prefix="techex-matching-speed-") as folder:
        started = time.perf_counter()
        migrate(Path(folder))
        asyncio.run(build(Path(folder), offers, now))
        print(f"{len(offers)} offers stored and indexed in {time.perf_counter() - started:.0f} s")
        rows = asyncio.run(measure(Path(folder), queries))
    print(f"Calibration (fixed pure-Python work; lower is faster): {calibration_ms():.0f} ms")
    print(f"Matching one demand against {len(offers):,} offers (ms):")
    print_table(["step", "demands", "p50", "p95", "p99"], rows)


if __name__ == "__main__":
    main()
