"""Search documents for tests, and a document source backed by documents the test controls."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Literal

import tantivy
from sqlalchemy.ext.asyncio import AsyncSession

from app.search.documents import SearchDocument


def make_document(
    listing_id: int,
    title: str,
    *,
    type: Literal["offer", "demand"] = "offer",
    **fields: Any,
) -> SearchDocument:
    document: dict[str, Any] = {
        "id": f"{type}-{listing_id}",
        "type": type,
        "listing_id": listing_id,
        "title": title,
        "title_en": None,
        "summary": "",
        "body": "",
        "keywords": [],
        "field_code": "20701",
        "field_codes": ["2", "207", "20701"],
        "offer_kind": "technology" if type == "offer" else None,
        "trl": 6,
        "ip_type": None,
        "origin_country": "VN",
        "origin": "domestic",
        "organization_type": "enterprise",
        "organization_name": "Công ty TNHH Kỹ thuật Kinh Bắc",
        "price_mode": "negotiable",
        "commune_code": None,
        "published_at": f"2026-10-{(listing_id % 28) + 1:02d}T08:00:00+00:00",
        "expires_at": None,
    }
    document.update(fields)
    return document  # type: ignore[return-value]


class InMemorySource:
    """The listing domain's role, played by a dict: what is in it is searchable now."""

    def __init__(self, documents: list[SearchDocument] | None = None) -> None:
        self.documents: dict[tuple[str, int], SearchDocument] = {}
        self.broken: set[tuple[str, int]] = set()
        self.loads: list[tuple[str, int]] = []
        for document in documents or []:
            self.put(document)

    def put(self, document: SearchDocument) -> None:
        self.documents[(document["type"], document["listing_id"])] = document

    def remove(self, entity_type: str, entity_id: int) -> None:
        self.documents.pop((entity_type, entity_id), None)

    async def load_search_document(
        self, session: AsyncSession, entity_type: str, entity_id: int
    ) -> SearchDocument | None:
        self.loads.append((entity_type, entity_id))
        if (entity_type, entity_id) in self.broken:
            raise RuntimeError(f"cannot read {entity_type} {entity_id}")
        return self.documents.get((entity_type, entity_id))

    async def iter_search_documents(
        self, session: AsyncSession, batch_size: int = 500
    ) -> AsyncIterator[SearchDocument]:
        for document in list(self.documents.values()):
            yield document


def make_index_of_an_older_schema(folder: Path) -> None:
    """An index as an earlier version of the engine left it: one document, another schema."""
    folder.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True)
    old = tantivy.Index(builder.build(), path=str(folder))
    writer = old.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(id="offer-9"))
    writer.commit()
    writer.wait_merging_threads()
    del writer, old
    gc.collect()  # the writer's lock is released when it is dropped
