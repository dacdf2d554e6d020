"""Attachments: type checked by content, size limits, download follows listing visibility."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.core.storage import LocalFileStorage, get_storage
from app.listing.attachments import AttachmentService, Upload
from app.models.vocabulary import ListingStatus
from tests.factories import auth_headers, make_organization, make_user
from tests.listing.factories import make_offer

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


async def test_owner_uploads_and_public_downloads_a_published_listings_files(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization)
    headers = await auth_headers(client, await make_user(session, organization=organization))
    url = f"/api/v1/offers/{offer.id}/attachments"
    image = await client.post(
        url, files={"file": ("../../etc/ảnh máy.exe", PNG, "text/plain")}, headers=headers
    )
    assert image.status_code == 201, image.text
    assert image.json()["kind"] == "image" and image.json()["content_type"] == "image/png"
    assert image.json()["filename"] == "ảnh máy.png"
    doc = await client.post(url, files={"file": ("bao-cao.pdf", PDF)}, headers=headers)
    sheet = await client.post(url, files={"file": ("so-lieu.xlsx", _xlsx())}, headers=headers)
    assert (doc.json()["kind"], sheet.json()["kind"]) == ("document", "document")

    listed = await client.get(url)
    assert [a["filename"] for a in listed.json()] == ["ảnh máy.png", "bao-cao.pdf", "so-lieu.xlsx"]
    download = await client.get(f"{url}/{doc.json()['id']}")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    stored = list((settings.uploads_dir / "listings" / "offer" / str(offer.id)).iterdir())
    assert len(stored) == 3


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("script.png", b"<script>alert(1)</script>"),
        ("page.pdf", b"<html><body>not a pdf</body></html>"),
        ("empty.jpg", b""),
    ],
)
async def test_content_that_is_not_an_allowed_type_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, name: str, data: bytes
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization)
    headers = await auth_headers(client, await make_user(session, organization=organization))
    url = f"/api/v1/offers/{offer.id}/attachments"
    response = await client.post(url, files={"file": (name, data)}, headers=headers)
    assert response.status_code == 422
    assert "content" in response.json()["detail"]
    assert (await client.get(url, headers=headers)).json() == []


async def test_oversized_image_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    settings.listing.max_image_bytes = 1024
    organization = await make_organization(session)
    offer = await make_offer(session, organization)
    headers = await auth_headers(client, await make_user(session, organization=organization))
    big = PNG + b"\x00" * 2048
    response = await client.post(
        f"/api/v1/offers/{offer.id}/attachments", files={"file": ("big.png", big)}, headers=headers
    )
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


async def test_files_of_a_draft_are_private_and_outsiders_cannot_upload(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization = await make_organization(session)
    draft = await make_offer(session, organization, status=ListingStatus.draft)
    published = await make_offer(session, organization)
    owner_h = await auth_headers(client, await make_user(session, organization=organization))
    outsider = await make_user(session, organization=await make_organization(session))
    outsider_h = await auth_headers(client, outsider)
    url = f"/api/v1/offers/{draft.id}/attachments"
    uploaded = await client.post(url, files={"file": ("a.pdf", PDF)}, headers=owner_h)
    file_url = f"{url}/{uploaded.json()['id']}"
    assert (await client.get(file_url)).status_code == 404
    assert (await client.get(file_url, headers=outsider_h)).status_code == 404
    assert (await client.get(file_url, headers=owner_h)).status_code == 200
    attempt = await client.post(
        f"/api/v1/offers/{published.id}/attachments",
        files={"file": ("a.pdf", PDF)},
        headers=outsider_h,
    )
    assert attempt.status_code == 403
    # An attachment id of another listing is not reachable through this one.
    assert (
        await client.get(f"/api/v1/offers/{published.id}/attachments/{uploaded.json()['id']}")
    ).status_code == 404


async def test_owner_deletes_a_file(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    organization = await make_organization(session)
    offer = await make_offer(session, organization)
    headers = await auth_headers(client, await make_user(session, organization=organization))
    url = f"/api/v1/offers/{offer.id}/attachments"
    uploaded = (await client.post(url, files={"file": ("a.pdf", PDF)}, headers=headers)).json()
    files_before = set(settings.uploads_dir.rglob("*.pdf"))
    assert (await client.delete(f"{url}/{uploaded['id']}", headers=headers)).status_code == 204
    assert (await client.get(url)).json() == []
    assert len(files_before - set(settings.uploads_dir.rglob("*.pdf"))) == 1


async def test_a_delete_that_cannot_commit_keeps_the_file(
    session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    offer = await make_offer(session, await make_organization(session))
    user = await make_user(session, organization=offer.organization)
    service = AttachmentService(session, get_storage(settings), settings.listing)
    attachment = await service.add(offer, Upload("a.pdf", PDF), user=user)
    stored = settings.uploads_dir / attachment.storage_key

    async def database_gone() -> None:
        raise ConnectionError("the database went away")

    monkeypatch.setattr(session, "commit", database_gone)
    with pytest.raises(ConnectionError):
        await service.delete(offer, attachment.id)
    assert stored.read_bytes() == PDF  # the row was not removed for good, so neither is the file


async def test_storage_refuses_keys_that_escape_its_root(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    await storage.save("a/b.txt", b"x")
    assert await storage.read("a/b.txt") == b"x"
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.save("../escape.txt", b"x")
