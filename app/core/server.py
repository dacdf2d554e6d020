"""Running the web service: one process, or several that share the port evenly.

uvicorn's own `--workers` gives every process the same listening socket. When several
connections arrive at once (a reverse proxy opening its keep-alive pool, a burst of users),
the process that wakes first accepts all of them and the others stay idle: with 16 keep-alive
clients and two processes, one process served every connection in about half of our runs.
Here each worker process listens on a socket of its own on the same address (SO_REUSEPORT),
and the kernel spreads new connections across them.

uvicorn's supervisor is kept (it restarts a worker that dies and handles SIGHUP, SIGTTIN and
SIGTTOU): it sends each worker the sockets to serve by pickling them, and `ReusePortSocket`
pickles as its address, so every worker, a restarted one too, binds a socket of its own.
The price: connections still waiting in the queue of a worker that dies are reset rather
than handed to another (the client sees a refused connection and retries).
Linux only (SO_REUSEPORT balances connections there; the service runs on Linux).
"""

from __future__ import annotations

import logging
import os
import socket
import sys

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from app.core.balance import BOARD_VARIABLE, CountedHttpToolsProtocol, LoadBoard

APP = "app.main:create_app"
log = logging.getLogger("uvicorn.error")


def serve(host: str, port: int, workers: int = 1) -> None:
    if workers == 1:
        uvicorn.run(APP, factory=True, host=host, port=port, proxy_headers=True)
        return
    config = uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        http=CountedHttpToolsProtocol,
    )
    try:
        # Held by the supervisor, never listening: it keeps the address ours while workers
        # come and go, and a taken port is reported at once rather than by every worker.
        placeholder = ReusePortSocket.bound(host, port)
    except OSError as exc:
        log.error("cannot listen on %s:%d: %s", host, port, exc)
        sys.exit(STARTUP_FAILURE)
    log.info("Uvicorn running on http://%s:%d with %d processes", host, port, workers)
    board = LoadBoard.create()
    os.environ[BOARD_VARIABLE] = str(board)  # the processes started below inherit it
    try:
        Multiprocess(config, sockets=[placeholder]).run()
    finally:
        board.unlink(missing_ok=True)


class ReusePortSocket(socket.socket):
    """A TCP socket bound with SO_REUSEPORT that, sent to another process, arrives there as a
    new socket bound to the same address rather than as a copy of this one."""

    @classmethod
    def bound(cls, host: str, port: int) -> ReusePortSocket:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = cls(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
        except OSError:
            sock.close()
            raise
        return sock

    def __reduce__(self) -> tuple[object, tuple[str, int]]:
        host, port = self.getsockname()[:2]
        return ReusePortSocket.bound, (host, port)
