"""Where search documents come from: the `DocumentSource` protocol and its production wiring.

The listing domain decides what is searchable (published, unexpired) and what a document
holds (never a confidential value); the worker and `techex reindex` only ask it. This is the
one place that names the listing domain (tests give the worker sources of their own).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.listing import search_documents
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


class ListingDocumentSource:
    """The listing domain's documents (app/listing/search_documents.py)."""

    async def load_search_document(
        self, session: AsyncSession, entity_type: str, entity_id: int
    ) -> SearchDocument | None:
        return await search_documents.load_search_document(session, entity_type, entity_id)

    async def iter_search_documents(
        self, session: AsyncSession, batch_size: int = 500
    ) -> AsyncIterator[SearchDocument]:
        async for document in search_documents.iter_search_documents(session, batch_size):
            yield document


def production_source() -> DocumentSource:
    return ListingDocumentSource()
