"""Matching quality on the labelled demo set: precision@5 and nDCG@10 of the offers suggested
for each labelled demand (bench/matching_eval/labels.json, judged by reading), and of the
demands suggested for each labelled offer (the same judgements read the other way).

Builds a throw-away embedded install (SQLite + tantivy) in a temporary folder with the real
commands (`techex migrate`, `techex seed-demo`, `techex reindex`), then asks the matching
service exactly as `GET /demands/{id}/matches` does, as an anonymous visitor.

    .venv/bin/python bench/matching_eval.py            # summary table
    .venv/bin/python bench/matching_eval.py --per-listing
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession  # noqa: E402

from app.core.config import Settings  # noqa: E402
from app.core.db import create_engine, create_sessionmaker  # noqa: E402
from app.matching.service import find_matches  # noqa: E402
from app.models import Demand, Offer  # noqa: E402
from app.search.engines.base import SearchEngine, create_search_engine  # noqa: E402
from bench._common import print_table  # noqa: E402

LABELS = ROOT / "bench/matching_eval/labels.json"


def build_install(data_dir: Path) -> None:
    env = {**os.environ, "TECHEX_DATA_DIR": str(data_dir)}
    env.pop("TECHEX_DATABASE_URL", None)
    techex = str(ROOT / ".venv/bin/techex")
    for command in (["migrate"], ["seed-demo"], ["reindex"]):
        subprocess.run([techex, *command], env=env, check=True, capture_output=True)  # noqa: S603


def dcg(gains: list[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def invert(labels: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Offer → the demands it was judged relevant to, with the same grade."""
    inverted: dict[str, dict[str, int]] = {}
    for demand_ref, judged in labels.items():
        for offer_ref, grade in judged.items():
            inverted.setdefault(offer_ref, {})[demand_ref] = grade
    return inverted


async def evaluate_side(
    session: AsyncSession,
    engine: SearchEngine,
    model: type[Demand] | type[Offer],
    labels: dict[str, dict[str, int]],
    per_listing: bool,
) -> list[object]:
    precisions: list[float] = []
    ndcgs: list[float] = []
    rows: list[list[object]] = []
    for ref, judged in labels.items():
        listing = await session.scalar(select(model).where(model.external_ref == ref))
        if listing is None:
            raise SystemExit(f"{ref} is not in the demo catalogue")
        matches = await find_matches(session, engine, listing, None, limit=10)
        refs = [m.listing.external_ref or "" for m in matches]
        gains = [judged.get(r, 0) for r in refs]
        precision = sum(1 for g in gains[:5] if g > 0) / 5
        ideal = dcg(sorted(judged.values(), reverse=True)[:10])
        ndcg = dcg(gains[:10]) / ideal if ideal else 0.0
        precisions.append(precision)
        ndcgs.append(ndcg)
        top = ", ".join(f"{r[-3:]}{'*' * judged.get(r, 0)}" for r in refs[:5])
        rows.append([ref, f"{precision:.2f}", f"{ndcg:.3f}", top])
    if per_listing:
        print_table(["listing", "P@5", "nDCG@10", "top 5 suggested (* per grade)"], rows)
        print()
    # P@5 is capped by the labels: many listings have fewer than 5 relevant counterparts.
    reachable = [min(5, sum(1 for g in j.values() if g > 0)) / 5 for j in labels.values()]
    return [
        len(labels),
        f"{sum(precisions) / len(precisions):.3f}",
        f"{sum(reachable) / len(reachable):.3f}",
        f"{sum(ndcgs) / len(ndcgs):.3f}",
    ]


async def evaluate(data_dir: Path, per_listing: bool) -> None:
    settings = Settings(data_dir=data_dir)
    labels: dict[str, dict[str, int]] = json.loads(LABELS.read_text("utf-8"))["queries"]
    database = create_engine(settings)
    engine = create_search_engine(settings)
    try:
        async with create_sessionmaker(database)() as session:
            demand_row = await evaluate_side(session, engine, Demand, labels, per_listing)
            offer_row = await evaluate_side(session, engine, Offer, invert(labels), per_listing)
    finally:
        await database.dispose()
    print_table(
        ["direction", "listings", "precision@5", "best possible P@5", "nDCG@10"],
        [["demand → offers", *demand_row], ["offer → demands", *offer_row]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-listing", action="store_true")
    parser.add_argument("--data-dir", type=Path, help="reuse an install built earlier")
    args = parser.parse_args()
    if args.data_dir:
        asyncio.run(evaluate(args.data_dir, args.per_listing))
        return
    with tempfile.TemporaryDirectory(prefix="techex-matching-eval-") as folder:
        build_install(Path(folder))
        asyncio.run(evaluate(Path(folder), args.per_listing))


if __name__ == "__main__":
    main()
