"""Waiting on a condition with a deadline, never for a fixed time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(condition: Callable[[], bool], within_seconds: float = 10.0) -> None:
    """Return as soon as `condition()` holds; fail after `within_seconds` (a generous bound:
    on a loaded machine things are slow, not wrong)."""
    deadline = time.monotonic() + within_seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within_seconds} s")
        await asyncio.sleep(0.01)
