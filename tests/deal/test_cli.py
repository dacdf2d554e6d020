"""The daily commands of issue 5 as cron runs them, on a fresh database: deal reminders, the
saved-search digest, and the mail worker starting and stopping cleanly on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import time

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
    env = {**environment, "TECHEX_MAIL_SMTP_PORT": "9"}
    worker = subprocess.Popen(  # noqa: S603
        [*TECHEX, "mail-worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        time.sleep(2)
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
        worker.send_signal(signal.SIGINT)
        out, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0
    assert b"Mail worker (127.0.0.1:9)" in out


def test_demo_world_has_one_brokered_deal(environment: dict[str, str]) -> None:  # noqa: F811
    assert techex(environment, "migrate").returncode == 0
    first = techex(environment, "seed-demo")
    assert first.returncode == 0, first.stderr
    assert "Brokered deals: 1 created." in first.stdout
    second = techex(environment, "seed-demo")
    assert "Brokered deals: 0 created." in second.stdout
