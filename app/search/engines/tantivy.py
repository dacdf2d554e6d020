"""The embedded engine: a tantivy index in the data folder."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import tantivy

from app.core.config import SearchEngineKind, Settings
from app.search.engines.base import EngineHealth, register


class TantivyEngine:
    name = "tantivy"

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def _check(self) -> str:
        """The folder is writable; an index already built there opens and is readable."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        if not os.access(self.index_dir, os.W_OK):
            raise OSError(f"{self.index_dir} is not writable")
        if not (self.index_dir / "meta.json").exists():
            return "no index built yet"
        index = tantivy.Index.open(str(self.index_dir))
        return f"{index.searcher().num_docs} documents"

    async def health(self) -> EngineHealth:
        try:
            detail = await asyncio.to_thread(self._check)
        except (OSError, ValueError) as exc:
            return EngineHealth(ok=False, detail=f"index at {self.index_dir} unusable: {exc}")
        return EngineHealth(ok=True, detail=detail)


@register(SearchEngineKind.tantivy)
def create(settings: Settings) -> TantivyEngine:
    return TantivyEngine(settings.search_index_dir)
