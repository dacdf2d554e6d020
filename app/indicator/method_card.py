"""The method card: each formula explained in Vietnamese or English."""

from __future__ import annotations

from collections.abc import Collection

from app.indicator.method import INDICATORS, METHOD_VERSION
from app.indicator.schemas import MethodCard, MethodEntry

_SCOPE = {
    "vi": (
        "Các giao dịch trong sổ đăng ký ở trạng thái đã ký, đã đăng ký hoặc đã hoàn thành, có "
        "ngày ký hợp đồng trong kỳ; trừ giao dịch bị Sở loại khỏi thống kê (có ghi lý do). Bản "
        "nháp và giao dịch đã hủy không được tính. Loại hình và quốc gia của các bên được chụp "
        "lại khi ký, nên việc sửa thông tin tổ chức về sau không làm thay đổi số liệu cũ. Có thể "
        "tính riêng cho các giao dịch đã được Sở xác minh."
    ),
    "en": (
        "Transactions of the register with status signed, registered or completed whose "
        "contract date falls in the period, except those the department excluded from "
        "statistics (with a recorded reason). Drafts and cancelled contracts are not counted. "
        "The parties' type and country are recorded at signing, so later edits to an "
        "organisation do not rewrite past figures. Figures can be restricted to transactions "
        "verified by the department."
    ),
}
_MEASURES = {
    "vi": (
        "Theo giá trị (đồng, chỉ số chính) hoặc theo số lượng giao dịch. Tỷ trọng và tốc độ "
        "tăng là phân số (0,15 = 15%). Khi mẫu số bằng 0 thì không có giá trị (null)."
    ),
    "en": (
        "By value (VND, the headline) or by number of transactions. Shares and growth are "
        "fractions (0.15 = 15 %). An empty denominator gives no value (null)."
    ),
}
_TARGET_SOURCE = {
    "transaction_value_growth": "149/KH-UBND I.2",
    "ip_share": "149/KH-UBND I.2",
    "imported_share": "149/KH-UBND I.2",
    "institute_share": "149/KH-UBND I.2",
    "imported_share_developed": "QĐ 1158/QĐ-TTg",
}


def method_card(language: str, developed_countries: Collection[str]) -> MethodCard:
    english = language == "en"
    return MethodCard(
        method_version=METHOD_VERSION,
        language="en" if english else "vi",
        scope=_SCOPE["en" if english else "vi"],
        measures=_MEASURES["en" if english else "vi"],
        indicators=[
            MethodEntry(
                code=d.code,
                name=d.name_en if english else d.name_vi,
                formula=d.formula_en if english else d.formula_vi,
                target_source=_TARGET_SOURCE.get(d.code),
            )
            for d in INDICATORS
        ],
        developed_countries=sorted(developed_countries),
    )
