"""Browser tests: Debian's Chromium, headless, driven by Playwright, against the site served
by `techex serve` on a free port over a fresh SQLite data folder with the demo world.

No browser is ever downloaded: Playwright launches /usr/bin/chromium (`.ci/run` installs it
with apt). Each page a journey visits is checked with axe-core (shipped inside the
axe-playwright-python package): no serious or critical violation. Screenshots of each
journey go to test-results/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("TECHEX_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
ROOT = Path(__file__).resolve().parents[2]
# The command line of this checkout (not whichever the virtualenv's script points at).
TECHEX = [sys.executable, "-m", "app.cli"]
_START_SECONDS = 60
_BLOCKING = ("serious", "critical")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the browser tests and runs them last: while Playwright's synchronous API is
    open, asyncio sees its loop running in this thread, which async tests cannot share."""
    browser_items = [
        item for item in items if "tests/browser/" in str(item.path).replace(os.sep, "/")
    ]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        items.remove(item)
    items.extend(browser_items)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _techex(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own command line
        [*TECHEX, *args], env=env, cwd=ROOT, check=True, capture_output=True
    )


def _wait_until_ready(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + _START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"techex serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)  # polling interval under a deadline, not a wait for an outcome
    raise RuntimeError(f"the site did not answer on {base_url} within {_START_SECONDS} s")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site with the demo world, search index built, on a free port."""
    data_dir = tmp_path_factory.mktemp("site-data")
    env = {
        **os.environ,
        "TECHEX_DATA_DIR": str(data_dir),
        "TECHEX_ENVIRONMENT": "test",
        "TECHEX_DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / 'techex.db'}",
    }
    _techex(env, "migrate")
    _techex(env, "seed-demo")
    _techex(env, "reindex")
    port = _free_port()
    log = (data_dir / "server.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [*TECHEX, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url, server)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (no browser download)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


class Journey:
    """Takes a journey's screenshots and checks each page it visits for accessibility."""

    def __init__(self, name: str, page: Page, axe: Axe) -> None:
        self.name = name
        self.page = page
        self.axe = axe
        self.step = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(self, label: str) -> None:
        """A screenshot of the page as it is now, and no serious or critical axe finding."""
        self.step += 1
        path = SCREENSHOTS / f"{self.name}-{self.step:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        violations = self.axe.run(self.page).response["violations"]
        blocking = [
            f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in _BLOCKING
        ]
        assert not blocking, f"{self.page.url}: {blocking}"


@pytest.fixture
def journey(request: pytest.FixtureRequest, page: Page, axe: Axe) -> Journey:
    return Journey(request.node.name.removeprefix("test_"), page, axe)
