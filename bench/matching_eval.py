"""Matching quality on the labelled set: nDCG@5, precision@5 and the share of demands with a
relevant offer in the top 5, for the offers suggested for each labelled demand
(bench/matching_eval/labels.json, judged by reading), and the same read the other way (the
demands suggested for each labelled offer).

The labels come in two parts: "tuning" may be looked at while setting the weights; "held-out"
is only reported on (the default). Builds a throw-away embedded install (SQLite + tantivy) in a
temporary folder with the real commands (`techex migrate`, `techex seed-demo`), adds the
benchmark's own demands (bench/matching_eval/demands.json, owned by the department, which lists
no offers), indexes with `techex reindex`, then asks the matching service exactly as
`GET /demands/{id}/matches` does, as an anonymous visitor.

    .venv/bin/python bench/matching_eval.py [--split held-out|tuning|all] [--per-listing]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession  # noqa: E402

from app.core.config import Settings  # noqa: E402
from app.core.db import create_engine, create_sessionmaker, standalone_session  # noqa: E402
from app.demo.listings import seed_listings  # noqa: E402
from app.matching.service import find_matches  # noqa: E402
from app.models import Demand, Offer, Organization  # noqa: E402
from app.search.engines import create_search_engine  # noqa: E402
from app.search.engines.base import SearchEngine  # noqa: E402
from bench._common import print_table  # noqa: E402

LABELS = ROOT / "bench/matching_eval/labels.json"
EXTRA_DEMANDS = ROOT / "bench/matching_eval/demands.json"
K = 5


def build_install(data_dir: Path) -> None:
    env = {**os.environ, "TECHEX_DATA_DIR": str(data_dir)}
    env.pop("TECHEX_DATABASE_URL", None)
    techex = str(ROOT / ".venv/bin/techex")
    for command in (["migrate"], ["seed-demo"]):
        subprocess.run([techex, *command], env=env, check=True, capture_output=True)  # noqa: S603
    asyncio.run(add_extra_demands(Settings(data_dir=data_dir)))
    subprocess.run([techex, "reindex"], env=env, check=True, capture_output=True)  # noqa: S603


async def add_extra_demands(settings: Settings) -> None:
    """The benchmark's own demands, published by the department (which lists no offers)."""
    with tempfile.TemporaryDirectory(prefix="techex-matching-demands-") as folder:
        shutil.copy(EXTRA_DEMANDS, Path(folder) / "demands.json")
        async with standalone_session(settings) as session:
            department = await session.scalar(
                select(Organization).join(Demand).where(Demand.external_ref == "DEMO-D-002")
            )
            if department is None:
                raise SystemExit("the demo department (owner of DEMO-D-002) is missing")
            await seed_listings(session, {"sokhcn": department}, catalogue_dir=Path(folder))


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
    found: list[float] = []
    rows: list[list[object]] = []
    for ref, judged in labels.items():
        listing = await session.scalar(select(model).where(model.external_ref == ref))
        if listing is None:
            raise SystemExit(f"{ref} is not in the demo catalogue")
        matches = await find_matches(session, engine, listing, None, limit=10)
        refs = [m.listing.external_ref or "" for m in matches]
        gains = [judged.get(r, 0) for r in refs]
        precision = sum(1 for g in gains[:K] if g > 0) / K
        ideal = dcg(sorted(judged.values(), reverse=True)[:K])
        ndcg = dcg(gains[:K]) / ideal if ideal else 0.0
        precisions.append(precision)
        ndcgs.append(ndcg)
        found.append(1.0 if any(gains[:K]) else 0.0)
        top = ", ".join(f"{r[-3:]}{'*' * judged.get(r, 0)}" for r in refs[:K])
        rows.append([ref, f"{precision:.2f}", f"{ndcg:.3f}", top])
    if per_listing:
        print_table(["listing", f"P@{K}", f"nDCG@{K}", "top 5 suggested (* per grade)"], rows)
        print()
    # P@5 is capped by the labels: many listings have fewer than 5 relevant counterparts.
    reachable = [min(K, sum(1 for g in j.values() if g > 0)) / K for j in labels.values()]
    return [
        len(labels),
        f"{sum(ndcgs) / len(ndcgs):.3f}",
        f"{sum(found) / len(found):.3f}",
        f"{sum(precisions) / len(precisions):.3f}",
        f"{sum(reachable) / len(reachable):.3f}",
    ]


def load_labels(split: str) -> dict[str, dict[str, int]]:
    data = json.loads(LABELS.read_text("utf-8"))
    chosen = [*data["tuning"], *data["held-out"]] if split == "all" else data[split]
    return {ref: data["queries"][ref] for ref in chosen}


async def evaluate(data_dir: Path, per_listing: bool, split: str) -> None:
    settings = Settings(data_dir=data_dir)
    labels = load_labels(split)
    database = create_engine(settings)
    engine = create_search_engine(settings)
    try:
        async with create_sessionmaker(database)() as session:
            demand_row = await evaluate_side(session, engine, Demand, labels, per_listing)
            offer_row = await evaluate_side(session, engine, Offer, invert(labels), per_listing)
    finally:
        await database.dispose()
    print(f"{split} part\n")
    print_table(
        [
            "direction",
            "listings",
            f"nDCG@{K}",
            f"relevant in top {K}",
            f"precision@{K}",
            f"best possible P@{K}",
        ],
        [["demand → offers", *demand_row], ["offer → demands", *offer_row]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-listing", action="store_true")
    parser.add_argument("--data-dir", type=Path, help="reuse an install built earlier")
    parser.add_argument("--split", choices=["held-out", "tuning", "all"], default="held-out")
    args = parser.parse_args()
    if args.data_dir:
        asyncio.run(evaluate(args.data_dir, args.per_listing, args.split))
        return
    with tempfile.TemporaryDirectory(prefix="techex-matching-eval-") as folder:
        build_install(Path(folder))
        asyncio.run(evaluate(Path(folder), args.per_listing, args.split))


if __name__ == "__main__":
    main()
