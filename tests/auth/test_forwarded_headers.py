"""X-Forwarded-For is believed only from the proxies named in the settings (none by default):
a client on the same machine cannot dodge the per-client sign-in limit by naming addresses."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.test_cli import TECHEX, free_port


@contextmanager
def served(tmp_path: Path, **settings: str) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHEX_")}
    env.update(
        TECHEX_DATA_DIR=str(tmp_path / "data"),
        TECHEX_AUTH_LOGIN_MAX_FAILURES_PER_CLIENT="2",
        TECHEX_AUTH_LOGIN_MAX_FAILURES_PER_EMAIL="100",
        **settings,
    )
    tmp_path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [*TECHEX, "serve", "--workers", "1", "--no-worker", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def failed_sign_ins(base: str) -> list[int]:
    """Three wrong passwords for three e-mails, each claiming another client address."""
    return [
        httpx.post(
            f"{base}/api/v1/auth/token",
            data={"username": f"nobody{n}@example.vn", "password": "wrong password"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
            timeout=30,
        ).status_code
        for n in range(3)
    ]


def test_forwarded_addresses_are_ignored_unless_the_proxy_is_named(tmp_path: Path) -> None:
    with served(tmp_path / "default") as base:
        # Counted as one client (the real one): the third attempt is over the limit.
        assert failed_sign_ins(base) == [401, 401, 429]
    with served(tmp_path / "behind-proxy", TECHEX_PROXY_TRUSTED_IPS="127.0.0.1") as base:
        # This machine is the named proxy: each forwarded address is its own client.
        assert failed_sign_ins(base) == [401, 401, 401]
