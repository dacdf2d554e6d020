"""Vietnamese tax codes (mã số thuế, Thông tư 105/2020/TT-BTC and Thông tư 86/2024/TT-BTC).

An organisation's code has 10 digits, the 10th a check digit; a dependent unit (branch,
representative office) adds a 3-digit suffix, written 0100109106-001. Since 1 July 2025 an
individual's tax code is their 12-digit personal identification number (số định danh cá nhân,
the citizen identity card's number): 3 digits for the province where the birth was registered
(001 to 096), 1 for century and sex, 2 for the year of birth, 6 more; it has no check digit.
"""

from __future__ import annotations

import re

from app.core.errors import InvalidValue
from app.core.i18n import N_

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_SHAPE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")
_PERSONAL = re.compile(r"^\d{12}$")
_PROVINCE_CODES = range(1, 97)


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine, or None when no valid code starts with them."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True)) % 11
    # A remainder of 0 would need a check digit of 10: no such code is issued.
    return None if remainder == 0 else 10 - remainder


def normalize_tax_code(raw: str) -> str:
    """Return the code as 10 digits or 10 digits-3 digits; raise ValueError saying what is wrong."""
    value = re.sub(r"[\s.]", "", raw)
    if _PERSONAL.match(value):
        return _personal(value)
    match = _SHAPE.match(value)
    if not match:
        raise InvalidValue(
            N_(
                "a tax code has 10 digits, 13 for a branch (e.g. 0100109106 or "
                "0100109106-001), or 12 for an individual (the personal "
                "identification number)"
            )
        )
    main, branch = match.groups()
    if check_digit(main[:9]) != int(main[9]):
        raise InvalidValue(
            N_("tax code %(main)s: the check digit (10th digit) does not match"), main=main
        )
    if branch == "000":
        raise InvalidValue(N_("a branch suffix runs from 001 to 999"))
    return f"{main}-{branch}" if branch else main


def _personal(value: str) -> str:
    if int(value[:3]) not in _PROVINCE_CODES:
        raise InvalidValue(
            N_(
                "personal identification number %(value)s: it starts with a "
                "province code from 001 to 096"
            ),
            value=value,
        )
    return value


def is_personal_tax_code(code: str) -> bool:
    """An individual's (12 digits) rather than an organisation's."""
    return bool(_PERSONAL.match(code))
