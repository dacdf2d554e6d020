"""`techex seed-demo` loads the catalogue; `techex expire-listings` is safe to run daily."""

from __future__ import annotations

from tests.test_cli import environment, fresh_database, techex

__all__ = ["environment", "fresh_database"]  # fixtures used below


def test_seeded_catalogue_then_expire_listings_twice(environment: dict[str, str]) -> None:
    assert techex(environment, "migrate").returncode == 0
    seeded = techex(environment, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert "Offers: " in seeded.stdout
    first = techex(environment, "expire-listings")
    second = techex(environment, "expire-listings")
    assert first.returncode == second.returncode == 0, first.stderr
    assert "Listings expired: 0; owners warned: 0." in second.stdout
    assert first.stdout.startswith("Listings expired: ")
