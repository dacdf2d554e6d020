from __future__ import annotations

from app.core.config import Settings
from app.main import create_app
from app.search.lifecycle import prepare_search


async def test_start_up_prepares_the_index(settings: Settings) -> None:
    app = create_app(settings)
    try:
        await prepare_search(app)
        assert settings.search_index_dir.is_dir()
    finally:
        await app.state.engine.dispose()
