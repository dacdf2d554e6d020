"""Money, numbers and dates the way Vietnamese readers write them."""

from __future__ import annotations

from datetime import date

from app.core.i18n import format_day, format_number, format_vnd


def test_money_in_dong_with_dot_thousands() -> None:
    assert format_vnd(1_250_000_000) == "1.250.000.000 ₫"
    assert format_vnd(0) == "0 ₫"


def test_numbers_use_a_decimal_comma() -> None:
    assert format_number(1234.5) == "1.234,5"


def test_dates_day_first_in_vietnamese() -> None:
    assert format_day(date(2026, 11, 2)) == "02/11/2026"
    assert format_day(date(2026, 11, 2), locale="en") == "Nov 2, 2026"
