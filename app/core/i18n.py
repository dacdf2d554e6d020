"""Vietnamese-first formatting of numbers, money and dates (Babel)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

DEFAULT_LOCALE = "vi"
SUPPORTED_LOCALES = ("vi", "en")


def format_number(value: int | float, locale: str = DEFAULT_LOCALE) -> str:
    return format_decimal(value, locale=locale)


def format_vnd(amount: int, locale: str = DEFAULT_LOCALE) -> str:
    """Integer đồng as people write it: 1250000000 → "1.250.000.000 ₫"."""
    return f"{format_decimal(amount, format='#,##0', locale=locale)} ₫"


def format_day(value: date | datetime, locale: str = DEFAULT_LOCALE) -> str:
    """22/11/2026 in Vietnamese, Nov 22, 2026 in English."""
    if locale == "vi":
        return value.strftime("%d/%m/%Y")
    return babel_format_date(value, format="medium", locale=locale)
