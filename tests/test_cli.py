"""The `techex` command end to end, as the README uses it: migrate, seed-demo, create-admin,
serve; then a real HTTP client over TCP against the served demo."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from app.demo.world import ACCOUNTS, DEMO_PASSWORD
from tests.database import create_database, drop_database

TECHEX = [sys.executable, "-m", "app.cli"]


@pytest.fixture
async def fresh_database(tmp_path: Path) -> AsyncIterator[str]:
    url = await create_database(tmp_path)
    yield url
    await drop_database(url)


@pytest.fixture
def environment(tmp_path: Path, fresh_database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHEX_")}
    env.update(TECHEX_DATA_DIR=str(tmp_path / "data"), TECHEX_ENVIRONMENT="development")
    if not fresh_database.startswith("sqlite"):
        env["TECHEX_DATABASE_URL"] = fresh_database
    return env


def techex(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command line
        [*TECHEX, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def served(environment: dict[str, str]) -> Iterator[str]:
    for step in (("migrate",), ("seed-demo",)):
        result = techex(environment, *step)
        assert result.returncode == 0, result.stderr
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [*TECHEX, "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            process.terminate()
            pytest.fail(f"techex serve did not answer: {process.communicate()[0]}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_served_demo_answers_and_every_demo_account_signs_in(served: str) -> None:
    with httpx.Client(base_url=served, timeout=10) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 200
        assert "swagger" in client.get("/docs").text.lower()
        for email, *_ in ACCOUNTS:
            response = client.post(
                "/api/v1/auth/token", data={"username": email, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 200, (email, response.text)
        public = client.get("/api/v1/organizations", params={"per_page": 100}).json()
        types = {item["type"] for item in public["items"]}
        assert types == {
            "research_institute",
            "university",
            "st_organization",
            "enterprise",
            "cooperative",
            "intermediary",
            "government",
            "individual",
        }
        assert {"JP", "KR", "DE", "CN"} <= {item["country"] for item in public["items"]}


def test_seed_demo_twice_adds_nothing(environment: dict[str, str]) -> None:
    assert techex(environment, "migrate").returncode == 0
    first = techex(environment, "seed-demo")
    second = techex(environment, "seed-demo")
    assert first.returncode == second.returncode == 0
    assert f"Accounts: {len(ACCOUNTS)} created" in first.stdout
    assert "Accounts: 0 created" in second.stdout
    assert "Transactions: 0 created" in second.stdout
    assert "Transactions: 0 created" not in first.stdout


def test_create_admin_then_sign_in(environment: dict[str, str], served: str) -> None:
    result = techex(
        environment,
        "create-admin",
        "--email",
        "Chief@Example.com",
        "--password",
        "a long admin passphrase",
    )
    assert result.returncode == 0, result.stderr
    response = httpx.post(
        f"{served}/api/v1/auth/token",
        data={"username": "chief@example.com", "password": "a long admin passphrase"},
    )
    assert response.status_code == 200
    me = httpx.get(
        f"{served}/api/v1/users/me",
        headers={"Authorization": f"Bearer {response.json()['access_token']}"},
    )
    assert me.json()["platform_role"] == "admin"


def test_create_admin_refuses_a_short_password(environment: dict[str, str]) -> None:
    assert techex(environment, "migrate").returncode == 0
    result = techex(environment, "create-admin", "--email", "a@example.com", "--password", "short")
    assert result.returncode == 2
    assert "at least 10 characters" in result.stderr


def test_seed_demo_refuses_production(environment: dict[str, str]) -> None:
    environment.update(TECHEX_ENVIRONMENT="production", TECHEX_SECRET_KEY="p" * 40)
    result = techex(environment, "seed-demo")
    assert result.returncode != 0
    assert "refuses" in result.stderr
