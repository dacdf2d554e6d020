"""Files of offers and demands. Who may download follows who may see the listing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Response, UploadFile, status
from pydantic import BaseModel, ConfigDict

from app.auth.dependencies import CurrentUser, OptionalUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.storage import get_storage
from app.core.validation import Id
from app.listing.attachments import AttachmentService, Upload
from app.listing.kinds import ListingType
from app.listing.service import ListingService
from app.models.vocabulary import AttachmentKind

router = APIRouter()


class AttachmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: AttachmentKind
    filename: str
    content_type: str
    size_bytes: int
    created_at: datetime


def _endpoints(listing_type: ListingType) -> None:
    prefix = f"/{listing_type}s/{{listing_id}}/attachments"
    tags: list[str | Enum] = [f"{listing_type}s"]

    async def upload(
        listing_id: Id,
        user: CurrentUser,
        session: SessionDep,
        settings: SettingsDep,
        file: Annotated[UploadFile, File(description="JPEG/PNG/WebP image or PDF/Office file")],
    ) -> AttachmentRead:
        listing = await ListingService(session, listing_type, settings.listing).get_managed(
            listing_id, user
        )
        # Read one byte past the largest limit: enough to refuse an oversized file.
        data = await file.read(settings.listing.max_document_bytes + 1)
        service = AttachmentService(session, get_storage(settings), settings.listing)
        attachment = await service.add(listing, Upload(file.filename or "", data), user=user)
        return AttachmentRead.model_validate(attachment)

    async def list_files(
        listing_id: Id, viewer: OptionalUser, session: SessionDep, settings: SettingsDep
    ) -> list[AttachmentRead]:
        listing = await ListingService(session, listing_type, settings.listing).get_visible(
            listing_id, viewer
        )
        service = AttachmentService(session, get_storage(settings), settings.listing)
        return [AttachmentRead.model_validate(a) for a in await service.list(listing)]

    async def download(
        listing_id: Id,
        attachment_id: Id,
        viewer: OptionalUser,
        session: SessionDep,
        settings: SettingsDep,
    ) -> Response:
        listing = await ListingService(session, listing_type, settings.listing).get_visible(
            listing_id, viewer
        )
        service = AttachmentService(session, get_storage(settings), settings.listing)
        attachment = await service.get(listing, attachment_id)
        data = await service.storage.read(attachment.storage_key)
        disposition = "inline" if attachment.kind is AttachmentKind.image else "attachment"
        return Response(
            content=data,
            media_type=attachment.content_type,
            headers={
                "Content-Disposition": (
                    f"{disposition}; filename*=UTF-8''{quote(attachment.filename)}"
                ),
                "Content-Security-Policy": "default-src 'none'; sandbox",
            },
        )

    async def delete(
        listing_id: Id,
        attachment_id: Id,
        user: CurrentUser,
        session: SessionDep,
        settings: SettingsDep,
    ) -> Response:
        listing = await ListingService(session, listing_type, settings.listing).get_managed(
            listing_id, user
        )
        service = AttachmentService(session, get_storage(settings), settings.listing)
        await service.delete(listing, attachment_id)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    routes: list[tuple[str, str, Callable[..., Awaitable[object]], dict[str, object]]] = [
        ("", "POST", upload, {"response_model": AttachmentRead, "status_code": 201}),
        ("", "GET", list_files, {"response_model": list[AttachmentRead]}),
        ("/{attachment_id}", "GET", download, {"response_class": Response}),
        ("/{attachment_id}", "DELETE", delete, {"status_code": 204, "response_class": Response}),
    ]
    summaries = {
        upload: "Add an image or document (owner; type checked by content)",
        list_files: "Files of the listing (whoever may see the listing)",
        download: "Download one file (whoever may see the listing)",
        delete: "Delete one file (owner)",
    }
    for path, method, endpoint, options in routes:
        endpoint.__name__ = f"{endpoint.__name__}_{listing_type}_attachment"
        router.add_api_route(
            prefix + path,
            endpoint,
            methods=[method],
            tags=tags,
            summary=summaries[endpoint],
            **options,  # type: ignore[arg-type]
        )


_endpoints("offer")
_endpoints("demand")
