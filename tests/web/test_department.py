"""The department's pages over the real app and database: the indicators against the plan's
targets with their drill-down, the register (filters, verification, exclusion, overdue
registrations), plan targets, exports opened as files, and audit trails."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Deal,
    ListingTransition,
    Organization,
    PlanTarget,
    Transaction,
    TransactionEvent,
    User,
)
from app.models.vocabulary import (
    IPType,
    ListingStatus,
    OrganizationType,
    PlatformRole,
    TransactionCategory,
    TransactionVerification,
)
from tests.factories import make_organization, make_user
from tests.listing.factories import make_offer
from tests.transaction.factories import MILLION, make_transaction
from tests.web.helpers import post_form, sign_in, token_in

YEAR = 2025


@dataclass
class Register:
    institute: Organization
    enterprise: Organization
    japan: Organization
    officer: User
    patent: Transaction  # institute → enterprise, patent licence, 300 million
    transfer: Transaction  # Japan → enterprise, technology transfer, 700 million
    last_year: Transaction  # 2024, 500 million


@pytest.fixture
async def register(session: AsyncSession, client: httpx.AsyncClient) -> Register:
    institute = await make_organization(
        session, name="Viện Cơ điện Nông nghiệp", type=OrganizationType.research_institute
    )
    enterprise = await make_organization(session, name="Công ty Gốm Phù Lãng")
    japan = await make_organization(session, name="Sakura Machinery KK", country="JP")
    officer = await make_user(session, platform_role=PlatformRole.department)
    patent = await make_transaction(
        session,
        institute,
        enterprise,
        category=TransactionCategory.ip_license,
        ip_type=IPType.patent,
        millions=300,
        signed_on=date(YEAR, 3, 10),
        subject="Li-xăng sáng chế lò nung gốm tiết kiệm năng lượng",
    )
    transfer = await make_transaction(
        session,
        japan,
        enterprise,
        millions=700,
        signed_on=date(YEAR, 5, 20),
        subject="Chuyển giao dây chuyền men gốm",
    )
    last_year = await make_transaction(
        session, institute, enterprise, millions=500, signed_on=date(YEAR - 1, 4, 1)
    )
    await sign_in(client, officer.email)
    return Register(institute, enterprise, japan, officer, patent, transfer, last_year)


def row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return match.group(1)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


async def test_department_pages_are_for_the_department(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    paths = ("/department", "/department/transactions", "/department/plan")
    for path in paths:
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/sign-in?next=")
    member = await make_user(session, organization=await make_organization(session))
    await sign_in(client, member.email)
    for path in (*paths, "/department/transactions/export", "/department/indicators/export"):
        assert (await client.get(path)).status_code == 403
    assert "/department" not in (await client.get("/")).text


async def test_the_dashboard_shows_each_gap_beside_its_figure(
    client: httpx.AsyncClient, register: Register, session: AsyncSession
) -> None:
    await make_transaction(
        session, register.institute, register.enterprise, millions=400, signed_on=date(2022, 9, 1)
    )
    page = await client.get(f"/department?year={YEAR}")
    assert page.status_code == 200
    assert '<a href="/department">' in page.text  # the department's link in the menu
    ip_row = text(row(page.text, "row-ip_share"))
    # 300 of 1.000 million: 30,0 % against plan 149's 2025 target of more than 15 %.
    assert "30,0 %" in ip_row and "15,0 %" in ip_row
    assert "+15 điểm phần trăm" in ip_row
    # Growth on the year before has no target; the average growth since 2022 carries it.
    assert "–" in text(row(page.text, "row-transaction_value_growth")).split("%")[-1]
    average = text(row(page.text, "row-transaction_value_growth-average"))
    # From 400 million in 2022 to 1.000 million in 2025: 2,5^(1/3) − 1 = 35,7 % a year, 10,7
    # points above the target of about 25 %; the base year's total drills down too.
    assert "2022" in average and "35,7 %" in average and "400.000.000 ₫" in average
    assert "25,0 %" in average and "+10,7 điểm phần trăm" in average
    assert "1.000.000.000 ₫" in text(row(page.text, "row-transaction_value"))
    # Charts are drawn on the server and carry their figures in words.
    assert page.text.count('<svg class="chart"') == 6
    assert "30,0 %" in page.text.split('id="trend-ip_share"')[1].split("</figure>")[0]


async def test_count_and_verified_only_change_the_figures(
    client: httpx.AsyncClient, register: Register, session: AsyncSession
) -> None:
    counted = await client.get(f"/department?year={YEAR}&measure=count")
    assert "số giao dịch" in text(row(counted.text, "row-transaction_value"))
    assert ">2</a>" in row(counted.text, "row-transaction_value")
    assert "50,0 %" in text(row(counted.text, "row-ip_share"))

    verified = await client.get(f"/department?year={YEAR}&verified_only=1")
    assert "0 ₫" in text(row(verified.text, "row-transaction_value"))
    register.patent.verification = TransactionVerification.verified
    await session.flush()
    verified = await client.get(f"/department?year={YEAR}&verified_only=1")
    assert "300.000.000 ₫" in text(row(verified.text, "row-transaction_value"))
    assert "100,0 %" in text(row(verified.text, "row-ip_share"))


async def test_every_figure_drills_down_to_its_transactions(
    client: httpx.AsyncClient, register: Register
) -> None:
    page = await client.get(f"/department?year={YEAR}")
    links = re.findall(r'href="(/department/transactions\?[^"]+)"', row(page.text, "row-ip_share"))
    numerator, denominator = (link.replace("&amp;", "&") for link in links)
    assert "part=numerator" in numerator and "part=denominator" in denominator

    listed = await client.get(numerator)
    assert listed.status_code == 200
    assert 'id="drill-scope"' in listed.text
    assert f'id="transaction-{register.patent.id}"' in listed.text
    assert f'id="transaction-{register.transfer.id}"' not in listed.text
    listed = await client.get(denominator)
    ids = set(re.findall(r'id="transaction-(\d+)"', listed.text))
    assert ids == {str(register.patent.id), str(register.transfer.id)}

    # The growth's denominator is the year before; the average growth's, the base year.
    growth = row(page.text, "row-transaction_value_growth")
    before = re.findall(r'href="(/department/transactions\?[^"]+)"', growth)[1]
    listed = await client.get(before.replace("&amp;", "&"))
    assert re.findall(r'id="transaction-(\d+)"', listed.text) == [str(register.last_year.id)]


async def test_the_register_filters_and_says_what_was_wrong(
    client: httpx.AsyncClient, register: Register
) -> None:
    listed = await client.get(f"/department/transactions?year={YEAR}&category=ip_license")
    assert re.findall(r'id="transaction-(\d+)"', listed.text) == [str(register.patent.id)]
    # The parties by name, the value in Vietnamese format.
    entry = text(row(listed.text, f"transaction-{register.patent.id}"))
    assert "Viện Cơ điện Nông nghiệp" in entry and "300.000.000 ₫" in entry
    assert "10/03/2025" in entry

    # Words of the subject, case aside; a % is a character, not a wildcard.
    found = await client.get("/department/transactions?subject=DÂY chuyền men")
    assert re.findall(r'id="transaction-(\d+)"', found.text) == [str(register.transfer.id)]
    none = await client.get("/department/transactions?subject=%25")
    assert 'id="no-transactions"' in none.text

    bad = await client.get("/department/transactions?year=20x5&status=lost")
    assert bad.status_code == 400
    assert 'id="f-year-error"' in bad.text and 'id="f-status-error"' in bad.text
    assert 'value="20x5"' in bad.text


async def test_verification_and_exclusion_with_a_reason_reach_the_audit_trail(
    client: httpx.AsyncClient, register: Register, session: AsyncSession
) -> None:
    page = f"/department/transactions/{register.transfer.id}"
    verified = await post_form(
        client, page, f"{page}/verification", {"verified": "1"}, follow_redirects=True
    )
    assert verified.status_code == 200
    assert "Giao dịch đã được xác minh." in verified.text
    await session.refresh(register.transfer)
    assert register.transfer.verification is TransactionVerification.verified
    assert register.transfer.verified_by_id == register.officer.id

    refused = await post_form(client, page, f"{page}/exclusion", {"excluded": "1", "reason": ""})
    assert refused.status_code == 400
    assert 'id="f-reason-error"' in refused.text
    short = await post_form(client, page, f"{page}/exclusion", {"excluded": "1", "reason": "x"})
    assert short.status_code == 400 and 'id="f-reason-error"' in short.text
    assert 'aria-invalid="true"' in short.text
    await session.refresh(register.transfer)
    assert register.transfer.excluded_from_statistics is False

    reason = "Trùng với hợp đồng đã ghi nhận trước"
    excluded = await post_form(
        client,
        page,
        f"{page}/exclusion",
        {"excluded": "1", "reason": reason},
        follow_redirects=True,
    )
    assert excluded.status_code == 200
    await session.refresh(register.transfer)
    assert (register.transfer.excluded_from_statistics, register.transfer.exclusion_reason) == (
        True,
        reason,
    )
    trail = text(excluded.text.split('id="history-heading"')[1])
    assert "Sở đã xác minh" in trail and "Bị loại khỏi thống kê" in trail and reason in trail
    # Times in the province's clock (UTC+7), not the server's UTC.
    last = await session.scalar(
        select(TransactionEvent.at).order_by(TransactionEvent.id.desc()).limit(1)
    )
    assert last is not None
    assert last.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M") in trail
    dashboard = await client.get(f"/department?year={YEAR}")
    assert "300.000.000 ₫" in text(row(dashboard.text, "row-transaction_value"))


async def test_forms_without_their_token_change_nothing(
    client: httpx.AsyncClient, register: Register, session: AsyncSession
) -> None:
    page = f"/department/transactions/{register.transfer.id}"
    refused = await client.post(f"{page}/verification", data={"verified": "1"})
    assert refused.status_code == 403
    await session.refresh(register.transfer)
    assert register.transfer.verification is TransactionVerification.self_reported


async def test_overdue_registrations_are_listed_with_their_deadline(
    client: httpx.AsyncClient, register: Register, session: AsyncSession
) -> None:
    signed = date.today() - timedelta(days=120)
    late = await make_transaction(
        session, register.japan, register.enterprise, signed_on=signed, subject="Hợp đồng quá hạn"
    )
    page = await client.get("/department/transactions/overdue")
    assert page.status_code == 200
    entry = text(row(page.text, f"transaction-{late.id}"))
    assert (signed + timedelta(days=90)).strftime("%d/%m/%Y") in entry
    assert "quá hạn" in entry
    assert f'id="transaction-{register.patent.id}"' not in page.text


async def test_a_target_is_edited_and_the_dashboard_shows_the_new_gap(
    client: httpx.AsyncClient, register: Register, session: AsyncSession
) -> None:
    plan_page = await client.get("/department/plan")
    assert plan_page.status_code == 200
    plan_id = re.search(r'action="/department/plan/(\d+)/targets"', plan_page.text)
    assert plan_id
    action = f"/department/plan/{plan_id.group(1)}/targets"
    fields = {"form": "ip_share-2030", "indicator_code": "ip_share", "year": "2030"}

    bad = await post_form(
        client, "/department/plan", action, {**fields, "value": "hai mươi", "comparison": ">"}
    )
    assert bad.status_code == 400
    assert 'id="t-ip_share-2030-value-error"' in bad.text and 'value="hai mươi"' in bad.text
    unknown = await post_form(
        client, "/department/plan", action, {"form": "x", "year": "năm", "value": "10"}
    )
    assert unknown.status_code == 400 and 'id="t-new-year-error"' in unknown.text
    saved = await post_form(
        client,
        "/department/plan",
        action,
        {**fields, "value": "32,5", "comparison": ">=", "wording": "Đạt từ 32,5%"},
    )
    assert saved.status_code == 303
    target = await session.scalar(
        select(PlanTarget).where(PlanTarget.indicator_code == "ip_share", PlanTarget.year == 2030)
    )
    assert target is not None and target.value == Decimal("0.325")

    # 2026 is measured against the 2030 milestone: a 2026 IP share of 30 % is 2,5 points short.
    await make_transaction(
        session,
        register.institute,
        register.enterprise,
        category=TransactionCategory.ip_assignment,
        ip_type=IPType.patent,
        millions=300,
        signed_on=date(2026, 1, 5),
    )
    await make_transaction(
        session, register.japan, register.enterprise, millions=700, signed_on=date(2026, 1, 6)
    )
    dashboard = await client.get("/department?year=2026")
    ip_row = text(row(dashboard.text, "row-ip_share"))
    assert "32,5 %" in ip_row and "(2030)" in ip_row and "−2,5 điểm phần trăm" in ip_row


async def test_the_xlsx_and_csv_exports_name_the_parties_with_real_cells(
    client: httpx.AsyncClient, register: Register
) -> None:
    response = await client.get(f"/department/transactions/export?year={YEAR}&format=xlsx")
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[2]]
    body = {row[0].value: row for row in sheet.iter_rows(min_row=3) if row[0].value}
    patent = body[register.patent.id]
    assert isinstance(patent[0].value, int)
    assert patent[header.index("Bên giao")].value == "Viện Cơ điện Nông nghiệp"
    assert patent[header.index("Bên nhận")].value == "Công ty Gốm Phù Lãng"
    assert patent[header.index("Ngày ký")].value.date() == date(YEAR, 3, 10)
    assert patent[header.index("Ngày ký")].number_format == "DD/MM/YYYY"
    assert patent[header.index("Giá trị (đồng)")].value == 300 * MILLION
    assert register.last_year.id not in body

    response = await client.get(f"/department/transactions/export?year={YEAR}&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    words = rows[0].index("Giá trị (đồng) (chữ)")
    assert {line[words] for line in rows[1:]} == {"Ba trăm triệu đồng", "Bảy trăm triệu đồng"}


async def test_the_indicator_export_labels_counts_as_counts(
    client: httpx.AsyncClient, register: Register
) -> None:
    response = await client.get(f"/department/indicators/export?year={YEAR}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    titles = [line[0] for line in values if line[0] and str(line[0]).startswith("Chỉ tiêu thị")]
    assert "theo giá trị" in titles[0] and "theo số lượng" in titles[1]
    count_rows = values[values.index(next(v for v in values if v[0] == titles[1])) :]
    total = next(line for line in count_rows if line[0] == "transaction_value")
    assert total[1] == "Số giao dịch hàng hóa KH&CN" and total[2] == 2
    growth = next(line for line in values if line[0] == "transaction_value_growth")
    assert growth[10] == "Tăng bình quân/năm từ năm gốc"

    ministry = await client.get(f"/department/reports/technology-transfer?year={YEAR}")
    assert ministry.status_code == 200
    sheet = load_workbook(io.BytesIO(ministry.content)).active
    assert sheet is not None
    assert sheet["A1"].value == f"Tổng số hợp đồng chuyển giao công nghệ năm {YEAR}"


async def test_audit_trails_of_deals_and_listings(
    client: httpx.AsyncClient, register: Register, session: AsyncSession
) -> None:
    broker = await make_organization(session, type=OrganizationType.intermediary)
    deal = Deal(
        title="Chuyển giao lò nung",
        supplier_id=register.institute.id,
        recipient_id=register.enterprise.id,
        broker_organization_id=broker.id,
    )
    session.add(deal)
    offer = await make_offer(session, register.institute, status=ListingStatus.published)
    session.add(
        ListingTransition(
            listing_type="offer",
            listing_id=offer.id,
            actor_id=register.officer.id,
            from_status=ListingStatus.pending_review,
            to_status=ListingStatus.published,
            reason=None,
        )
    )
    await session.flush()

    found = await client.get(f"/department/history?kind=deal&number={deal.id}")
    assert found.status_code == 303
    assert found.headers["location"] == f"/department/deals/{deal.id}/history"
    trail = await client.get(found.headers["location"])
    assert trail.status_code == 200 and "Chuyển giao lò nung" in trail.text

    trail = await client.get(f"/department/offers/{offer.id}/history")
    assert trail.status_code == 200
    assert "Chờ duyệt → Đang đăng" in text(trail.text)

    bad = await client.get("/department/history?kind=planet&number=x")
    assert bad.status_code == 400
    assert 'id="f-kind-error"' in bad.text and 'id="f-number-error"' in bad.text
    assert (await client.get("/department/deals/999999/history")).status_code == 404


async def test_the_dashboard_speaks_english(client: httpx.AsyncClient, register: Register) -> None:
    page = await client.get(f"/department?year={YEAR}", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in page.text
    assert "Indicators against the plan's targets" in page.text
    assert "Share of IP transactions" in page.text
    assert "+15 percentage points" in text(row(page.text, "row-ip_share"))
    form = token_in((await client.get("/department/plan")).text)
    assert form
