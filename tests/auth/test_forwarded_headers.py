"""X-Forwarded-For is believed only from the proxies named in the settings (none by default):
a client on the same machine cannot dodge the per-client sign-in limit by naming addresses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.test_cli import start_serving, stop_serving


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
    log = tmp_path / "serve.log"
    server, base = start_serving(env, log, "--workers", "1", "--no-worker")
    try:
        yield base
    finally:
        stop_serving(server, log)


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
