"""`techex serve --workers N`: every process gets its share of the connections."""

from __future__ import annotations

import os
import pickle
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.core.server import ReusePortSocket

CLIENTS = 16
TECHEX = [sys.executable, "-m", "app.cli"]


def test_a_socket_sent_to_a_worker_arrives_as_its_own_socket_on_the_same_address() -> None:
    with ReusePortSocket.bound("127.0.0.1", 0) as supervisors:
        workers = pickle.loads(pickle.dumps(supervisors))  # noqa: S301 - our own bytes
        with workers:
            assert workers.fileno() != supervisors.fileno()
            assert workers.getsockname() == supervisors.getsockname()
            workers.listen()
            with socket.create_connection(workers.getsockname(), timeout=5):
                accepted, _ = workers.accept()
                accepted.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Served:
    port: int
    server: subprocess.Popen[bytes]
    log: Path


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHEX_")}
    env["TECHEX_DATA_DIR"] = str(tmp_path / "data")
    return env


@contextmanager
def serve_two_processes(env: dict[str, str], log: Path, *options: str) -> Iterator[Served]:
    port = _free_port()
    command = [*TECHEX, "serve", "--workers", "2", "--port", str(port), *options]
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            command, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while _listening_sockets(port) < 2 or not _answers(port):
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail(f"techex serve did not start: {log.read_text()}")
            time.sleep(0.2)
        yield Served(port, server, log)
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def two_processes(environment: dict[str, str], tmp_path: Path) -> Iterator[Served]:
    with serve_two_processes(environment, tmp_path / "serve.log", "--no-worker") as served:
        yield served


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _tcp_table() -> list[tuple[str, str, str, str]]:
    """(local address, remote address, state, inode) of each IPv4 TCP socket, as the kernel
    lists them: addresses in hex, "0100007F:1F40" for 127.0.0.1:8000; state 0A is LISTEN."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return [(row[1], row[2], row[3], row[9]) for row in rows]


def _listening_sockets(port: int) -> int:
    """Sockets listening on the port (each worker opens its own once its app has started)."""
    return sum(
        1 for local, _, state, _ in _tcp_table() if local.endswith(f":{port:04X}") and state == "0A"
    )


def _connections_from(pid: int, client_ports: set[int]) -> int:
    """How many of the clients' connections the process holds."""
    links = (os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir())
    inodes = {link[len("socket:[") : -1] for link in links if link.startswith("socket:[")}
    # Distinct sockets: the kernel's table, read while connections come and go, may list one twice.
    return len(
        {
            inode
            for _, remote, _, inode in _tcp_table()
            if inode in inodes and int(remote.split(":")[1], 16) in client_ports
        }
    )


def _workers(pid: int) -> list[int]:
    """The server processes (uvicorn's spawned workers; not multiprocessing's helpers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children if b"resource_tracker" not in _read(child, "cmdline")]


def _read(pid: int | str, name: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except FileNotFoundError:  # the process has just ended
        return b""


def test_connections_opened_at_once_are_spread_over_the_processes(two_processes: Served) -> None:
    port, server = two_processes.port, two_processes.server
    # Keep-alive clients connecting together, as a proxy's connection pool does: with one
    # shared listening socket, the first process to wake took every connection.
    clients = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(CLIENTS)]
    workers = _workers(server.pid)
    try:
        holders = Counter(_accepted_by(workers, client) for client in clients)
        for client in clients:
            _get_healthz(client)
    finally:
        for client in clients:
            client.close()
    # The kernel hashes connections over the two sockets: all 16 on one has odds of 1 in 32,768.
    assert len(holders) == 2, holders


def test_one_of_the_processes_feeds_search_without_a_separate_worker(
    environment: dict[str, str], tmp_path: Path
) -> None:
    for step in ("migrate", "seed-demo"):
        done = subprocess.run(  # noqa: S603 - our own command line
            [*TECHEX, step], env=environment, capture_output=True, check=False, timeout=120
        )
        assert done.returncode == 0, done.stderr
    with serve_two_processes(environment, tmp_path / "serve.log") as served:
        # The demo's listings reach the new index only through the background work (the
        # rebuild of a new index, then the outbox), which no `techex worker` runs here.
        search = f"http://127.0.0.1:{served.port}/api/v1/search?q=duc+dong"
        deadline = time.monotonic() + 60
        while httpx.get(search, timeout=5).json()["total"] == 0:
            assert time.monotonic() < deadline, served.log.read_text()
            time.sleep(0.5)
        assert len(_background_starts(served.log)) == 1


def _background_starts(log: Path) -> list[int]:
    """The processes that started the background work, in order, as the log says."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text())  # the console log's colours
    return [
        int(pid) for pid in re.findall(r"background work starts in this process pid=(\d+)", text)
    ]


def _wait_for_starts(log: Path, count: int) -> list[int]:
    deadline = time.monotonic() + 60
    while len(starts := _background_starts(log)) < count:
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    return starts


def test_when_the_process_doing_the_background_work_dies_another_takes_over(
    environment: dict[str, str], tmp_path: Path
) -> None:
    with serve_two_processes(environment, tmp_path / "serve.log") as served:
        [first] = _wait_for_starts(served.log, 1)
        os.kill(first, signal.SIGKILL)  # a crash: no chance to release anything
        starts = _wait_for_starts(served.log, 2)
        assert len(starts) == 2 and starts[1] != first
        assert _answers(served.port)


def _holder(workers: list[int], client: socket.socket) -> int | None:
    """The server process that has accepted the client's connection, if one has yet."""
    port = client.getsockname()[1]
    for pid in workers:
        if _connections_from(pid, {port}):
            return pid
    return None


def _get_healthz(client: socket.socket) -> bool:
    """One request on the connection; whether the server said it closes the connection."""
    client.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += client.recv(4096)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    length = int(re.search(rb"content-length: (\d+)", head.lower())[1])  # type: ignore[index]
    while len(body) < length:
        body += client.recv(4096)
    return b"\r\nconnection: close" in head.lower()


def _accepted_by(workers: list[int], client: socket.socket) -> int:
    """The server process that accepts the client's connection (waiting for it to)."""
    deadline = time.monotonic() + 10
    while (pid := _holder(workers, client)) is None:
        assert time.monotonic() < deadline, "a connection was never accepted"
        time.sleep(0.01)
    return pid


def _connect(port: int, workers: list[int]) -> tuple[int, socket.socket]:
    """A new client connection and the process that has accepted it."""
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    return _accepted_by(workers, client), client


def _split(port: int, workers: list[int], heavy: int, light: int) -> dict[int, list[socket.socket]]:
    """Client connections such that one process holds `heavy` and the other `light`."""
    held: dict[int, list[socket.socket]] = {pid: [] for pid in workers}
    while max(len(c) for c in held.values()) < heavy or min(len(c) for c in held.values()) < light:
        pid, client = _connect(port, workers)
        held[pid].append(client)
    first, second = sorted(held.values(), key=len, reverse=True)
    for clients, keep in ((first, heavy), (second, light)):
        while len(clients) > keep:
            clients.pop().close()
    return held


def test_a_process_holding_more_connections_sends_clients_to_reconnect_until_even(
    two_processes: Served,
) -> None:
    port, workers = two_processes.port, _workers(two_processes.server.pid)
    held = _split(port, workers, heavy=6, light=2)
    heavy = max(held, key=lambda pid: len(held[pid]))
    try:
        time.sleep(0.2)  # the surplus connections' ends reach the processes
        rounds = 0
        while abs(len(held[workers[0]]) - len(held[workers[1]])) > 0:
            rounds += 1
            assert rounds < 50, {pid: len(clients) for pid, clients in held.items()}
            for pid, clients in held.items():
                for client in list(clients):
                    if _get_healthz(client):  # told to reconnect, as any HTTP client does
                        assert len(clients) >= len(held[_other(pid, workers)]) + 2
                        clients.remove(client)
                        client.close()
                        holder, new = _connect(port, workers)
                        held[holder].append(new)
            if rounds == 1:
                assert len(held[heavy]) < 6
        # Even now: requests go on without any connection being closed.
        for clients in held.values():
            for client in clients * 10:
                assert not _get_healthz(client)
    finally:
        for clients in held.values():
            for client in clients:
                client.close()


def _other(pid: int, workers: list[int]) -> int:
    return next(other for other in workers if other != pid)
