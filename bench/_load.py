"""A lean HTTP/1.1 load generator: N keep-alive connections, each sending its next request as
soon as the previous answer has arrived (a closed loop, like N users clicking).

httpx costs about 3 ms of CPU per request; on a two-core machine that is CPU taken from the
server under test. These clients speak just enough HTTP (GET, Content-Length bodies) to cost a
tenth of that, so the figures measure the server rather than the load generator.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from urllib.parse import urlencode


class HttpError(RuntimeError):
    pass


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def run_closed_loop(host: str, port: int, paths: Iterator[str], clients: int) -> list[float]:
    """Latencies in ms of every request, `clients` requests in flight until `paths` runs out."""
    samples: list[float] = []

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for path in paths:
                request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
                started = time.perf_counter()
                writer.write(request)
                status, body = await _read_response(reader)
                samples.append((time.perf_counter() - started) * 1000)
                if status != 200:
                    raise HttpError(f"GET {path} answered {status}: {body[:200]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return samples


def search_path(query: str, **params: str | int) -> str:
    return "/api/v1/search?" + urlencode({"q": query, **params})


async def run_open_loop(
    host: str, port: int, paths: list[str], rate_per_s: float, connections: int = 64, seed: int = 3
) -> list[float]:
    """Latencies in ms of requests sent at `rate_per_s` on average, at random moments
    (Poisson arrivals: independent users), each on a free keep-alive connection of a pool.
    A latency counts from the moment the request was due, so time spent waiting for the
    server or for a free connection is measured too (no coordinated omission)."""
    loop = asyncio.get_running_loop()
    pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await asyncio.open_connection(host, port))
    samples: list[float] = []

    async def send(path: str, due: float) -> None:
        reader, writer = await pool.get()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        status, body = await _read_response(reader)
        samples.append((loop.time() - due) * 1000)
        pool.put_nowait((reader, writer))
        if status != 200:
            raise HttpError(f"GET {path} answered {status}: {body[:200]!r}")

    arrivals = random.Random(seed)
    due = loop.time()
    requests = []
    for path in paths:
        due += arrivals.expovariate(rate_per_s)
        await asyncio.sleep(max(0.0, due - loop.time()))
        requests.append(asyncio.create_task(send(path, due)))
    try:
        await asyncio.gather(*requests)
    finally:
        while not pool.empty():
            pool.get_nowait()[1].close()
    return samples
