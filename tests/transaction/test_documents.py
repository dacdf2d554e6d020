"""Documents behind a transaction: for its parties and the department only."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import OrganizationType, PlatformRole
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.factories import make_transaction

PDF = "%PDF-1.4\n% hợp đồng chuyển giao công nghệ\n".encode()


async def test_parties_upload_and_download_others_cannot(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    exchange = await make_organization(session, type=OrganizationType.intermediary)
    transaction = await make_transaction(session, seller, buyer, intermediary_id=exchange.id)
    member = await make_user(session, organization=buyer)
    broker = await make_user(session, organization=exchange, platform_role=PlatformRole.broker)
    outsider = await make_user(session, organization=await make_organization(session))
    url = f"/api/v1/transactions/{transaction.id}/documents"
    headers = await auth_headers(client, member)

    created = await client.post(
        url,
        data={"kind": "contract", "title": "Hợp đồng số 12/2025/HĐCGCN", "number": "12/2025"},
        files={"file": ("hop-dong.pdf", PDF, "application/pdf")},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    document = created.json()
    assert document["content_type"] == "application/pdf" and document["size_bytes"] == len(PDF)

    listed = await client.get(url, headers=headers)
    assert [d["id"] for d in listed.json()] == [document["id"]]
    download = await client.get(f"{url}/{document['id']}", headers=headers)
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-disposition"].startswith("attachment")

    # The intermediary may not see the value, so not the contract either; outsiders see nothing.
    assert (await client.get(url, headers=await auth_headers(client, broker))).status_code == 403
    stranger = await auth_headers(client, outsider)
    assert (await client.get(f"{url}/{document['id']}", headers=stranger)).status_code == 404


async def test_the_type_is_read_from_the_content_not_the_name(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    transaction = await make_transaction(session, seller, buyer)
    headers = await auth_headers(client, await make_user(session, organization=buyer))
    url = f"/api/v1/transactions/{transaction.id}/documents"
    for name, content in (
        ("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("fake.pdf", b"<html><script>alert(1)</script>"),
    ):
        response = await client.post(
            url,
            data={"kind": "other", "title": "Tệp"},
            files={"file": (name, content, "application/pdf")},
            headers=headers,
        )
        assert response.status_code == 422
        assert "read from the file's content" in response.json()["detail"]
    assert (await client.get(url, headers=headers)).json() == []
