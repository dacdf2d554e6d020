"""Search speed: index N generated listings in tantivy, then time queries at the engine,
through the HTTP API (a real uvicorn server, concurrent httpx clients), and through a plain SQL
LIKE scan of the same texts in a SQLite table (the naive baseline).

    .venv/bin/python bench/search_speed.py                 # 100,000 listings, 16 clients
    .venv/bin/python bench/search_speed.py --docs 20000    # quicker

Targets (2-core machine): engine p95 < 10 ms; API p95 < 50 ms with 16 concurrent clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.search.documents import SearchDocument
from app.search.engines.tantivy import TantivyEngine
from app.search.folding import search_fold
from app.search.glossary import load_glossary
from app.search.query import SearchRequest
from bench._common import percentiles, print_table

GLOSSARY_FILE = Path(__file__).resolve().parents[1] / "app/search/data/glossary_vi_en.json"
PREFIXES = ["Công nghệ", "Hệ thống", "Quy trình", "Thiết bị", "Giải pháp", "Dây chuyền", "Máy"]
CONNECTORS = ["cho", "dùng trong", "ứng dụng cho", "kết hợp", "phục vụ"]
CONTEXTS = [
    "làng nghề", "doanh nghiệp nhỏ và vừa", "khu công nghiệp Quế Võ", "hợp tác xã nông nghiệp",
    "nhà máy điện tử", "xưởng cơ khí", "vùng vải thiều Lục Ngạn", "làng nghề giấy Phong Khê",
    "làng nghề đúc đồng Đại Bái", "làng gỗ Đồng Kỵ", "trang trại chăn nuôi", "bệnh viện tuyến tỉnh",
    "khu công nghiệp Yên Phong", "khu công nghiệp VSIP", "cụm công nghiệp Tiên Du", "xã Tam Sơn",
    "phường Đình Bảng", "huyện Lương Tài", "huyện Gia Bình", "thị xã Thuận Thành",
    "nhà máy may xuất khẩu", "cơ sở chế biến nông sản", "trường cao đẳng nghề", "trạm y tế xã",
    "doanh nghiệp FDI", "hộ sản xuất", "nhà máy thức ăn chăn nuôi", "trang trại rau an toàn",
    "khu dân cư nông thôn", "nhà máy nước sạch",
]  # fmt: skip
FILLER = [
    "hiệu suất cao", "tiết kiệm năng lượng", "vận hành đơn giản", "chi phí thấp", "đã thử nghiệm",
    "đạt tiêu chuẩn ISO", "giảm phát thải", "tự động hoàn toàn", "quy mô 500 tấn/năm",
    "bảo hành 24 tháng", "chuyển giao trọn gói", "đào tạo vận hành", "phù hợp điều kiện Bắc Ninh",
    "nội địa hóa 80%",
]  # fmt: skip
FIELDS = ["20201", "20202", "20303", "40104", "40107", "20701", "10201", "20505"]
KINDS = ["technology", "equipment", "ip_asset", "research_result", "st_service"]
COMMUNES = ["09190", "09193", "09208", "09217", "09253", "09286", "09301"]


def vocabulary() -> tuple[list[str], list[str]]:
    entries = json.loads(GLOSSARY_FILE.read_text("utf-8"))["entries"]
    return [t for e in entries for t in e["vi"]], [t for e in entries for t in e["en"]]


def domains() -> dict[str, tuple[list[str], list[str]]]:
    """Glossary terms by industry: a listing is about one subject and speaks its domain's words."""
    by_domain: dict[str, tuple[list[str], list[str]]] = {}
    for entry in json.loads(GLOSSARY_FILE.read_text("utf-8"))["entries"]:
        vi, en = by_domain.setdefault(entry["domain"], ([], []))
        vi.extend(entry["vi"])
        en.extend(entry["en"])
    return by_domain


def _vietnamese_text(rng: random.Random, subject: str, related: list[str]) -> tuple[str, str, str]:
    title = f"{rng.choice(PREFIXES)} {subject} {rng.choice(CONNECTORS)} {rng.choice(CONTEXTS)}"
    summary = (
        f"{rng.choice(PREFIXES)} {subject} {rng.choice(FILLER)}, "
        f"kết hợp {related[0]} và {related[1]}."
    )
    sentences = [
        f"{rng.choice(PREFIXES)} {term} {rng.choice(FILLER)} {rng.choice(CONNECTORS)} "
        f"{rng.choice(CONTEXTS)}"
        for term in [subject, *related]
    ]
    return title, summary, ". ".join(sentences) + "."


def generate(count: int, seed: int = 7) -> list[SearchDocument]:
    """Listings each about one subject of one industry (as real listings are), in Vietnamese;
    one in ten in English (foreign suppliers)."""
    rng = random.Random(seed)
    by_domain = domains()
    names = sorted(by_domain)
    documents: list[SearchDocument] = []
    for i in range(1, count + 1):
        kind = "offer" if rng.random() < 0.75 else "demand"
        english = rng.random() < 0.1
        vi_terms, en_terms = by_domain[rng.choice(names)]
        if english:
            subject, *related = rng.sample(en_terms, 5)
            title = f"{subject.capitalize()} for {rng.choice(en_terms)}"
            summary = f"{subject.capitalize()} with {related[0]} and {related[1]}."
            body = ". ".join(f"{term} for {rng.choice(en_terms)}" for term in related) + "."
            keywords = related[:3]
        else:
            subject, *related = rng.sample(vi_terms, 5)
            title, summary, body = _vietnamese_text(rng, subject, related)
            keywords = [subject, *related[:2]]
        field = rng.choice(FIELDS)
        trl = rng.randint(3, 9)
        documents.append(
            {
                "id": f"{kind}-{i}",
                "type": kind,  # type: ignore[typeddict-item]
                "listing_id": i,
                "title": title,
                "title_en": None,
                "summary": summary,
                "body": body,
                "keywords": keywords,
                "field_code": field,
                "field_codes": [field[0], field[:3], field],
                "offer_kind": rng.choice(KINDS) if kind == "offer" else None,
                "trl": trl,
                "ip_type": rng.choice([None, "patent", "utility_solution"]),
                "origin_country": "JP" if english else "VN",
                "origin": "foreign" if english else "domestic",
                "organization_type": rng.choice(["enterprise", "university", "research_institute"]),
                "organization_name": f"Đơn vị {i % 997}",
                "price_mode": rng.choice(["fixed", "range", "negotiable", "on_request"]),
                "commune_code": rng.choice(COMMUNES),
                "published_at": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T08:00Z",
                "expires_at": None,
            }
        )
    return documents


def make_queries(count: int, seed: int = 11) -> list[str]:
    """Realistic query forms: with and without diacritics, upper case, unfinished last word,
    English, one typo in a longer word, a term plus a context word."""
    rng = random.Random(seed)
    vi_terms, en_terms = vocabulary()
    queries: list[str] = []
    while len(queries) < count:
        term = rng.choice(vi_terms)
        form = rng.randrange(7)
        if form == 0:
            queries.append(term)
        elif form == 1:
            queries.append(search_fold(term))
        elif form == 2:
            queries.append(term.upper())
        elif form == 3 and len(term) > 4:
            queries.append(term[: max(3, len(term) - 2)])
        elif form == 4:
            queries.append(rng.choice(en_terms))
        elif form == 5:
            word = rng.choice(en_terms)
            if len(word) >= 6:
                cut = rng.randrange(1, len(word) - 1)
                queries.append(word[:cut] + word[cut + 1 :])
        else:
            queries.append(f"{term} {rng.choice(['làng nghề', 'Bắc Ninh', 'tự động'])}")
    return queries


async def time_engine(engine: TantivyEngine, queries: list[str]) -> tuple[list[float], int]:
    samples, hits = [], 0
    for query in queries:
        started = time.perf_counter()
        results = await engine.search(SearchRequest(text=query, limit=20))
        samples.append((time.perf_counter() - started) * 1000)
        hits += results.total > 0
    return samples, hits


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def time_api(base_url: str, queries: list[str], clients: int, requests: int) -> list[float]:
    samples: list[float] = []
    work = [queries[i % len(queries)] for i in range(requests)]

    async def client_loop(client: httpx.AsyncClient) -> None:
        while work:
            query = work.pop()
            started = time.perf_counter()
            response = await client.get("/api/v1/search", params={"q": query, "per_page": 20})
            samples.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        for query in queries[:20]:  # warm-up
            await client.get("/api/v1/search", params={"q": query})
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    return samples


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "TECHEX_DATA_DIR": str(data_dir),
        "TECHEX_SEARCH_ENGINE": "tantivy",
        "TECHEX_SEARCH_WORKER": "false",
    }
    command = [
        sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    root = Path(__file__).resolve().parents[1]
    server = subprocess.Popen(command, env=environment, cwd=root)  # noqa: S603
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the API server did not start")


def like_baseline(
    db_path: Path, documents: list[SearchDocument], queries: list[str]
) -> list[float]:
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TABLE IF EXISTS bench_listings")
    connection.execute(
        "CREATE TABLE bench_listings (id INTEGER PRIMARY KEY, title TEXT, summary TEXT, body TEXT)"
    )
    connection.executemany(
        "INSERT INTO bench_listings VALUES (?, ?, ?, ?)",
        [(d["listing_id"], d["title"], d["summary"], d["body"]) for d in documents],
    )
    connection.commit()
    samples = []
    for query in queries:
        words = query.split()
        condition = " AND ".join(["(title LIKE ? OR summary LIKE ? OR body LIKE ?)"] * len(words))
        params = [f"%{w}%" for w in words for _ in range(3)]
        started = time.perf_counter()
        connection.execute(f"SELECT count(*) FROM bench_listings WHERE {condition}", params)  # noqa: S608
        connection.execute(
            f"SELECT id FROM bench_listings WHERE {condition} ORDER BY id DESC LIMIT 20",  # noqa: S608
            params,
        ).fetchall()
        samples.append((time.perf_counter() - started) * 1000)
    connection.close()
    return samples


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--like-queries", type=int, default=60)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="techex-bench-") as folder:
        data_dir = Path(folder)
        documents = generate(args.docs)
        queries = make_queries(args.queries)
        engine = TantivyEngine(data_dir / "search-index", load_glossary())
        await engine.ensure_ready()

        started = time.perf_counter()
        for start in range(0, len(documents), 10_000):
            await engine.apply(documents[start : start + 10_000], [])
        indexing_s = time.perf_counter() - started

        await time_engine(engine, queries[:30])  # warm-up
        engine_ms, with_hits = await time_engine(engine, queries)

        port = free_port()
        server = start_server(data_dir, port)
        try:
            api_ms = await time_api(
                f"http://127.0.0.1:{port}", queries, args.clients, args.requests
            )
        finally:
            server.terminate()
            server.wait(timeout=10)

        like_ms = like_baseline(data_dir / "like.db", documents, queries[: args.like_queries])

    engine_p, api_p, like_p = percentiles(engine_ms), percentiles(api_ms), percentiles(like_ms)
    print(f"\nSearch speed: {args.docs:,} generated listings, {os.cpu_count()} CPUs")
    print(
        f"Indexing (tantivy, batches of 10,000): {indexing_s:.1f} s "
        f"({args.docs / indexing_s:,.0f} documents/s)"
    )
    print(f"Queries: {len(queries)} distinct, {with_hits} with at least one hit\n")
    rows = [
        ["tantivy engine (1 client, with facets)", len(engine_ms),
         *(f"{engine_p[k]:.2f}" for k in ("p50", "p95", "p99")), "< 10 ms"],
        [f"HTTP API ({args.clients} concurrent clients)", len(api_ms),
         *(f"{api_p[k]:.2f}" for k in ("p50", "p95", "p99")), "< 50 ms"],
        ["SQL LIKE scan (SQLite, count + top 20)", len(like_ms),
         *(f"{like_p[k]:.2f}" for k in ("p50", "p95", "p99")), "baseline"],
    ]  # fmt: skip
    print_table(["path", "queries", "p50 ms", "p95 ms", "p99 ms", "target"], rows)
    print(
        f"\nLIKE scan / engine: p50 x{like_p['p50'] / engine_p['p50']:.0f}, "
        f"p95 x{like_p['p95'] / engine_p['p95']:.0f}"
    )
    print(f"API throughput: {len(api_ms) / (sum(api_ms) / 1000 / args.clients):.0f} requests/s")


if __name__ == "__main__":
    asyncio.run(main())
