"""The daily commands as cron runs them, on a fresh database: deal reminders, the
saved-search digest, and the mail worker starting and stopping cleanly on Ctrl-C."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from typing import IO

from tests.test_cli import TECHEX, environment, fresh_database, techex  # noqa: F401


def test_daily_commands_and_mail_worker(environment: dict[str, str]) -> None:  # noqa: F811
    assert techex(environment, "migrate").returncode == 0
    reminders = techex(environment, "deal-reminders")
    assert reminders.returncode == 0, reminders.stderr
    assert "Task reminders: 0; check-in reminders: 0." in reminders.stdout
    digest = techex(environment, "saved-search-digest")
    assert digest.returncode == 0, digest.stderr
    assert "Digest e-mails queued: 0." in digest.stdout

    # Port 9 (discard) has no SMTP server: the worker keeps running and waits, it never crashes.
    env = {
        **environment,
        "TECHEX_MAIL_SMTP_HOST": "127.0.0.1",
        "TECHEX_MAIL_SMTP_PORT": "9",
        "PYTHONUNBUFFERED": "1",
    }
    worker = subprocess.Popen(  # noqa: S603
        [*TECHEX, "mail-worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert worker.stdout is not None
        out = read_until(worker.stdout, b"background work started", seconds=60)
        assert worker.poll() is None, out
        worker.send_signal(signal.SIGINT)
        out += worker.communicate(timeout=60)[0]
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, out
    assert b"Mail worker (127.0.0.1:9)" in out
    assert b"background work stopped" in out


def read_until(stream: IO[bytes], text: bytes, seconds: float) -> bytes:
    """What a child printed up to `text`; fails if it is not printed within `seconds`."""
    deadline = time.monotonic() + seconds
    seen = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while text not in seen:
            left = deadline - time.monotonic()
            assert left > 0 and selector.select(left), f"no {text!r} in time: {seen!r}"
            chunk = os.read(stream.fileno(), 65536)
            assert chunk, f"the process ended before printing {text!r}: {seen!r}"
            seen += chunk
    return seen


def test_demo_world_has_one_brokered_deal(environment: dict[str, str]) -> None:  # noqa: F811
    assert techex(environment, "migrate").returncode == 0
    first = techex(environment, "seed-demo")
    assert first.returncode == 0, first.stderr
    assert "Brokered deals: 1 created." in first.stdout
    second = techex(environment, "seed-demo")
    assert "Brokered deals: 0 created." in second.stdout
