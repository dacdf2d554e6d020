"""Bulk import of research results: good file, bad rows, dry run, re-import, CSV and XLSX."""

from __future__ import annotations

import csv
import io

import httpx
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.listing.importer import COLUMNS
from app.models import ListingTransition, Offer, Organization
from app.models.vocabulary import ListingStatus, PlatformRole
from tests.factories import auth_headers, make_organization, make_user

URL = "/api/v1/imports/research-results"
HIDDEN_PRICE = "777666555"


def row(ref: str, **values: str) -> dict[str, str]:
    base = {
        "external_ref": ref,
        "title": f"Kết quả nghiên cứu {ref}: chế phẩm vi sinh xử lý phụ phẩm nông nghiệp",
        "description": "Chế phẩm vi sinh phân giải rơm rạ thành phân hữu cơ trong 30 ngày.",
        "field_code": "40101",
        "keywords": "vi sinh; phân hữu cơ; rơm rạ",
        "trl": "6",
        "transfer_methods": "documents; training",
    }
    base.update(values)
    return base


def csv_file(rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(rows: list[dict[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append([values.get(column) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def _count(session: AsyncSession, organization: Organization) -> int:
    total = await session.scalar(
        select(func.count()).select_from(Offer).where(Offer.organization_id == organization.id)
    )
    return total or 0


async def _post(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    data: bytes,
    name: str = "ket-qua.csv",
    **params: str,
) -> httpx.Response:
    return await client.post(URL, params=params, files={"file": (name, data)}, headers=headers)


async def _member(
    client: httpx.AsyncClient, session: AsyncSession
) -> tuple[Organization, dict[str, str]]:
    organization = await make_organization(session)
    member = await make_user(session, organization=organization)
    return organization, await auth_headers(client, member)


async def test_good_csv_imports_drafts_and_reimport_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization, headers = await _member(client, session)
    data = csv_file([row("NC-01"), row("NC-02", kind="ip_asset", ip_type="patent")])

    first = await _post(client, headers, data, dry_run="false")
    assert first.status_code == 200, first.text
    assert first.json() | {"errors": []} == {
        "dry_run": False,
        "imported": True,
        "rows": 2,
        "valid": 2,
        "invalid": 0,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "published": 0,
        "errors": [],
    }
    offers = (
        await session.scalars(select(Offer).where(Offer.organization_id == organization.id))
    ).all()
    assert {o.status for o in offers} == {ListingStatus.draft}
    assert sorted(o.keywords for o in offers)[0] == ["vi sinh", "phân hữu cơ", "rơm rạ"]
    trail = await session.scalar(
        select(func.count())
        .select_from(ListingTransition)
        .where(ListingTransition.listing_id.in_([o.id for o in offers]))
    )
    assert trail == 2

    versions = {o.id: o.version for o in offers}
    again = await _post(client, headers, data, dry_run="false")
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 2)
    assert await _count(session, organization) == 2
    for offer in offers:
        await session.refresh(offer)
        assert offer.version == versions[offer.id]


async def test_changed_row_updates_in_place(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization, headers = await _member(client, session)
    await _post(client, headers, csv_file([row("NC-01")]), dry_run="false")
    changed = await _post(client, headers, csv_file([row("NC-01", trl="7")]), dry_run="false")
    assert changed.json()["updated"] == 1
    offer = await session.scalar(select(Offer).where(Offer.organization_id == organization.id))
    assert offer is not None and offer.trl == 7


async def test_dry_run_reports_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization, headers = await _member(client, session)
    response = await _post(client, headers, csv_file([row("A"), row("B")]))  # dry run by default
    assert response.status_code == 200
    assert response.json()["dry_run"] is True and response.json()["imported"] is False
    assert response.json()["created"] == 2
    assert await _count(session, organization) == 0


async def test_bad_rows_are_reported_by_line_and_block_the_import(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization, headers = await _member(client, session)
    rows = [
        row("OK-1"),
        row("BAD-2", field_code="99999", trl="12"),
        row("BAD-3", title=""),
        row("OK-1"),  # repeated reference
        row("BAD-5", price_mode="fixed", price_hidden="maybe"),
        row("BAD-6", price_min_vnd=f"{HIDDEN_PRICE}đ", price_hidden="yes"),
    ]
    data = csv_file(rows)

    dry = await _post(client, headers, data)
    errors = {e["line"]: e for e in dry.json()["errors"]}
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert errors[3]["external_ref"] == "BAD-2"
    assert any(r.startswith("field_code:") for r in errors[3]["reasons"])
    assert any(r.startswith("trl:") for r in errors[3]["reasons"])
    assert errors[4]["reasons"] == ["title: is required"]
    assert "repeats line 2" in errors[5]["reasons"][0]
    assert "price_hidden" in errors[6]["reasons"][0]
    assert HIDDEN_PRICE not in dry.text

    real = await _post(client, headers, data, dry_run="false")
    assert real.status_code == 422
    assert "nothing was imported" in real.json()["detail"]
    assert real.json()["report"]["invalid"] == 5
    assert HIDDEN_PRICE not in real.text
    assert await _count(session, organization) == 0

    skipped = await _post(client, headers, data, dry_run="false", skip_bad_rows="true")
    assert skipped.status_code == 200
    assert (skipped.json()["created"], skipped.json()["skipped"]) == (1, 5)
    assert await _count(session, organization) == 1


async def test_xlsx_and_semicolon_csv_are_read_alike(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    organization, headers = await _member(client, session)
    rows = [row("X-1", price_mode="fixed", price_min_vnd="1.500.000.000"), row("X-2")]
    from_xlsx = await _post(client, headers, xlsx_file(rows), "kq.xlsx", dry_run="false")
    assert from_xlsx.status_code == 200, from_xlsx.text
    assert from_xlsx.json()["created"] == 2
    offer = await session.scalar(select(Offer).where(Offer.external_ref == "X-1"))
    assert offer is not None and offer.price_min_vnd == 1_500_000_000
    from_csv = await _post(client, headers, csv_file(rows, delimiter=";"), dry_run="false")
    assert from_csv.json()["unchanged"] == 2
    assert await _count(session, organization) == 2


async def test_unreadable_files_say_what_to_do(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, headers = await _member(client, session)
    wrong_header = b"ref,name\nA,B\n"
    response = await _post(client, headers, wrong_header)
    assert response.status_code == 422
    assert "missing columns: external_ref" in response.json()["detail"]
    latin1 = "external_ref,title\nA,Vải thiều\n".encode("latin-1", errors="replace")
    assert (await _post(client, headers, b"\xff\xfe" + latin1)).status_code == 422
    assert (await _post(client, headers, b"")).status_code == 422


async def test_template_round_trips(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, headers = await _member(client, session)
    for fmt, name in (("xlsx", "t.xlsx"), ("csv", "t.csv")):
        template = await client.get(f"{URL}/template", params={"format": fmt})
        assert template.status_code == 200
        report = await _post(client, headers, template.content, name)
        assert (report.json()["valid"], report.json()["invalid"]) == (1, 0), report.text


async def test_only_staff_import_for_another_organisation(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, headers = await _member(client, session)
    other = await make_organization(session)
    data = csv_file([row("S-1")])
    refused = await _post(client, headers, data, organization_id=str(other.id))
    assert refused.status_code == 403
    officer = await make_user(session, platform_role=PlatformRole.department)
    officer_h = await auth_headers(client, officer)
    done = await _post(client, officer_h, data, dry_run="false", organization_id=str(other.id))
    assert done.json()["created"] == 1
    assert await _count(session, other) == 1


async def test_imported_drafts_are_found_by_the_title_filter_without_accents(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, headers = await _member(client, session)
    data = csv_file([row("NC-01"), row("NC-02", title="Máy sấy vải thiều")])
    assert (await _post(client, headers, data, dry_run="false")).status_code == 200
    found = await client.get(
        "/api/v1/offers", params={"mine": "true", "q": "may say vai"}, headers=headers
    )
    assert [item["title"] for item in found.json()["items"]] == ["Máy sấy vải thiều"]
