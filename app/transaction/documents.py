"""Files behind a transaction: stored in the data folder under a random name, readable by
the parties and the department only (a contract shows its price)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path, PurePath

from fastapi import UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Forbidden, Invalid, NotFound
from app.models import Transaction, TransactionDocument, User
from app.models.vocabulary import TransactionDocumentKind
from app.transaction.auth import may_edit, may_see_value
from app.transaction.service import TransactionService

MAX_BYTES = 10 * 1024 * 1024
# Extension → (content type, the bytes such a file starts with). The client's own content
# type is not trusted.
ALLOWED = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}


class DocumentService:
    def __init__(self, session: AsyncSession, storage_dir: Path) -> None:
        self.session = session
        self.storage_dir = storage_dir

    async def _readable(self, transaction_id: int, user: User) -> Transaction:
        transaction = await TransactionService(self.session).get_visible(transaction_id, user)
        if not may_see_value(user, transaction):
            raise Forbidden("A transaction's documents are for its parties and the department.")
        return transaction

    async def list(self, transaction_id: int, user: User) -> list[TransactionDocument]:
        await self._readable(transaction_id, user)
        rows = await self.session.scalars(
            select(TransactionDocument)
            .where(TransactionDocument.transaction_id == transaction_id)
            .order_by(TransactionDocument.id)
        )
        return list(rows)

    async def get(
        self, transaction_id: int, document_id: int, user: User
    ) -> tuple[TransactionDocument, Path]:
        await self._readable(transaction_id, user)
        document = await self.session.get(TransactionDocument, document_id)
        if document is None or document.transaction_id != transaction_id:
            raise NotFound(f"Transaction {transaction_id} has no document {document_id}.")
        return document, self.storage_dir / document.storage_key

    async def add(
        self,
        transaction_id: int,
        user: User,
        *,
        upload: UploadFile,
        kind: TransactionDocumentKind,
        title: str,
        number: str | None,
        issued_on: date | None,
    ) -> TransactionDocument:
        transaction = await self._readable(transaction_id, user)
        if not may_edit(user, transaction):
            raise Forbidden(
                "Documents are added by the parties until verification, or by the department."
            )
        filename = PurePath(upload.filename or "").name
        extension = PurePath(filename).suffix.lower()
        if extension not in ALLOWED:
            raise Invalid(f"Upload a {', '.join(sorted(ALLOWED))} file.")
        content_type, magic = ALLOWED[extension]
        content = await upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise Invalid(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        if not content.startswith(magic):
            raise Invalid(f"The file's content is not a {extension} file.")
        if not title.strip():
            raise Invalid("Give the document a title.")
        storage_key = f"{uuid.uuid4().hex}{extension}"
        self.storage_dir.mkdir(parents=True, exist_ok=True)
        (self.storage_dir / storage_key).write_bytes(content)
        document = TransactionDocument(
            transaction_id=transaction.id,
            kind=kind,
            title=title.strip()[:300],
            number=(number or "").strip()[:100] or None,
            issued_on=issued_on,
            filename=filename[:255],
            content_type=content_type,
            size_bytes=len(content),
            storage_key=storage_key,
            uploaded_by_id=user.id,
        )
        self.session.add(document)
        await self.session.flush()
        return document
