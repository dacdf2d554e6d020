"""Live Meilisearch tests run only when MEILI_URL points at a server. When CI=true and it is
unset they are skipped with a loud reason and a banner at the end of the run, so that a green
CI is never mistaken for "Meilisearch was tested live"."""

from __future__ import annotations

import os

import pytest

MEILI_URL = os.environ.get("MEILI_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"
NOT_RUN = (
    "LIVE MEILISEARCH TESTS NOT RUN: CI=true but MEILI_URL is unset"
    if IN_CI
    else "live Meilisearch tests need MEILI_URL (e.g. http://127.0.0.1:7700)"
)
requires_meili = pytest.mark.skipif(not MEILI_URL, reason=NOT_RUN)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if IN_CI and not MEILI_URL:
        terminalreporter.write_sep("!", NOT_RUN, red=True, bold=True)
