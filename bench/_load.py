"""A lean HTTP/1.1 load generator: N keep-alive connections, each sending its next request as
soon as the previous answer has arrived (a closed loop, like N users clicking).

httpx costs about 3 ms of CPU per request; on a two-core machine that is CPU taken from the
server under test. These clients speak just enough HTTP (GET, Content-Length bodies) to cost a
tenth of that, so the figures measure the server rather than the load generator.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode


class HttpError(RuntimeError):
    pass


@dataclass
class Response:
    status: int
    body: bytes
    closing: bool  # the server closes the connection after it (Connection: close)


async def _read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status, length, closing = int(lines[0].split()[1]), 0, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            closing = value.strip().lower() == b"close"
    return Response(status, await reader.readexactly(length), closing)


@dataclass(frozen=True)
class Request:
    """One request of a stream; `kind` names it in the tables (search, read, write)."""

    path: str
    kind: str = "search"
    method: str = "GET"
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


def post_json(path: str, payload: object, kind: str, **headers: str) -> Request:
    body = json.dumps(payload).encode()
    pairs = (("Content-Type", "application/json"), *headers.items())
    return Request(path, kind, "POST", body, pairs)


class Connection:
    """A keep-alive connection that, like any HTTP client, opens a new one when the server
    announces that it closes this one."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reopened = 0

    async def open(self) -> Connection:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def get(self, path: str) -> Response:
        return await self.send(Request(path))

    async def send(self, request: Request) -> Response:
        head = f"{request.method} {request.path} HTTP/1.1\r\nHost: {self.host}\r\n"
        for name, value in request.headers:
            head += f"{name}: {value}\r\n"
        if request.body:
            head += f"Content-Length: {len(request.body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + request.body)
        response = await _read_response(self.reader)
        if response.closing:
            await self.reopen()
        if not 200 <= response.status < 300:
            raise HttpError(
                f"{request.method} {request.path} answered {response.status}: "
                f"{response.body[:200]!r}"
            )
        return response

    async def reopen(self) -> None:
        self.close()
        await self.open()
        self.reopened += 1

    def close(self) -> None:
        self.writer.close()


@dataclass
class ClosedLoop:
    samples_ms: list[float]  # the latency of every request
    reconnects: int  # connections the server closed (and the clients opened again)


async def run_closed_loop(host: str, port: int, paths: Iterator[str], clients: int) -> ClosedLoop:
    """`clients` requests in flight until `paths` runs out."""
    samples: list[float] = []
    connections = [Connection(host, port) for _ in range(clients)]

    async def client(connection: Connection) -> None:
        await connection.open()
        try:
            for path in paths:
                started = time.perf_counter()
                await connection.get(path)
                samples.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()

    await asyncio.gather(*(client(connection) for connection in connections))
    return ClosedLoop(samples, sum(connection.reopened for connection in connections))


def search_path(query: str, **params: str | int) -> str:
    return "/api/v1/search?" + urlencode({"q": query, **params})


@dataclass
class OpenLoop:
    samples_ms: dict[str, list[float]] = field(default_factory=dict)  # by request kind
    errors: int = 0  # answers other than 2xx, broken connections, timeouts
    # CPU that processes other than the server and the clients used meanwhile, in cores
    # (set by the caller that knows the server's processes): on a shared machine, what the
    # server could not use.
    others_cores: float = 0.0

    def all_ms(self) -> list[float]:
        return [sample for samples in self.samples_ms.values() for sample in samples]


async def run_open_loop(
    host: str,
    port: int,
    requests: Sequence[str | Request],
    rate_per_s: float,
    connections: int = 64,
    seed: int = 3,
    timeout_s: float = 10.0,
) -> OpenLoop:
    """Latencies in ms of requests sent at `rate_per_s` on average, at random moments
    (Poisson arrivals: independent users), each on a free keep-alive connection of a pool.
    A latency counts from the moment the request was due, so time spent waiting for the
    server or for a free connection is measured too (no coordinated omission). A request that
    fails or takes longer than `timeout_s` counts as an error, not as a latency."""
    loop = asyncio.get_running_loop()
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await Connection(host, port).open())
    result = OpenLoop()

    async def send(request: Request, due: float) -> None:
        connection = await pool.get()
        try:
            await asyncio.wait_for(connection.send(request), timeout_s)
        except (HttpError, OSError, TimeoutError, asyncio.IncompleteReadError):
            result.errors += 1
            await connection.reopen()  # its state is unknown after a failure
            return
        finally:
            pool.put_nowait(connection)
        result.samples_ms.setdefault(request.kind, []).append((loop.time() - due) * 1000)

    arrivals = random.Random(seed)
    due = loop.time()
    tasks = []
    for item in requests:
        request = Request(item) if isinstance(item, str) else item
        due += arrivals.expovariate(rate_per_s)
        await asyncio.sleep(max(0.0, due - loop.time()))
        tasks.append(asyncio.create_task(send(request, due)))
    try:
        await asyncio.gather(*tasks)
    finally:
        while not pool.empty():
            pool.get_nowait().close()
    return result
