"""Page speed: the search page and an offer page rendered on the server at N published
offers (default 100,000).

Builds a throw-away embedded install in a temporary folder (the offers of
bench/matching_speed.py, in SQLite and tantivy), then asks the application for pages
in-process (httpx over ASGI: the server's work, from routing to the finished HTML, without a
network): the search page with a new query each time (no cache of answered searches helps),
with a filter, and offer pages chosen at random (each with its related listings from
matching).

    .venv/bin/python bench/pages_speed.py                  # 100,000 offers
    .venv/bin/python bench/pages_speed.py --offers 20000   # quicker

Target: p95 < 100 ms for each page.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.config import Settings  # noqa: E402
from app.main import create_app  # noqa: E402
from bench._common import calibration_ms, percentiles, print_table  # noqa: E402
from bench.matching_speed import build, migrate, split  # noqa: E402

WORDS = [
    "máy sấy", "xử lý nước thải", "may say nong san", "robot hàn", "bảo quản vải thiều",
    "đúc đồng", "giấy tái chế", "cảm biến", "phân bón hữu cơ", "năng lượng mặt trời",
    "khuôn mẫu", "điện tử", "gỗ mỹ nghệ", "chế biến thực phẩm", "in 3D", "IoT nông nghiệp",
]  # fmt: skip


def queries(count: int) -> list[str]:
    """Distinct searches: a topic and a page or a sort, so no answer is in the cache."""
    generator = random.Random(7)
    made: list[str] = []
    while len(made) < count:
        words = generator.choice(WORDS)
        params = f"q={words}&page={generator.randint(1, 40)}"
        if params not in made:
            made.append(params)
    return made


async def time_pages(client: httpx.AsyncClient, paths: list[str]) -> list[float]:
    samples = []
    for path in paths:
        started = time.perf_counter()
        response = await client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    return samples


async def measure(data_dir: Path, offer_ids: list[int], samples: int) -> list[list[object]]:
    app = create_app(Settings(data_dir=data_dir))
    transport = httpx.ASGITransport(app=app)
    generator = random.Random(11)
    rows = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        await client.get("/search?q=warm")  # templates compiled, catalogues read
        searches = [f"/search?{params}" for params in queries(samples)]
        filtered = [f"/search?{params}&field_code=2" for params in queries(samples * 2)][samples:]
        offer_pages = [f"/offers/{generator.choice(offer_ids)}" for _ in range(samples)]
        for name, paths in (
            ("search page, new query", searches),
            ("search page, new query and a field", filtered),
            ("offer page (with related listings)", offer_pages),
        ):
            cuts = percentiles(await time_pages(client, paths))
            rows.append([name, len(paths), *(f"{cuts[p]:.1f}" for p in ("p50", "p95", "p99"))])
    await app.state.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="techex-pages-") as folder:
        data_dir = Path(folder)
        offers, _ = split(args.offers, 0)
        started = time.perf_counter()
        migrate(data_dir)
        asyncio.run(build(data_dir, offers, datetime.now(UTC)))
        print(f"{args.offers:,} offers stored and indexed in {time.perf_counter() - started:.0f} s")
        ids = [document["listing_id"] for document in offers]
        rows = asyncio.run(measure(data_dir, ids, args.samples))
    print(f"calibration: {calibration_ms():.0f} ms (a fixed piece of Python on this machine)")
    print_table(["page", "requests", "p50 ms", "p95 ms", "p99 ms"], rows)


if __name__ == "__main__":
    main()
