"""Exports show exactly what the viewer may see, with the parties' names, numbers and dates as
real cells (XLSX), money in Vietnamese words (CSV), labels that match the measure, and no
formula smuggled in through a subject."""

from __future__ import annotations

import csv
import io
from datetime import date

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession

from app.indicator.method import INDICATOR_CODES
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
    assert row[header.index("Giá trị (đồng) (chữ)")] == "Một tỷ hai trăm năm mươi triệu đồng"
    assert row[header.index("Bên giao")] == seller.name
    assert row[header.index("Bên nhận")] == buyer.name
    assert row[header.index("Nội dung")].startswith("'=")

    xlsx = await client.get(
        "/api/v1/reports/transactions", headers=await auth_headers(client, broker)
    )
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert len(values) == 1  # the broker sees the one it brokered...
    assert values[0][10] is None  # ...without its value
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
    cell = sheet.cell(row=3, column=11)
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
    assert lines[(method, "Chuyển giao máy móc, thiết bị")][:2] == ["1", "300000000"]
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
    for millions in (10, 20, 30, 40, 50):  # five universities selling to five enterprises
        seller = await make_organization(session, type=OrganizationType.university)
        buyer = await make_organization(session)
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


async def test_the_department_reads_names_numbers_and_dates_in_the_workbook(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    japan = await make_organization(session, name="Kogyo Gijutsu K.K.", country="JP")
    buyer = await make_organization(session, name="Công ty Đúc đồng Đại Bái")
    inbound = await make_transaction(
        session, japan, buyer, millions=2_024, signed_on=date(2025, 3, 10)
    )
    officer = await make_user(session, platform_role=PlatformRole.department)
    response = await client.get(
        "/api/v1/reports/transactions",
        params={"year": 2025},
        headers=await auth_headers(client, officer),
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == inbound.id)
    cells = dict(zip(header, row, strict=True))
    assert isinstance(cells["Số"].value, int)
    assert cells["Bên giao"].value == "Kogyo Gijutsu K.K."
    assert cells["Bên nhận"].value == "Công ty Đúc đồng Đại Bái"
    assert cells["Loại hình, quốc gia bên giao"].value.endswith("Nhật Bản")
    # An inbound technology contract owes its registration 90 days after signing: a date cell
    # in the same format as the signing date.
    assert cells["Hạn đăng ký"].value.date() == date(2025, 6, 8)
    assert cells["Hạn đăng ký"].number_format == cells["Ngày ký"].number_format == "DD/MM/YYYY"

    csv_response = await client.get(
        "/api/v1/reports/transactions",
        params={"year": 2025, "format": "csv"},
        headers=await auth_headers(client, officer),
    )
    rows = csv_rows(csv_response)
    line = next(r for r in rows[1:] if r[rows[0].index("Số")] == str(inbound.id))
    assert line[rows[0].index("Giá trị (đồng) (chữ)")] == (
        "Hai tỷ không trăm hai mươi bốn triệu đồng"
    )


async def test_indicator_export_labels_the_count_and_shows_what_each_gap_compares(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    seller = await make_organization(session, type=OrganizationType.university)
    buyer = await make_organization(session)
    # Plan 149's base year is 2022: 1,000 million then, 1,728 million in 2025 (20 %/year on
    # average), 2,000 million in 2024 (so 2025 alone fell by 13.6 %).
    for year, millions in ((2022, 1_000), (2024, 2_000), (2025, 1_728)):
        await make_transaction(
            session, seller, buyer, millions=millions, signed_on=date(year, 5, 5)
        )
    officer = await make_user(session, platform_role=PlatformRole.department)
    response = await client.get(
        "/api/v1/reports/indicators",
        params={"year": 2025},
        headers=await auth_headers(client, officer),
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[2]]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] in INDICATOR_CODES]
    by_value = {r[0]: dict(zip(header, r, strict=True)) for r in rows[: len(rows) // 2]}
    by_count = {r[0]: dict(zip(header, r, strict=True)) for r in rows[len(rows) // 2 :]}
    assert len(by_value) == len(by_count) == len(INDICATOR_CODES)

    growth = by_value["transaction_value_growth"]
    assert growth["Tỷ lệ"] == 1_728 / 2_000 - 1
    assert growth["Năm gốc"] == 2022
    assert abs(growth["Tăng bình quân/năm từ năm gốc"] - 0.2) < 1e-9
    # The gap is the average growth shown beside it less the target, not the year's rate.
    assert growth["Chênh lệch so với mục tiêu"] == pytest.approx(
        growth["Tăng bình quân/năm từ năm gốc"] - growth["Mục tiêu"]
    )
    share = by_value["ip_share"]
    assert share["Chênh lệch so với mục tiêu"] == pytest.approx(share["Tỷ lệ"] - share["Mục tiêu"])

    assert by_count["transaction_value"]["Chỉ tiêu"] == "Số giao dịch hàng hóa KH&CN"
    assert by_count["transaction_value"]["Tổng"] == 1
    assert not any(
        str(row["Chỉ tiêu"]).startswith(("Giá trị", "Tốc độ tăng giá trị"))
        for row in by_count.values()
    )


async def test_the_indicator_export_withholds_what_the_api_withholds(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # Five contracts between one seller and one buyer: two parties, whose business it is.
    seller = await make_organization(session, type=OrganizationType.university)
    buyer = await make_organization(session)
    for millions in (10, 20, 30, 40, 50):
        await make_transaction(
            session, seller, buyer, millions=millions, signed_on=date(2021, 7, 1)
        )
    response = await client.get(
        "/api/v1/reports/indicators", params={"year": 2021, "format": "csv"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "150000000" not in text and "150.000.000" not in text
    assert "trăm năm mươi triệu" not in text.lower()
    value_rows = [line for line in text.splitlines() if "theo giá trị" in line]
    assert value_rows and all(",1.0," not in line for line in value_rows)
