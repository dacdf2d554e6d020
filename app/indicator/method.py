"""Method v1 of the market indicators, written once.

The indicators are ratios of conditional sums (or counts) of the register's classification
rules (``app.transaction.classification``), so one aggregate query computes them all, and the
drill-down lists the rows of the very same expressions.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_

from app.transaction.classification import (
    every_transaction,
    from_countries,
    from_knowledge_supplier,
    is_domestic_origin,
    is_inbound,
    is_ip,
    is_technology,
)

METHOD_VERSION = "v1"
# Used when no plan says otherwise: OECD members the World Bank classes as high-income.
DEFAULT_DEVELOPED_COUNTRIES = (
    *("AT", "AU", "BE", "CA", "CH", "CL", "CZ", "DE", "DK", "EE", "ES", "FI"),
    *("FR", "GB", "GR", "HU", "IE", "IL", "IS", "IT", "JP", "KR", "LT", "LU"),
    *("LV", "NL", "NO", "NZ", "PL", "PT", "SE", "SI", "SK", "US"),
)


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator, each a predicate on a transaction in scope."""

    numerator: ColumnElement[bool]
    denominator: ColumnElement[bool]


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    kind: str  # "total", "growth" or "share"
    name_vi: str
    name_en: str
    formula_vi: str
    formula_en: str


INDICATORS: tuple[IndicatorDefinition, ...] = (
    IndicatorDefinition(
        code="transaction_value",
        kind="total",
        name_vi="Giá trị giao dịch hàng hóa KH&CN",
        name_en="Value of S&T goods transactions",
        formula_vi=(
            "Tổng giá trị (đồng) các giao dịch đã ký, đã đăng ký hoặc đã hoàn thành có ngày ký "
            "trong kỳ; theo số lượng: số giao dịch đó."
        ),
        formula_en=(
            "Sum of the value (VND) of signed, registered or completed transactions whose "
            "contract date falls in the period; by count: their number."
        ),
    ),
    IndicatorDefinition(
        code="transaction_value_growth",
        kind="growth",
        name_vi="Tốc độ tăng giá trị giao dịch",
        name_en="Growth of the transaction value",
        formula_vi=(
            "V(kỳ) / V(cùng kỳ năm trước) − 1; tăng bình quân từ năm gốc y0 của kế hoạch: "
            "(V(y)/V(y0))^(1/(y−y0)) − 1. Mục tiêu của kế hoạch so với mức tăng bình quân."
        ),
        formula_en=(
            "V(period) / V(same period a year earlier) − 1; average annual growth from the "
            "plan's base year y0: (V(y)/V(y0))^(1/(y−y0)) − 1. The plan's target is compared "
            "with the average growth."
        ),
    ),
    IndicatorDefinition(
        code="ip_share",
        kind="share",
        name_vi="Tỷ trọng giao dịch tài sản trí tuệ",
        name_en="Share of IP transactions",
        formula_vi=(
            "Giao dịch tài sản trí tuệ (chuyển nhượng hoặc chuyển quyền sử dụng quyền SHTT, hoặc "
            "giao dịch có đối tượng SHTT) / tất cả giao dịch."
        ),
        formula_en=(
            "IP transactions (assignment or licence of an IP right, or any transaction "
            "carrying an IP type) / all transactions."
        ),
    ),
    IndicatorDefinition(
        code="imported_share",
        kind="share",
        name_vi="Tỷ trọng giao dịch công nghệ nhập khẩu",
        name_en="Share of imported technology",
        formula_vi=(
            "Giao dịch công nghệ từ nước ngoài vào Việt Nam / tất cả giao dịch công nghệ. Giao "
            "dịch công nghệ: chuyển giao công nghệ, thiết bị kèm công nghệ, góp vốn bằng công "
            "nghệ, hoặc giao dịch SHTT về sáng chế, giải pháp hữu ích, thiết kế bố trí, bí mật "
            "kinh doanh (dịch vụ KH&CN và nhãn hiệu không tính)."
        ),
        formula_en=(
            "Inbound technology transactions / all technology transactions. Technology: "
            "technology transfer, equipment with technology, capital contribution, or an IP "
            "transaction on a patent, utility solution, layout design or trade secret (S&T "
            "services and trademarks alone are not)."
        ),
    ),
    IndicatorDefinition(
        code="imported_share_developed",
        kind="share",
        name_vi="Tỷ trọng công nghệ nhập khẩu từ các nước phát triển",
        name_en="Share of technology imported from developed countries",
        formula_vi=(
            "Giao dịch công nghệ nhập khẩu có bên giao thuộc danh sách nước phát triển của kế "
            "hoạch (sửa được; mặc định: thành viên OECD thu nhập cao) / tất cả giao dịch công nghệ."
        ),
        formula_en=(
            "Inbound technology transactions whose supplier is in the plan's list of developed "
            "countries (editable; default: OECD high-income members) / all technology "
            "transactions."
        ),
    ),
    IndicatorDefinition(
        code="institute_share",
        kind="share",
        name_vi="Tỷ trọng giao dịch công nghệ từ viện, trường, tổ chức KH&CN",
        name_en="Share of technology from institutes and universities",
        formula_vi=(
            "Giao dịch công nghệ có nguồn gốc trong nước mà bên giao là viện nghiên cứu, trường "
            "đại học hoặc tổ chức KH&CN / tất cả giao dịch công nghệ có nguồn gốc trong nước "
            "(bên giao là tổ chức Việt Nam; giao dịch trong nước hoặc chuyển ra nước ngoài)."
        ),
        formula_en=(
            "Domestic-origin technology transactions whose supplier is a research institute, "
            "university or S&T organisation / all domestic-origin technology transactions "
            "(supplier Vietnamese; direction domestic or outbound)."
        ),
    ),
)
INDICATOR_CODES = tuple(d.code for d in INDICATORS)
DRILLABLE_CODES = INDICATOR_CODES


def ratios(developed_countries: Collection[str]) -> dict[str, Ratio]:
    """The numerator and denominator predicates of each indicator."""
    technology = is_technology()
    domestic_technology = and_(technology, is_domestic_origin())
    everything = every_transaction()
    return {
        "transaction_value": Ratio(everything, everything),
        "transaction_value_growth": Ratio(everything, everything),
        "ip_share": Ratio(is_ip(), everything),
        "imported_share": Ratio(and_(technology, is_inbound()), technology),
        "imported_share_developed": Ratio(
            and_(technology, is_inbound(), from_countries(developed_countries)), technology
        ),
        "institute_share": Ratio(
            and_(domestic_technology, from_knowledge_supplier()), domestic_technology
        ),
    }
