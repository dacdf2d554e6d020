"""Where search documents come from: the `DocumentSource` protocol.

The listing domain decides what is searchable (published, unexpired) and what a document
holds (never a confidential value); the worker and `techex reindex` only ask it. Search knows
no domain: the application wires the listing domain's source in at start-up (tests give the
worker sources of their own).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.search.documents import SearchDocument


class DocumentSource(Protocol):
    async def load_search_document(
        self, session: AsyncSession, entity_type: str, entity_id: int
    ) -> SearchDocument | None:
        """The listing's current document, or None when it is not (or no longer) searchable."""
        ...

    def iter_search_documents(
        self, session: AsyncSession, batch_size: int = 500
    ) -> AsyncIterator[SearchDocument]:
        """Every searchable document (for a rebuild)."""
        ...
