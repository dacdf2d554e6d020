from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.matching import scoring


@pytest.fixture(autouse=True)
def forget_listing_terms() -> Iterator[None]:
    """Suggestions score listings, whose terms the matcher keeps per (id, version). Each test
    rolls back, so the next test's listings reuse those ids with other texts: forget them."""
    yield
    scoring._TERMS_CACHE.clear()
