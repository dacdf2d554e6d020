"""Background loops inside the web process (the embedded default: one process does it all)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

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
