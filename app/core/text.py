"""Vietnamese text folding: the one function used for indexing and for queries, so that
"xu ly nuoc thai" finds "xử lý nước thải" and "duc dong" finds "đúc đồng"."""

from __future__ import annotations

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """NFC, strip combining marks, đ/Đ → d, lower-case: "Đúc đồng" → "duc dong"."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(_D_MAP).lower()


def normalize_spaces(text: str) -> str:
    """NFC and single spaces; for names typed by people."""
    return " ".join(unicodedata.normalize("NFC", text).split())
