"""A local HTTP server speaking the part of Meilisearch's documented API the adapter uses
(https://www.meilisearch.com/docs/reference/api): it records every request so tests can check
exactly what the official client sends, and answers with the documented response shapes."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ENQUEUED_AT = "2026-11-22T08:00:00.000000Z"


@dataclass
class Recorded:
    method: str
    path: str
    body: Any


@dataclass
class FakeMeili:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    search_answer: dict[str, Any] = field(default_factory=dict)
    existing_indexes: set[str] = field(default_factory=set)
    failing_task_types: set[str] = field(default_factory=set)
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)

    def sent(self, method: str, path_pattern: str) -> list[Recorded]:
        return [
            r for r in self.requests if r.method == method and re.fullmatch(path_pattern, r.path)
        ]

    def enqueue(self, index_uid: str | None, task_type: str, error: dict[str, Any] | None) -> dict:
        uid = len(self.tasks) + 1
        failed = error is not None or task_type in self.failing_task_types
        self.tasks[uid] = {
            "uid": uid,
            "indexUid": index_uid,
            "status": "failed" if failed else "succeeded",
            "type": task_type,
            "error": error or ({"code": "internal"} if failed else None),
            "enqueuedAt": _ENQUEUED_AT,
        }
        return {
            "taskUid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": task_type,
            "enqueuedAt": _ENQUEUED_AT,
        }


def _handler(fake: FakeMeili) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def _reply(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            path = self.path
            fake.requests.append(Recorded(method, path, body))
            if method == "GET" and path == "/health":
                return self._reply(200, {"status": "available"})
            if method == "GET" and (match := re.fullmatch(r"/tasks/(\d+)", path)):
                return self._reply(200, fake.tasks[int(match.group(1))])
            if method == "POST" and path == "/indexes":
                uid = body["uid"]
                error = None
                if uid in fake.existing_indexes:
                    error = {"code": "index_already_exists", "message": f"Index `{uid}` exists."}
                fake.existing_indexes.add(uid)
                return self._reply(202, fake.enqueue(uid, "indexCreation", error))
            match = re.fullmatch(r"/indexes/([^/?]+)/(settings|documents|search)(.*)", path)
            if not match:
                return self._reply(404, {"message": "not found", "code": "not_found"})
            uid, resource, rest = match.groups()
            if resource == "search":
                return self._reply(200, fake.search_answer)
            task_type = {
                ("PATCH", "settings", ""): "settingsUpdate",
                ("POST", "documents", "/delete"): "documentDeletion",
                ("DELETE", "documents", ""): "documentDeletion",
            }.get((method, resource, rest), "documentAdditionOrUpdate")
            return self._reply(202, fake.enqueue(uid, task_type, None))

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PATCH(self) -> None:
            self._handle("PATCH")

        def do_PUT(self) -> None:
            self._handle("PUT")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

    return Handler


@contextmanager
def running_fake_meili() -> Iterator[FakeMeili]:
    fake = FakeMeili()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
