"""Search speed: index N generated listings in tantivy, then time queries at the engine,
through the HTTP API (a real uvicorn server and 16 concurrent keep-alive clients), and through
a plain SQL LIKE scan of the same texts in a SQLite table (the naive baseline).

    .venv/bin/python bench/search_speed.py                 # 100,000 listings, 16 clients
    .venv/bin/python bench/search_speed.py --docs 20000 --processes 1    # quicker

Targets (2-core machine): engine p95 < 10 ms; API p95 < 50 ms with 16 concurrent clients.

The API is timed with three query streams, each against a fresh server (an empty cache of
answered searches, see app/search/cache.py), so that what the cache does is visible:
- every query new: no request repeats an earlier one; the worst case, no cache can help;
- Zipf: requests drawn from a pool of queries with the k-th most asked k times rarer than the
  first, the shape of real search logs;
- the 300 engine queries each asked 10 times: the stream earlier runs of this script used.
The clients are closed loops (each sends its next request when the answer arrives) and cost
about 0.1 ms of CPU per request (bench/_load.py), so the figures are the server's. With several
server processes, the last two columns show how the clients' connections were split among them
a second into the run, and how many the server closed (and the clients opened again) to even
out that split (app/core/balance.py): a process holding more connections keeps its clients
waiting longer.

Then an open loop: new queries arriving at random moments at a fixed average rate (100, 200
and 400 a second by default), as independent users send them; what a person waits at a given
traffic, where the closed loops measure a server kept busy all the time.
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
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.folding import search_fold
from app.search.documents import SearchDocument
from app.search.engines.tantivy import TantivyEngine
from app.search.glossary import load_glossary
from app.search.query import SearchRequest
from bench._common import calibration_ms, percentiles, print_table
from bench._load import run_closed_loop, run_open_loop, search_path

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
        month, day, minute = rng.randint(1, 11), rng.randint(1, 28), rng.randint(0, 59)
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
                # Published in 2026, expiring twelve months later (as listings do): the query's
                # expiry filter then has as many distinct values to range over as real data.
                "published_at": f"2026-{month:02d}-{day:02d}T08:{minute:02d}Z",
                "expires_at": f"2027-{month:02d}-{day:02d}T08:{minute:02d}Z",
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


def distinct_queries(count: int, avoid: set[str], seed: int = 23) -> list[str]:
    """`count` queries, none repeated and none in `avoid`."""
    found: list[str] = []
    seen = set(avoid)
    while len(found) < count:
        for query in make_queries(count, seed):
            if query not in seen:
                seen.add(query)
                found.append(query)
        seed += 1
    return found[:count]


def zipf_stream(pool: list[str], requests: int, exponent: float, seed: int = 5) -> list[str]:
    """Requests drawn from `pool` with the k-th query k^exponent times rarer than the first:
    the shape of real search logs (a few subjects asked all day, a long tail asked once)."""
    rng = random.Random(seed)
    weights = [1 / rank**exponent for rank in range(1, len(pool) + 1)]
    return rng.choices(pool, weights=weights, k=requests)


def repeat_share(stream: list[str]) -> float:
    """The share of requests that repeat an earlier one (what a cache can answer at best)."""
    return 1 - len(set(stream)) / len(stream)


def server_processes(pid: int) -> list[int]:
    """A server process and its worker processes (Linux /proc)."""
    return [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a server process and its worker processes."""
    total = 0.0
    for process in server_processes(pid):
        fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(value) for value in fields[11:13])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def connections_per_process(pid: int, port: int) -> list[int]:
    """How many of the connections established to `port` each server process holds, most
    first: the kernel hashes each new connection to one process (app/core/server.py), so 16
    clients may split 8/8 or 11/5, and the clients of the fuller process wait longer."""
    sockets = tcp_sockets(port, _ESTABLISHED)
    counts = [
        sum(1 for fd in Path(f"/proc/{process}/fd").iterdir() if _target(fd) in sockets)
        for process in server_processes(pid)
    ]
    return sorted((count for count in counts if count), reverse=True)


def _target(fd: Path) -> str:
    try:
        return os.readlink(fd)
    except OSError:  # closed meanwhile
        return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ApiRun:
    label: str
    samples_ms: list[float]
    repeats: float  # share of requests repeating an earlier one
    requests_per_s: float
    server_cpu_ms: float  # per request
    client_cpu_ms: float  # per request
    connections: list[int]  # held by each server process, most first
    reconnects: int  # connections the server closed to even out its processes' load


@contextmanager
def fresh_server(data_dir: Path, processes: int) -> Iterator[tuple[int, int]]:
    """A server started for one measurement (an empty cache) and warmed up: (port, pid)."""
    port = free_port()
    server = start_server(data_dir, port, processes)
    try:
        warm_up = [search_path(f"{q} khởi động") for q in make_queries(40, seed=99)]
        asyncio.run(run_closed_loop("127.0.0.1", port, iter(warm_up), 4))
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


def time_api(
    data_dir: Path, label: str, stream: list[str], clients: int, processes: int, facets: bool
) -> ApiRun:
    """A fresh server (an empty cache) answering `stream` to `clients` concurrent clients."""
    with fresh_server(data_dir, processes) as (port, pid):
        paths = iter([search_path(q, per_page=20, facets=str(facets).lower()) for q in stream])
        server_cpu, client_cpu = server_cpu_seconds(pid), time.process_time()
        connections: list[int] = []
        # Read while the run goes on (its clients connect at once and stay connected).
        look = threading.Timer(1.0, lambda: connections.extend(connections_per_process(pid, port)))
        look.start()
        started = time.perf_counter()
        loop = asyncio.run(run_closed_loop("127.0.0.1", port, paths, clients))
        elapsed = time.perf_counter() - started
        look.cancel()
        look.join()
        return ApiRun(
            label=label,
            samples_ms=loop.samples_ms,
            repeats=repeat_share(stream),
            requests_per_s=len(loop.samples_ms) / elapsed,
            server_cpu_ms=(server_cpu_seconds(pid) - server_cpu) * 1000 / len(loop.samples_ms),
            client_cpu_ms=(time.process_time() - client_cpu) * 1000 / len(loop.samples_ms),
            connections=connections,
            reconnects=loop.reconnects,
        )


def time_api_open(
    data_dir: Path, stream: list[str], rate_per_s: float, processes: int
) -> list[float]:
    """A fresh server answering requests that arrive at `rate_per_s`, whatever it answers."""
    with fresh_server(data_dir, processes) as (port, _):
        paths = [search_path(q, per_page=20) for q in stream]
        return asyncio.run(run_open_loop("127.0.0.1", port, paths, rate_per_s))


def start_server(data_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "TECHEX_DATA_DIR": str(data_dir),
        "TECHEX_SEARCH_ENGINE": "tantivy",
        "TECHEX_SEARCH_WORKER": "false",
    }
    # As operators run it (app/core/server.py: several processes share the port evenly).
    command = [
        str(Path(sys.executable).with_name("techex")), "serve", "--no-worker",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    root = Path(__file__).resolve().parents[1]
    log = data_dir / f"server-{port}.log"  # access lines and errors, out of the tables' way
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603
            command, env=environment, cwd=root, stdout=output, stderr=subprocess.STDOUT
        )
    for _ in range(150):
        if listening_sockets(port) >= workers and answers(port):
            return server
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the API server did not start:\n{log.read_text()}")


def answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def listening_sockets(port: int) -> int:
    """Sockets listening on the port: each server process opens its own once it has started."""
    return len(tcp_sockets(port, _LISTEN))


# Socket states in /proc/net/tcp.
_ESTABLISHED, _LISTEN = "01", "0A"


def tcp_sockets(port: int, state: str) -> set[str]:
    """The inodes (as /proc/PID/fd links name them) of this host's IPv4 TCP sockets whose local
    port is `port`, in `state`."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return {
        f"socket:[{row[9]}]" for row in rows if row[1].endswith(f":{port:04X}") and row[3] == state
    }


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


async def index_and_time_engine(
    data_dir: Path, documents: list[SearchDocument], queries: list[str]
) -> tuple[float, list[float], float, int]:
    """Indexing seconds; engine latencies, CPU ms per query and queries with a hit."""
    engine = TantivyEngine(data_dir / "search-index", load_glossary())
    await engine.ensure_ready()
    started = time.perf_counter()
    for start in range(0, len(documents), 10_000):
        await engine.apply(documents[start : start + 10_000], [])
    indexing_s = time.perf_counter() - started
    await time_engine(engine, queries[:30])  # warm-up
    cpu_started = time.process_time()
    samples, with_hits = await time_engine(engine, queries)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / len(queries)
    return indexing_s, samples, cpu_ms, with_hits


def api_streams(args: argparse.Namespace, queries: list[str]) -> dict[str, list[str]]:
    """The query streams the API is timed with; see the module docstring."""
    distinct = distinct_queries(args.requests, avoid=set())
    pool = distinct_queries(args.zipf_pool, avoid=set(), seed=71)
    return {
        "every query new (no cache can help)": distinct,
        f"Zipf s={args.zipf_exponent} over {args.zipf_pool:,} queries": zipf_stream(
            pool, args.requests, args.zipf_exponent
        ),
        f"{len(queries)} queries, each {args.requests // len(queries)} times": [
            queries[i % len(queries)] for i in range(args.requests)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--like-queries", type=int, default=60)
    parser.add_argument("--zipf-pool", type=int, default=2000)
    parser.add_argument("--zipf-exponent", type=float, default=1.0)
    parser.add_argument(
        "--processes", default="1,2", help="server processes to time the API with, e.g. 1,2"
    )
    parser.add_argument(
        "--open-rates", default="100,200,400", help="open-loop arrival rates (requests/s)"
    )
    parser.add_argument("--open-seconds", type=float, default=8, help="length of each")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    calibration = calibration_ms()
    documents = generate(args.docs)
    queries = make_queries(args.queries)
    streams = api_streams(args, queries)
    runs: list[tuple[int, ApiRun]] = []
    open_runs: list[tuple[int, float, list[float]]] = []
    with tempfile.TemporaryDirectory(prefix="techex-bench-") as folder:
        data_dir = Path(folder)
        indexing_s, engine_ms, engine_cpu_ms, with_hits = asyncio.run(
            index_and_time_engine(data_dir, documents, queries)
        )
        for processes in (int(n) for n in args.processes.split(",")):
            for label, stream in streams.items():
                run = time_api(data_dir, label, stream, args.clients, processes, facets=True)
                runs.append((processes, run))
            suggestions = time_api(
                data_dir, "suggestions (facets=false), every query new",
                streams["every query new (no cache can help)"], args.clients, processes,
                facets=False,
            )  # fmt: skip
            runs.append((processes, suggestions))
            for rate in (float(r) for r in args.open_rates.split(",")):
                stream = distinct_queries(int(rate * args.open_seconds), avoid=set(), seed=131)
                open_runs.append(
                    (processes, rate, time_api_open(data_dir, stream, rate, processes))
                )
        like_ms = like_baseline(data_dir / "like.db", documents, queries[: args.like_queries])

    print(f"\nSearch speed: {args.docs:,} generated listings, {os.cpu_count()} CPUs")
    print(f"Calibration (fixed pure-Python work; lower is faster): {calibration:.0f} ms")
    print(
        f"Load average (1 min) before {load_before:.1f}, after {os.getloadavg()[0]:.1f}: other "
        "processes on the same CPUs slow every figure below"
    )
    print(
        f"Indexing (tantivy, batches of 10,000): {indexing_s:.1f} s "
        f"({args.docs / indexing_s:,.0f} documents/s)"
    )
    print(f"Engine queries: {len(queries)} distinct, {with_hits} with at least one hit\n")
    engine_p, like_p = percentiles(engine_ms), percentiles(like_ms)
    print_table(
        ["path", "queries", "p50 ms", "p95 ms", "p99 ms", "CPU ms/query", "target"],
        [
            ["tantivy engine, 1 client, with facets", len(engine_ms),
             *(f"{engine_p[k]:.2f}" for k in ("p50", "p95", "p99")), f"{engine_cpu_ms:.2f}",
             "p95 < 10 ms"],
            ["SQL LIKE scan (SQLite, count + top 20)", len(like_ms),
             *(f"{like_p[k]:.2f}" for k in ("p50", "p95", "p99")), "", "baseline"],
        ],
    )  # fmt: skip
    print(
        f"LIKE scan / engine: p50 x{like_p['p50'] / engine_p['p50']:.0f}, "
        f"p95 x{like_p['p95'] / engine_p['p95']:.0f}\n"
    )
    print(
        f"HTTP API, {args.clients} concurrent clients, a fresh server (empty cache) per row; "
        "target p95 < 50 ms"
    )
    rows = []
    for processes, run in runs:
        api_p = percentiles(run.samples_ms)
        rows.append(
            [processes, run.label, f"{run.repeats:.0%}",
             *(f"{api_p[k]:.1f}" for k in ("p50", "p95", "p99")), f"{run.requests_per_s:.0f}",
             f"{run.server_cpu_ms:.2f}", f"{run.client_cpu_ms:.2f}",
             "/".join(map(str, run.connections)) or "?", run.reconnects]
        )  # fmt: skip
    print_table(
        ["server proc.", "query stream", "repeats", "p50 ms", "p95 ms", "p99 ms", "req/s",
         "server CPU ms/req", "client CPU ms/req", "connections per proc.", "reconnects"],
        rows,
    )  # fmt: skip

    print(
        "\nHTTP API, open loop: requests arriving at random moments at a fixed average rate "
        "(independent users), every query new, a pool of 64 keep-alive connections; latency "
        "from the moment each request was due"
    )
    print_table(
        ["server proc.", "arrivals/s", "requests", "p50 ms", "p95 ms", "p99 ms"],
        [
            [processes, f"{rate:.0f}", len(samples),
             *(f"{percentiles(samples)[k]:.1f}" for k in ("p50", "p95", "p99"))]
            for processes, rate, samples in open_runs
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
