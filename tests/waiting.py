"""Waiting on a condition with a deadline, never for a fixed time.

The deadlines are generous bounds: on a loaded machine (two cores shared with other test runs)
things are slow, not wrong, and a test that waits on the event itself returns as soon as it
happens whatever the bound."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx

# Starting a server process (imports, migrations, the search index) on a busy machine.
SERVER_START_SECONDS = 180.0


async def wait_until(condition: Callable[[], bool], within_seconds: float = 10.0) -> None:
    """Return as soon as `condition()` holds; fail after `within_seconds`."""
    deadline = time.monotonic() + within_seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within_seconds} s")
        await asyncio.sleep(0.01)


def poll_until(
    condition: Callable[[], bool], within_seconds: float, what: str = "condition"
) -> None:
    """`wait_until` for code outside an event loop (a test driving a server process)."""
    deadline = time.monotonic() + within_seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {within_seconds:.0f} s")
        time.sleep(0.05)  # the polling interval, under the deadline


def answers(url: str) -> bool:
    """The URL answers 200 (a server that is up and ready)."""
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.TransportError:
        return False
