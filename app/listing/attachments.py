"""Images and documents of listings: size and type limits, the type checked by content."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import filetype
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import ListingSettings
from app.core.errors import Conflict, Invalid, NotFound
from app.core.i18n import N_, lazy_number
from app.core.storage import FileStorage
from app.listing.kinds import Listing, listing_type_of
from app.models import ListingAttachment, User
from app.models.vocabulary import AttachmentKind
from app.reference.labels import lazy_label

# MIME type detected from the bytes → (kind, extension). Nothing else is accepted.
ALLOWED: dict[str, tuple[AttachmentKind, str]] = {
    "image/jpeg": (AttachmentKind.image, "jpg"),
    "image/png": (AttachmentKind.image, "png"),
    "image/webp": (AttachmentKind.image, "webp"),
    "application/pdf": (AttachmentKind.document, "pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        AttachmentKind.document,
        "docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        AttachmentKind.document,
        "xlsx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        AttachmentKind.document,
        "pptx",
    ),
}


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def clean_filename(name: str | None, extension: str) -> str:
    """The last path part, printable characters only, with the extension of the real type."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", base).strip(" .") or "file"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:200]}.{extension}"


def classify(data: bytes, settings: ListingSettings) -> tuple[AttachmentKind, str, str]:
    """(kind, MIME type, extension) from the file's content; Invalid when not allowed."""
    guess = filetype.guess(data)
    mime = guess.mime if guess is not None else None
    if mime not in ALLOWED:
        raise Invalid(
            N_(
                "Only JPEG, PNG or WebP images and PDF, DOCX, XLSX or PPTX "
                "documents are accepted (the type is read from the file's "
                "content, not its name)."
            )
        )
    kind, extension = ALLOWED[mime]
    limit = (
        settings.max_image_bytes if kind is AttachmentKind.image else settings.max_document_bytes
    )
    if len(data) > limit:
        raise Invalid(
            N_("This %(kind)s is %(size)s bytes; the limit is %(limit)s bytes."),
            kind=lazy_label(kind),
            size=lazy_number(len(data)),
            limit=lazy_number(limit),
        )
    return kind, mime, extension


class AttachmentService:
    def __init__(
        self, session: AsyncSession, storage: FileStorage, settings: ListingSettings
    ) -> None:
        self.session = session
        self.storage = storage
        self.settings = settings

    async def list(self, listing: Listing) -> Sequence[ListingAttachment]:
        rows = await self.session.scalars(
            select(ListingAttachment)
            .where(
                ListingAttachment.listing_type == listing_type_of(listing),
                ListingAttachment.listing_id == listing.id,
            )
            .order_by(ListingAttachment.id)
        )
        return rows.all()

    async def get(self, listing: Listing, attachment_id: int) -> ListingAttachment:
        attachment = await self.session.get(ListingAttachment, attachment_id)
        if (
            attachment is None
            or attachment.listing_type != listing_type_of(listing)
            or attachment.listing_id != listing.id
        ):
            raise NotFound(
                N_("Attachment %(attachment_id)s of this listing does not exist."),
                attachment_id=attachment_id,
            )
        return attachment

    async def add(self, listing: Listing, upload: Upload, *, user: User) -> ListingAttachment:
        kind, mime, extension = classify(upload.data, self.settings)
        count = await self.session.scalar(
            select(func.count())
            .select_from(ListingAttachment)
            .where(
                ListingAttachment.listing_type == listing_type_of(listing),
                ListingAttachment.listing_id == listing.id,
            )
        )
        if (count or 0) >= self.settings.max_attachments:
            raise Conflict(
                N_("A listing holds at most %(max_attachments)s files; delete one first."),
                max_attachments=self.settings.max_attachments,
            )
        key = f"listings/{listing_type_of(listing)}/{listing.id}/{uuid.uuid4().hex}.{extension}"
        attachment = ListingAttachment(
            listing_type=listing_type_of(listing),
            listing_id=listing.id,
            kind=kind,
            filename=clean_filename(upload.filename, extension),
            content_type=mime,
            size_bytes=len(upload.data),
            storage_key=key,
            uploaded_by_id=user.id,
        )
        self.session.add(attachment)
        await self.session.flush()
        # Written after the row is flushed; if the request later rolls back, an orphan file
        # is left (harmless, never served) rather than a row pointing at nothing.
        await self.storage.save(key, upload.data)
        return attachment

    async def delete(self, listing: Listing, attachment_id: int) -> None:
        attachment = await self.get(listing, attachment_id)
        await self.session.delete(attachment)
        # The row goes for good first, the file after: a failed commit keeps both, and a crash
        # in between leaves an orphan file (never served), not a listing showing a lost file.
        await self.session.commit()
        await self.storage.delete(attachment.storage_key)
