"""Vietnamese tax codes (mã số thuế, Thông tư 105/2020/TT-BTC).

An organisation's code has 10 digits, the 10th a check digit; a dependent unit (branch,
representative office) adds a 3-digit suffix, written 0100109106-001.
"""

from __future__ import annotations

import re

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_SHAPE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine, or None when no valid code starts with them."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True)) % 11
    # A remainder of 0 would need a check digit of 10: no such code is issued.
    return None if remainder == 0 else 10 - remainder


def normalize_tax_code(raw: str) -> str:
    """Return the code as 10 digits or 10 digits-3 digits; raise ValueError saying what is wrong."""
    value = re.sub(r"[\s.]", "", raw)
    match = _SHAPE.match(value)
    if not match:
        raise ValueError(
            "a tax code has 10 digits, or 13 for a branch (e.g. 0100109106 or 0100109106-001)"
        )
    main, branch = match.groups()
    if check_digit(main[:9]) != int(main[9]):
        raise ValueError(f"tax code {main}: the check digit (10th digit) does not match")
    if branch == "000":
        raise ValueError("a branch suffix runs from 001 to 999")
    return f"{main}-{branch}" if branch else main
