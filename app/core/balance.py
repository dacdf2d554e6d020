"""Keeping the server's processes evenly loaded while clients hold keep-alive connections.

With `techex serve --workers N` the kernel hands each new connection to one of the processes
by a hash of its addresses (SO_REUSEPORT, app/core/server.py), so the split is a random
draw. A client that keeps its connection open (a reverse proxy's pool, a browser) stays with
the process it reached, and an uneven draw lasts: 16 connections were split 11/5 or 12/4 in
about a fifth of the benchmark's runs, and the process holding 12 made its clients wait
about twice as long as the other did (bench/search_speed.py, "connections per proc.").

So the processes count their open connections on a board they share, and a process holding
at least `MARGIN` more than the one holding fewest answers with `Connection: close`: the
client opens a new connection, which the kernel draws again, until the split is even.
Reverse proxies close keep-alive connections for the same reason (nginx's
`keepalive_requests`, gRPC's maximum connection age); here it happens only while the split
is uneven, so an even one never pays for a new connection. (Counting requests in flight
instead was tried: with searches run on the event loop that count jumps from one moment to
the next, and a third of the requests closed their connection for nothing.)

The board is a file of one (pid, open connections) slot per process, mapped into memory by
each of them: the supervisor creates it before starting the processes, and each process
claims a free slot (or the slot of a process that died) under a file lock.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import mmap
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("uvicorn.error")
# Slots on a board: processes added while the server runs (uvicorn's SIGTTIN) need one each.
SLOTS = 64
# How the supervisor tells its processes where the board is (set before they start).
BOARD_VARIABLE = "TECHEX_LOAD_BOARD"
# Connections beyond the fewest another process holds that make a process close one: with 1,
# an odd number of connections would be moved back and forth for ever.
MARGIN = 2

_SLOT = 2  # int64 values per slot: pid, open connections


class LoadBoard:
    """The open connections of each of the server's processes, shared between them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("r+b") as file:
            self._map = mmap.mmap(file.fileno(), 0)
        self._values = memoryview(self._map).cast("q")
        self.slots = len(self._values) // _SLOT
        self._mine: int | None = None
        self._closing = 0  # connections told to close that are not gone yet

    @staticmethod
    def create(slots: int = SLOTS) -> Path:
        """A new board (by the supervisor), for `slots` processes at most; in memory where Linux has
        a memory file system, so that the processes' counting never reaches a disk."""
        folder = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108 - private file
        descriptor, name = tempfile.mkstemp(prefix="techex-load-", dir=folder)
        with os.fdopen(descriptor, "wb") as file:
            file.write(bytes(8 * _SLOT * slots))
        return Path(name)

    def claim(self) -> bool:
        """Take a free slot, or the slot of a process that has died (a restarted process
        takes the place of the one it replaces); False when every slot is taken."""
        with self._locked():
            for slot in range(self.slots):
                pid = self._values[slot * _SLOT]
                if pid in (0, os.getpid()) or not _alive(pid):
                    self._values[slot * _SLOT] = os.getpid()
                    self._values[slot * _SLOT + 1] = 0
                    self._mine = slot
                    return True
        return False

    def release(self) -> None:
        if self._mine is not None:
            self._values[self._mine * _SLOT : (self._mine + 1) * _SLOT] = memoryview(
                bytes(8 * _SLOT)
            ).cast("q")
            self._mine = None

    def opened(self) -> None:
        self._count(+1)

    def closing(self) -> None:
        """A connection was told to close: it stops counting now, not when it is gone, or
        the other answers sent before it goes would close connections too."""
        self._count(-1)
        self._closing += 1

    def closed(self) -> None:
        if self._closing:  # (maybe another connection than the one told to: the count is
            self._closing -= 1  # right again once both are gone)
        else:
            self._count(-1)

    def _count(self, change: int) -> None:
        if self._mine is not None:
            self._values[self._mine * _SLOT + 1] += change

    def connections(self) -> dict[int, int]:
        """Open connections by pid, of the processes that hold a slot."""
        values = self._values
        return {
            values[slot * _SLOT]: values[slot * _SLOT + 1]
            for slot in range(self.slots)
            if values[slot * _SLOT]
        }

    def busier_than_the_rest(self) -> bool:
        """At least MARGIN more connections here than in the process holding fewest."""
        if self._mine is None:
            return False
        pids, counts = self._values[0::_SLOT].tolist(), self._values[1::_SLOT].tolist()
        mine = counts[self._mine]
        others = [count for slot, count in enumerate(counts) if pids[slot] and slot != self._mine]
        return bool(others) and mine - min(others) >= MARGIN

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self.path.open("rb") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)


_board: LoadBoard | None = None


def this_process_board() -> LoadBoard | None:
    """The board of the server this process serves in, its slot claimed on first use; None
    when it serves alone (no board was set up by `techex serve`)."""
    global _board
    path = os.environ.get(BOARD_VARIABLE)
    if _board is None and path and Path(path).is_file():
        board = LoadBoard(Path(path))
        if board.claim():
            _board = board
        else:
            log.warning("more server processes than the load board has slots: %s", path)
    return _board


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


class CountedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol (one per connection), counting the connections on the board."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if board := this_process_board():
            board.opened()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        if board := this_process_board():
            board.closed()


class CloseWhenBusier:
    """Asks a client to reconnect (`Connection: close`) while this process holds clearly more
    connections than another, see the module's docstring. Plain ASGI, like
    app.main.SecurityHeaders, to cost nothing noticeable."""

    def __init__(self, app: ASGIApp, board: LoadBoard) -> None:
        self.app = app
        self.board = board

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        board = self.board

        async def send_closing_when_busier(message: Message) -> None:
            if message["type"] == "http.response.start" and board.busier_than_the_rest():
                board.closing()
                message["headers"] = [*message.get("headers", ()), (b"connection", b"close")]
            await send(message)

        await self.app(scope, receive, send_closing_when_busier)
