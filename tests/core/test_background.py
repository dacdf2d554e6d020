"""Background work in one process of several: whoever holds the lock does it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.core.background import FileLock, Stopper, start_loop, while_holding


class Work:
    def __init__(self) -> None:
        self.running = False

    async def start(self) -> Stopper:
        self.running = True

        async def stop() -> None:
            self.running = False

        return stop


async def test_one_holder_works_and_another_takes_over_when_it_stops(tmp_path: Path) -> None:
    lock_path = tmp_path / "background.lock"
    first, second = Work(), Work()
    stop_first = start_loop(while_holding(FileLock(lock_path), first.start, retry_seconds=0.05))
    await asyncio.sleep(0.1)
    stop_second = start_loop(while_holding(FileLock(lock_path), second.start, retry_seconds=0.05))
    await asyncio.sleep(0.2)
    assert first.running and not second.running

    await stop_first()  # as when the process holding the lock ends
    await asyncio.sleep(0.2)
    assert not first.running and second.running

    await stop_second()
    assert not second.running
    assert FileLock(lock_path).try_acquire()  # released


async def test_a_waiting_process_stops_without_ever_working(tmp_path: Path) -> None:
    holder = FileLock(tmp_path / "background.lock")
    assert holder.try_acquire()
    waiting = Work()
    stop = start_loop(while_holding(FileLock(holder.path), waiting.start, retry_seconds=10))
    await asyncio.sleep(0.05)
    await asyncio.wait_for(stop(), timeout=1)  # does not wait out the retry interval
    assert not waiting.running
    holder.release()
