"""The app under uvicorn (one process, no background work) with the tantivy search run either
on the event loop or in a worker thread (as the product does): the two sides of the
search-speed benchmark's event-loop comparison. Settings come from the environment.

    python bench/_variant_server.py --port 8150 --search-runs-on thread
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import uvicorn

from app.core.config import get_settings
from app.core.logging import configure_logging
from app.main import create_app
from app.search.engines.tantivy import TantivyEngine
from app.search.query import SearchRequest


def place_the_search(where: str) -> None:
    """Run TantivyEngine's search on the event loop or in a worker thread, whatever the
    product's default, so that both sides run the same code."""

    async def on_the_loop(self: TantivyEngine, request: SearchRequest) -> Any:
        return self.search_now(request)

    async def in_a_thread(self: TantivyEngine, request: SearchRequest) -> Any:
        return await asyncio.to_thread(self.search_now, request)

    TantivyEngine.search = on_the_loop if where == "loop" else in_a_thread  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--search-runs-on", choices=("loop", "thread"), default="loop")
    args = parser.parse_args()
    place_the_search(args.search_runs_on)
    settings = get_settings()
    configure_logging(json=settings.log_json, secrets=settings.secret_values())
    app = create_app(settings)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_config=None)


if __name__ == "__main__":
    main()
