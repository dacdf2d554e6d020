"""Background loops inside the web process (the embedded default: the server does it all)."""

from __future__ import annotations

import asyncio
import fcntl
import os
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import suppress
from pathlib import Path
from typing import Any

import structlog

log = structlog.get_logger(__name__)

Stopper = Callable[[], Awaitable[None]]
Loop = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def start_loop(loop: Loop) -> Stopper:
    """Run `loop(stop)` as a task; the returned coroutine function sets `stop` and waits for
    the loop to finish its current pass."""
    stop = asyncio.Event()
    task = asyncio.create_task(loop(stop))

    async def stop_loop() -> None:
        stop.set()
        await task

    return stop_loop


async def nothing_to_stop() -> None:
    return None


class FileLock:
    """An exclusive lock on a file (flock), held until released or until the process ends,
    however it ends: the kernel releases it, so a process that crashed never keeps it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the lock
            self._fd = None


def while_holding(
    lock: FileLock, start: Callable[[], Awaitable[Stopper]], retry_seconds: float = 5.0
) -> Loop:
    """A loop for `start_loop`: wait until this process holds `lock` (trying again every
    `retry_seconds`), then run what `start()` starts until stopped. Of several processes
    running it, one does the work; when that one ends, another takes over."""

    async def loop(stop: asyncio.Event) -> None:
        while not lock.try_acquire():
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), retry_seconds)
            if stop.is_set():
                return
        try:
            log.info("background work starts in this process", pid=os.getpid())
            stop_work = await start()
            try:
                await stop.wait()
            finally:
                await stop_work()
        finally:
            lock.release()

    return loop
