"""The `techex` command end to end, as the README uses it: migrate, seed-demo, create-admin,
serve; then a real HTTP client over TCP against the served demo."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from app.demo.world import ACCOUNTS, DEMO_PASSWORD
from tests.database import create_database, drop_database
from tests.waiting import SERVER_START_SECONDS, answers, poll_until

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


def start_serving(
    environment: dict[str, str], log: Path, *args: str, processes: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    """`techex serve` on a free port, once every one of its `processes` has started and
    /healthz answers; fails with its output if not. The output goes to `log`, a file: a pipe
    nobody reads while the test runs would fill and stall the server."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [*TECHEX, "serve", "--port", str(port), *args],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        assert process.poll() is None, f"techex serve ended: {log.read_text(errors='replace')}"
        started = log.read_text(errors="replace").count("Application startup complete")
        return started >= processes and answers(f"{base}/healthz")

    try:
        poll_until(ready, SERVER_START_SECONDS, "techex serve answering")
    except AssertionError:
        output = stop_serving(process, log)
        pytest.fail(f"techex serve did not answer: {output}")
    return process, base


def stop_serving(process: subprocess.Popen[bytes], log: Path) -> str:
    """Stop as a supervisor does (SIGTERM); its whole output."""
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return log.read_text(errors="replace")


def assert_stopped_gracefully(process: subprocess.Popen[bytes], output: str) -> None:
    # uvicorn finishes its shutdown, then ends with the signal it was stopped by.
    assert process.returncode in (0, -signal.SIGTERM), output
    assert "Finished server process" in output, output


@pytest.fixture
def served(environment: dict[str, str], tmp_path: Path) -> Iterator[str]:
    for step in (("migrate",), ("seed-demo",)):
        result = techex(environment, *step)
        assert result.returncode == 0, result.stderr
    log = tmp_path / "serve.log"
    process, base = start_serving(environment, log)
    try:
        yield base
    finally:
        output = stop_serving(process, log)
    assert_stopped_gracefully(process, output)
    assert "background work stopped" in output, output


def test_served_demo_answers_and_every_demo_account_signs_in(served: str) -> None:
    with httpx.Client(base_url=served, timeout=10) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        background = ready.json()["checks"]["background"]
        assert background["in_this_process"] is True
        assert set(background["loops"]) == {"search_outbox", "daily_jobs", "mail_outbox"}
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
    assert "ít nhất 10 ký tự" in result.stderr  # in Vietnamese, the product's language


def test_seed_demo_refuses_production(environment: dict[str, str]) -> None:
    environment.update(TECHEX_ENVIRONMENT="production", TECHEX_SECRET_KEY="p" * 40)
    result = techex(environment, "seed-demo")
    assert result.returncode != 0
    assert "refuses" in result.stderr


def test_serve_refuses_a_port_in_use(environment: dict[str, str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = techex(environment, "serve", "--port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "choose --port" in result.stderr


def test_several_processes_need_a_separate_worker(environment: dict[str, str]) -> None:
    result = techex(environment, "serve", "--workers", "2")
    assert result.returncode == 2
    assert "add --no-worker and start one `techex worker`" in result.stderr


def test_serve_with_two_processes_answers_and_stops(
    environment: dict[str, str], tmp_path: Path
) -> None:
    assert techex(environment, "migrate").returncode == 0
    log = tmp_path / "serve.log"
    process, base = start_serving(environment, log, "--workers", "2", "--no-worker", processes=2)
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(10):
                assert client.get("/healthz").status_code == 200
            background = client.get("/readyz").json()["checks"]["background"]
            assert background["in_this_process"] is False
    finally:
        output = stop_serving(process, log)
    assert_stopped_gracefully(process, output)
    assert output.count("Application startup complete") == 2, output
