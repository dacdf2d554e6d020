"""The runner of background work: named loops of passes that log, retry and never die.

Each piece of work (the search outbox, the daily jobs, the e-mail outbox) is a *pass*: a
coroutine function that does one batch and says whether more is waiting. The runner calls it
again at once when more is waiting, after the poll interval when not, and after a growing delay
(base, 2 x base, 4 x base ... up to the cap) when it raised. A failed pass is logged with its
traceback and recorded; the loop goes on until the runner stops, so a database that is away for
an hour costs an hour of backlog, not the worker. The state of each loop (last success, last
error, failures in a row) is what /readyz shows.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import structlog

log = structlog.get_logger(__name__)

Pass = Callable[[], Awaitable[bool]]
"""One batch of work; returns True when more is waiting (the runner goes on at once)."""

_MAX_ERROR_LENGTH = 500


@dataclass
class LoopState:
    """What /readyz shows of one loop."""

    name: str
    last_success_at: datetime | None = None
    last_error_at: datetime | None = None
    last_error: str | None = None
    failures_in_a_row: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "last_success_at": _iso(self.last_success_at),
            "last_error_at": _iso(self.last_error_at),
            "last_error": self.last_error,
            "failures_in_a_row": self.failures_in_a_row,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def retry_delay(failures: int, base_seconds: float, max_seconds: float) -> float:
    """base, 2 x base, 4 x base ... after the 1st, 2nd, 3rd failure in a row, capped."""
    return float(min(max_seconds, base_seconds * 2 ** (failures - 1)))


@dataclass
class _Loop:
    state: LoopState
    work: Pass
    poll_seconds: float


@dataclass
class Runner:
    retry_base_seconds: float = 1.0
    retry_max_seconds: float = 300.0
    _loops: list[_Loop] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, name: str, work: Pass, poll_seconds: float) -> None:
        self._loops.append(_Loop(LoopState(name), work, poll_seconds))

    def states(self) -> list[LoopState]:
        return [loop.state for loop in self._loops]

    def start(self) -> None:
        self._stop.clear()
        self._tasks = [
            asyncio.create_task(self._run(loop), name=f"background {loop.state.name}")
            for loop in self._loops
        ]
        log.info("background work started", loops=[loop.state.name for loop in self._loops])

    async def stop(self) -> None:
        """Ask every loop to stop and wait for the passes under way to end."""
        self._stop.set()
        await asyncio.gather(*self._tasks)
        self._tasks = []
        log.info("background work stopped")

    async def run_until_stopped(self, stop: asyncio.Event) -> None:
        """The loops in the foreground, until `stop` is set (the `techex worker` path)."""
        self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()

    async def _run(self, loop: _Loop) -> None:
        while not self._stop.is_set():
            delay = await self._pass(loop)
            if delay:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), delay)

    async def _pass(self, loop: _Loop) -> float:
        """Run one pass; the seconds to wait before the next."""
        state = loop.state
        try:
            more = await loop.work()
        except Exception as exc:  # logged, recorded and retried: the loop must not end
            state.failures_in_a_row += 1
            state.last_error_at = datetime.now(UTC)
            state.last_error = f"{type(exc).__name__}: {exc}"[:_MAX_ERROR_LENGTH]
            delay = retry_delay(
                state.failures_in_a_row, self.retry_base_seconds, self.retry_max_seconds
            )
            log.exception(
                "background pass failed; retrying",
                loop=state.name,
                failures_in_a_row=state.failures_in_a_row,
                retry_in_seconds=delay,
            )
            return delay
        if state.failures_in_a_row:
            log.info("background pass succeeded again", loop=state.name)
        state.failures_in_a_row = 0
        state.last_success_at = datetime.now(UTC)
        return 0.0 if more else loop.poll_seconds
