"""Files behind a transaction: kept in the file storage under a random key, readable by
the parties and the department only (a contract shows its price)."""

from __future__ import annotations

import uuid
from datetime import date

import filetype
from fastapi import UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Forbidden, Invalid, InvalidValue, NotFound
from app.core.i18n import N_
from app.core.storage import FileStorage
from app.core.validation import check_date, check_heading, check_text, stored_filename
from app.models import Transaction, TransactionDocument, User
from app.models.vocabulary import TransactionDocumentKind
from app.transaction.auth import may_edit, may_see_value
from app.transaction.history import record_event
from app.transaction.service import TransactionService

MAX_BYTES = 10 * 1024 * 1024
# Content type read from the file's bytes (the client's name and type are not trusted)
# → the extension the stored copy gets.
ALLOWED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


class DocumentService:
    def __init__(self, session: AsyncSession, storage: FileStorage) -> None:
        self.session = session
        self.storage = storage

    async def _readable(self, transaction_id: int, user: User) -> Transaction:
        transaction = await TransactionService(self.session).get_visible(transaction_id, user)
        if not may_see_value(user, transaction):
            raise Forbidden(N_("A transaction's documents are for its parties and the department."))
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
    ) -> tuple[TransactionDocument, bytes]:
        await self._readable(transaction_id, user)
        document = await self.session.get(TransactionDocument, document_id)
        if document is None or document.transaction_id != transaction_id:
            raise NotFound(
                N_("Transaction %(transaction_id)s has no document %(document_id)s."),
                transaction_id=transaction_id,
                document_id=document_id,
            )
        return document, await self.storage.read(document.storage_key)

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
                N_("Documents are added by the parties until verification, or by the department.")
            )
        if not title.strip():
            raise Invalid(N_("Give the document a title."))
        try:
            check_heading(title)
            check_text(number or "")
            if issued_on is not None:
                check_date(issued_on)
        except InvalidValue as error:
            raise Invalid.from_value_error(error) from None
        content = await upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise Invalid(
                N_("The file is larger than %(megabytes)s MB."),
                megabytes=MAX_BYTES // (1024 * 1024),
            )
        guess = filetype.guess(content)
        content_type = guess.mime if guess is not None else None
        if content_type not in ALLOWED:
            raise Invalid(
                N_(
                    "Upload a PDF, PNG, JPEG, DOCX or XLSX file (the type is read "
                    "from the file's content, not its name)."
                )
            )
        filename = stored_filename(upload.filename, ALLOWED[content_type])
        storage_key = f"transactions/{uuid.uuid4().hex}.{ALLOWED[content_type]}"
        await self.storage.save(storage_key, content)
        document = TransactionDocument(
            transaction_id=transaction.id,
            kind=kind,
            title=title.strip()[:300],
            number=(number or "").strip()[:100] or None,
            issued_on=issued_on,
            filename=filename,
            content_type=content_type,
            size_bytes=len(content),
            storage_key=storage_key,
            uploaded_by_id=user.id,
        )
        self.session.add(document)
        await self.session.flush()
        await record_event(
            self.session,
            transaction,
            user,
            "document_added",
            {"document_id": document.id, "kind": kind, "title": document.title},
        )
        return document
