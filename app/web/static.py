"""Static files (the site's CSS and scripts, the API docs' assets) with cache headers.

Every URL a page links to carries a fingerprint of the file's content (`?v=…`), so browsers
may keep a file for a year: a changed file gets a new URL.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STATIC_PREFIX = "/static"


class CachedStaticFiles(StaticFiles):
    def __init__(self, *, directory: Path, max_age_seconds: int) -> None:
        super().__init__(directory=directory)
        self.cache_control = f"public, max-age={max_age_seconds}"

    def file_response(
        self,
        full_path: PathLike,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        # Also the 304 answer to a conditional request (built inside file_response).
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = self.cache_control
        return response


@lru_cache(maxsize=256)
def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(name: str, *, prefix: str = STATIC_PREFIX, directory: Path = STATIC_DIR) -> str:
    """The URL of a static file, with its content's fingerprint."""
    return f"{prefix}/{name}?v={fingerprint(directory / name)}"
