"""Search quality on the demo catalogue: nDCG@10, recall@10 and the share of queries with a
relevant listing in the top 3, per engine, with and without cross-language expansion (the
glossary), on each part of the judged set and per kind of query.

    .venv/bin/python bench/search_eval.py [--split held-out|tuning|all] [--per-query]

The judged queries (bench/search_eval/queries.json) come in two parts: "tuning" may be looked at
while setting weights, the glossary and the synonyms; "held-out" is only reported on. The
default report is the held-out part.

The catalogue's published listings are mapped to SearchDocuments here (a small mapping of our
own, so the benchmark does not depend on the listing domain), indexed in tantivy (always) and
in Meilisearch (when MEILI_URL is set), and the judged queries of bench/search_eval/queries.json
are run. recall@10 is normalised by min(10, number of relevant listings) so that a query with
more than ten relevant listings can still reach 1.0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.search.documents import SearchDocument
from app.search.engines.base import SearchEngine
from app.search.engines.meilisearch import MeilisearchEngine
from app.search.engines.tantivy import TantivyEngine
from app.search.glossary import NO_GLOSSARY, Glossary, load_glossary
from app.search.query import SearchRequest
from bench._common import print_table

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "bench/search_eval/queries.json"
K = 10


def field_ancestors(code: str | None) -> list[str]:
    if not code:
        return []
    return [code[:n] for n in (1, 3, 5, 7) if n <= len(code)]


def _join(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


def offer_document(number: int, item: dict[str, Any], org_types: dict[str, str]) -> SearchDocument:
    country = item.get("origin_country") or "VN"
    return {
        "id": f"offer-{number}",
        "type": "offer",
        "listing_id": number,
        "title": item.get("title") or item.get("title_en") or "",
        "title_en": item.get("title_en"),
        "summary": item.get("summary") or "",
        "body": _join(item.get("description"), item.get("advantages"), item.get("applications")),
        "keywords": list(item.get("keywords") or []),
        "field_code": item.get("field_code"),
        "field_codes": field_ancestors(item.get("field_code")),
        "offer_kind": item.get("kind"),
        "trl": item.get("trl"),
        "ip_type": item.get("ip_type"),
        "origin_country": country,
        "origin": "domestic" if country == "VN" else "foreign",
        "organization_type": org_types.get(item.get("owner", "")),
        "organization_name": None,
        "price_mode": item.get("price_mode"),
        "commune_code": None,
        "published_at": "2026-11-01T00:00:00+00:00",
        "expires_at": None,
    }


def demand_document(number: int, item: dict[str, Any], org_types: dict[str, str]) -> SearchDocument:
    return {
        "id": f"demand-{number}",
        "type": "demand",
        "listing_id": number,
        "title": item.get("title") or "",
        "title_en": None,
        "summary": item.get("problem") or "",
        "body": _join(item.get("expected_result"), item.get("technical_requirements")),
        "keywords": list(item.get("keywords") or []),
        "field_code": item.get("field_code"),
        "field_codes": field_ancestors(item.get("field_code")),
        "offer_kind": None,
        "trl": item.get("min_trl"),
        "ip_type": None,
        "origin_country": "VN",
        "origin": "domestic",
        "organization_type": org_types.get(item.get("owner", "")),
        "organization_name": None,
        "price_mode": None,
        "commune_code": item.get("commune_code"),
        "published_at": "2026-11-01T00:00:00+00:00",
        "expires_at": None,
    }


def load_catalogue(folder: Path) -> tuple[list[SearchDocument], dict[str, str]]:
    """Published listings only; returns the documents and document id → catalogue ref."""
    org_file = folder / "organizations.json"
    organizations = json.loads(org_file.read_text("utf-8")) if org_file.exists() else []
    org_types = {org["key"]: org["type"] for org in organizations}
    documents: list[SearchDocument] = []
    refs: dict[str, str] = {}
    for name, build in (("offers.json", offer_document), ("demands.json", demand_document)):
        for number, item in enumerate(json.loads((folder / name).read_text("utf-8")), start=1):
            if item.get("status") != "published":
                continue
            document = build(number, item, org_types)
            documents.append(document)
            refs[document["id"]] = item["ref"]
    return documents, refs


def ndcg(ranked: list[str], relevant: dict[str, int]) -> float:
    gains = [(2 ** relevant.get(ref, 0) - 1) / math.log2(i + 2) for i, ref in enumerate(ranked[:K])]
    ideal_order = sorted(relevant.values(), reverse=True)[:K]
    ideal = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal_order))
    return sum(gains) / ideal if ideal else 0.0


def recall(ranked: list[str], relevant: dict[str, int]) -> float:
    found = len(set(ranked[:K]) & set(relevant))
    return found / min(K, len(relevant)) if relevant else 0.0


def top3(ranked: list[str], relevant: dict[str, int]) -> float:
    return 1.0 if any(relevant.get(ref, 0) > 0 for ref in ranked[:3]) else 0.0


Scores = tuple[float, float, float]  # nDCG@K, recall@K, a relevant listing in the top 3


async def ranked_refs(engine: SearchEngine, text: str, refs: dict[str, str]) -> list[str]:
    results = await engine.search(SearchRequest(text=text, limit=K, with_facets=False))
    return [refs[hit.document["id"]] for hit in results.hits]


async def evaluate(
    engine: SearchEngine, queries: list[dict[str, Any]], refs: dict[str, str]
) -> dict[str, list[Scores]]:
    by_kind: dict[str, list[Scores]] = defaultdict(list)
    for query in queries:
        ranked = await ranked_refs(engine, query["query"], refs)
        relevant = query["relevant"]
        scores = (ndcg(ranked, relevant), recall(ranked, relevant), top3(ranked, relevant))
        by_kind[query["kind"]].append(scores)
        by_kind["ALL"].append(scores)
    return by_kind


async def engines(folder: Path) -> list[tuple[str, Glossary, SearchEngine]]:
    glossary = load_glossary()
    found: list[tuple[str, Glossary, SearchEngine]] = [
        ("tantivy", NO_GLOSSARY, TantivyEngine(folder / "plain", NO_GLOSSARY)),
        ("tantivy", glossary, TantivyEngine(folder / "expanded", glossary)),
    ]
    if url := os.environ.get("MEILI_URL"):
        for label, chosen in (("plain", NO_GLOSSARY), ("expanded", glossary)):
            engine = MeilisearchEngine(
                url,
                os.environ.get("MEILI_KEY"),
                10,
                index_uid=f"techex-eval-{label}-{uuid.uuid4().hex[:6]}",
                glossary=chosen,
            )
            found.append(("meilisearch", chosen, engine))
    else:
        print("Meilisearch: not evaluated (set MEILI_URL to include it)\n")
    return found


def average(scores: list[Scores]) -> list[str]:
    return [f"{sum(s[i] for s in scores) / len(scores):.3f}" for i in range(3)]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogue", type=Path, default=ROOT / "app/demo/catalogue")
    parser.add_argument("--per-query", action="store_true", help="print every query's scores")
    parser.add_argument("--split", choices=["held-out", "tuning", "all"], default="held-out")
    args = parser.parse_args()

    if not (args.catalogue / "offers.json").exists():
        raise SystemExit(
            f"No catalogue at {args.catalogue}: give --catalogue DIR with offers.json and "
            "demands.json (the demo catalogue, app/demo/catalogue once the listings are merged)"
        )
    documents, refs = load_catalogue(args.catalogue)
    queries = [
        query
        for query in json.loads(QUERIES.read_text("utf-8"))["queries"]
        if args.split in ("all", query["split"])
    ]
    known = set(refs.values())
    missing = sorted({ref for q in queries for ref in q["relevant"] if ref not in known})
    if missing:
        print(f"Judged refs not published in this catalogue (count as misses): {missing}\n")
    print(f"{len(documents)} published listings, {len(queries)} queries ({args.split} part)\n")

    rows: list[list[object]] = []
    kinds = sorted({q["kind"] for q in queries})
    per_kind: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="techex-eval-") as folder:
        for name, glossary, engine in await engines(Path(folder)):
            await engine.ensure_ready()
            await engine.apply(documents, [])
            scores = await evaluate(engine, queries, refs)
            label = "with glossary" if glossary is not NO_GLOSSARY else "no expansion"
            rows.append([name, label, *average(scores["ALL"])])
            for kind in kinds:
                per_kind.append([name, label, kind, len(scores[kind]), *average(scores[kind])])
            if args.per_query:
                await print_per_query(engine, queries, refs, f"{name} {label}")
            if isinstance(engine, MeilisearchEngine):
                engine.client.delete_index(engine.index_uid)
    metrics = [f"nDCG@{K}", f"recall@{K}", "relevant in top 3"]
    print_table(["engine", "expansion", *metrics], rows)
    print()
    print_table(["engine", "expansion", "query kind", "n", *metrics], per_kind)


async def print_per_query(
    engine: SearchEngine, queries: list[dict[str, Any]], refs: dict[str, str], label: str
) -> None:
    print(f"\n{label}")
    for query in queries:
        ranked = await ranked_refs(engine, query["query"], refs)
        print(
            f"  {ndcg(ranked, query['relevant']):.2f} {recall(ranked, query['relevant']):.2f} "
            f"{query['query']!r}: {ranked}"
        )
    print()


if __name__ == "__main__":
    asyncio.run(main())
