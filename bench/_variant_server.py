"""The app under uvicorn (one process, no background work) with the tantivy search run either
on the event loop, as the product does, or in a worker thread: the two sides of the
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


def search_in_a_thread() -> None:
    """TantivyEngine.search awaits nothing: its coroutine runs to the end in one step, which
    a worker thread can take instead of the event loop."""
    on_the_loop = TantivyEngine.search

    def run_to_the_end(engine: TantivyEngine, request: SearchRequest) -> Any:
        coroutine = on_the_loop(engine, request)
        try:
            coroutine.send(None)
        except StopIteration as finished:
            return finished.value
        raise RuntimeError("TantivyEngine.search awaited something")

    async def in_a_thread(self: TantivyEngine, request: SearchRequest) -> Any:
        return await asyncio.to_thread(run_to_the_end, self, request)

    TantivyEngine.search = in_a_thread  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--search-runs-on", choices=("loop", "thread"), default="loop")
    args = parser.parse_args()
    if args.search_runs_on == "thread":
        search_in_a_thread()
    settings = get_settings()
    configure_logging(json=settings.log_json, secrets=settings.secret_values())
    app = create_app(settings)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_config=None)


if __name__ == "__main__":
    main()
