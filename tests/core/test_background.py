"""The background runner: a failing pass is logged and retried, the loop never dies, and
/readyz shows the last error and the last success."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI

from app.core.background import Runner, retry_delay
from tests.waiting import wait_until


class Scripted:
    """A pass whose outcomes the test hands over one at a time ("fail" or "ok")."""

    def __init__(self) -> None:
        self.outcomes: asyncio.Queue[str] = asyncio.Queue()
        self.calls = 0

    async def __call__(self) -> bool:
        outcome = await self.outcomes.get()
        self.calls += 1
        if outcome == "fail":
            raise RuntimeError(f"database is locked (call {self.calls})")
        return False


def loops(readyz: httpx.Response) -> dict[str, dict[str, object]]:
    background = readyz.json()["checks"]["background"]
    assert background["in_this_process"] is True
    result: dict[str, dict[str, object]] = background["loops"]
    return result


async def test_a_pass_that_fails_twice_then_succeeds_keeps_its_loop_running(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    work = Scripted()
    runner = Runner(retry_base_seconds=0.01, retry_max_seconds=0.05)
    runner.add("flaky", work, poll_seconds=0.01)
    app.state.background = runner
    (state,) = runner.states()
    runner.start()
    try:
        await work.outcomes.put("fail")
        await wait_until(lambda: state.failures_in_a_row == 1)
        shown = loops(await client.get("/readyz"))["flaky"]
        assert shown["last_error"] == "RuntimeError: database is locked (call 1)"
        assert shown["last_success_at"] is None and shown["failures_in_a_row"] == 1

        await work.outcomes.put("fail")
        await wait_until(lambda: state.failures_in_a_row == 2)
        await work.outcomes.put("ok")
        await wait_until(lambda: state.last_success_at is not None)
        shown = loops(await client.get("/readyz"))["flaky"]
        assert shown["failures_in_a_row"] == 0 and shown["last_success_at"]
        assert shown["last_error"] == "RuntimeError: database is locked (call 2)"

        await work.outcomes.put("ok")  # still looping after its failures
        await wait_until(lambda: work.calls == 4)
    finally:
        await asyncio.wait_for(runner.stop(), timeout=5)


async def test_stop_does_not_wait_out_the_poll_interval() -> None:
    done = asyncio.Event()

    async def once() -> bool:
        done.set()
        return False

    runner = Runner()
    runner.add("idle", once, poll_seconds=3600)
    runner.start()
    await asyncio.wait_for(done.wait(), timeout=5)
    await asyncio.wait_for(runner.stop(), timeout=5)


def test_retries_back_off_up_to_the_cap() -> None:
    assert [retry_delay(n, 1.0, 300.0) for n in (1, 2, 3, 10)] == [1.0, 2.0, 4.0, 300.0]


async def test_readyz_says_when_another_process_runs_the_background_work(
    client: httpx.AsyncClient,
) -> None:
    background = (await client.get("/readyz")).json()["checks"]["background"]
    assert background == {
        "ok": True,
        "in_this_process": False,
        "loops": None,
        "mail_outbox_pending": 0,
    }
