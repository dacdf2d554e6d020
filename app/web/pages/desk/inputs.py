"""Reading the desk's form inputs into the shapes the API's schemas take."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

# What people put in an amount of đồng: thousands separators (either), spaces, the sign.
_MONEY_NOISE = re.compile(r"[.,\s\u00a0₫]|VND|đ", re.IGNORECASE)


def digits_only(value: Any) -> str:
    """ "1.250.000.000 ₫" → "1250000000"; anything else is left for the schema to refuse."""
    text = str(value or "").strip()
    cleaned = _MONEY_NOISE.sub("", text)
    return cleaned if cleaned.isdigit() else text


def as_list(value: Any) -> list[str]:
    """A group of checkboxes: none, one or several values."""
    if value in (None, ""):
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]


# Times are stored in UTC and shown in the province's time.
PROVINCE_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(at: datetime) -> datetime:
    return at.astimezone(PROVINCE_TIME)
