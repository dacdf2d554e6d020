"""The validity period is configurable from the environment, as documented."""

from __future__ import annotations

import pytest

from app.core.config import Settings


def test_validity_months_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHEX_LISTING_VALIDITY_MONTHS", "6")
    monkeypatch.setenv("TECHEX_LISTING_EXPIRY_WARNING_DAYS", "14")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.listing.validity_months == 6
    assert settings.listing.expiry_warning_days == 14
    monkeypatch.delenv("TECHEX_LISTING_VALIDITY_MONTHS")
    assert Settings(_env_file=None).listing.validity_months == 12  # type: ignore[call-arg]
