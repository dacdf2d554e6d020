"""Exports show exactly what the viewer may see, with money as numbers (XLSX) and as
Vietnamese text (CSV), and no formula smuggled in through a subject."""

from __future__ import annotations

import csv
import io
from datetime import date

import httpx
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.vocabulary import OrganizationType, Ownership, PlatformRole, TransferForm
from tests.factories import auth_headers, make_organization, make_user
from tests.transaction.factories import make_transaction


def csv_rows(response: httpx.Response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


async def test_transaction_export_respects_visibility_and_confidentiality(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    exchange = await make_organization(session, type=OrganizationType.intermediary)
    mine = await make_transaction(
        session,
        seller,
        buyer,
        millions=1250,
        intermediary_id=exchange.id,
        subject='=HYPERLINK("http://evil.example")',
    )
    other = await make_transaction(session, seller, await make_organization(session), millions=9)
    member = await make_user(session, organization=buyer)
    broker = await make_user(session, organization=exchange, platform_role=PlatformRole.broker)

    response = await client.get(
        "/api/v1/reports/transactions",
        params={"format": "csv"},
        headers=await auth_headers(client, member),
    )
    assert response.status_code == 200
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    ids = {row[header.index("Số")] for row in body}
    assert str(mine.id) in ids and str(other.id) not in ids
    row = next(r for r in body if r[header.index("Số")] == str(mine.id))
    assert row[header.index("Giá trị (đồng)")] == "1250000000"
    assert row[header.index("Giá trị (đồng) (chữ)")] == "1.250.000.000 ₫"
    assert row[header.index("Nội dung")].startswith("'=")

    xlsx = await client.get(
        "/api/v1/reports/transactions", headers=await auth_headers(client, broker)
    )
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert len(values) == 1  # the broker sees the one it brokered...
    assert values[0][8] is None  # ...without its value
    assert str(values[0][1]).startswith("'=")


async def test_xlsx_money_cells_are_numbers_in_vnd_format(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session)
    buyer = await make_organization(session)
    await make_transaction(session, seller, buyer, millions=42)
    member = await make_user(session, organization=buyer)
    response = await client.get(
        "/api/v1/reports/transactions", headers=await auth_headers(client, member)
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cell = sheet.cell(row=3, column=9)
    assert cell.value == 42_000_000
    assert "₫" in cell.number_format
    assert sheet.cell(row=3, column=3).value.date() == date(2025, 6, 1)


async def test_ministry_report_counts_technology_contracts_for_the_department(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    institute = await make_organization(session, type=OrganizationType.research_institute)
    state = await make_organization(session, ownership=Ownership.state)
    fdi = await make_organization(session, ownership=Ownership.fdi)
    japan = await make_organization(session, country="JP")
    day = date(2023, 4, 4)
    await make_transaction(
        session,
        institute,
        state,
        millions=100,
        signed_on=day,
        transfer_form=TransferForm.independent_contract,
        transfer_methods=["documents", "training"],
    )
    await make_transaction(
        session,
        japan,
        fdi,
        millions=300,
        signed_on=day,
        transfer_form=TransferForm.equipment_sale,
        transfer_methods=["machinery"],
    )
    officer = await make_user(session, platform_role=PlatformRole.department)
    response = await client.get(
        "/api/v1/reports/technology-transfer",
        params={"year": 2023, "format": "csv"},
        headers=await auth_headers(client, officer),
    )
    assert response.status_code == 200
    rows = csv_rows(response)
    assert [r[0] for r in rows].count("section") == 1  # one header: every section has its shape
    lines = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert lines[("Tổng số hợp đồng chuyển giao công nghệ năm 2023", "Tổng")][:2] == [
        "2",
        "400000000",
    ]
    ownership = "Theo loại hình bên nhận"
    assert lines[(ownership, "Bên nhận là doanh nghiệp nhà nước")][:2] == ["1", "100000000"]
    assert lines[(ownership, "Bên nhận là doanh nghiệp có vốn đầu tư nước ngoài")][:2] == [
        "1",
        "300000000",
    ]
    partner = "Theo đối tác"
    assert lines[(partner, "Chuyển giao từ nước ngoài vào Việt Nam")][0] == "1"
    assert (
        lines[(partner, "Từ viện nghiên cứu, trường đại học, tổ chức KH&CN cho doanh nghiệp")][0]
        == "1"
    )
    method = "Theo phương thức chuyển giao (Điều 6)"
    assert lines[(method, "Đào tạo")][0] == "1"
    assert lines[(method, "Máy móc, thiết bị")][:2] == ["1", "300000000"]
    assert lines[("Theo quốc gia bên giao", "Nhật Bản")][0] == "1"

    member = await make_user(session, organization=state)
    refused = await client.get(
        "/api/v1/reports/technology-transfer",
        params={"year": 2023},
        headers=await auth_headers(client, member),
    )
    assert refused.status_code == 403


async def test_indicator_export_opens_as_a_workbook(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session, type=OrganizationType.university)
    buyer = await make_organization(session)
    for millions in (10, 20, 30, 40, 50):
        await make_transaction(
            session, seller, buyer, millions=millions, signed_on=date(2021, 7, 1)
        )
    response = await client.get("/api/v1/reports/indicators", params={"year": 2021})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0]]
    by_value = {r[0]: r for r in reversed(rows)}  # the first table: by value
    by_count = {r[0]: r for r in rows}  # the second table: by count
    assert by_value["transaction_value"][2] == 150_000_000
    assert by_value["institute_share"][3] == 1.0
    assert by_count["transaction_value"][2] == 5
