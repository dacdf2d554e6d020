"""Languages: which one a request gets, messages translated through the catalogues, and
money, numbers and dates the way Vietnamese readers write them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app.core.i18n import (
    LOCALE_DIR,
    current_locale,
    format_day,
    format_number,
    format_percent,
    format_vnd,
    lazy_gettext,
    negotiate_locale,
    translate,
    use_locale,
)

ROOT = Path(__file__).resolve().parents[2]


def test_money_in_dong_with_dot_thousands() -> None:
    assert format_vnd(1_250_000_000) == "1.250.000.000 ₫"
    assert format_vnd(0) == "0 ₫"


def test_numbers_use_a_decimal_comma() -> None:
    assert format_number(1234.5) == "1.234,5"


def test_percentages_with_a_comma_and_a_space() -> None:
    assert format_percent(15.3) == "15,3 %"
    assert format_percent(15.3, "en") == "15.3%"


def test_dates_day_first_in_vietnamese() -> None:
    assert format_day(date(2026, 11, 2)) == "02/11/2026"
    assert format_day(date(2026, 11, 2), locale="en") == "Nov 2, 2026"


def test_the_switch_wins_then_the_browser_then_vietnamese() -> None:
    assert negotiate_locale(None, None) == "vi"
    assert negotiate_locale(None, "en-US,en;q=0.9") == "en"
    assert negotiate_locale(None, "fr-FR, en;q=0.5, vi;q=0.8") == "vi"
    assert negotiate_locale(None, "fr, de;q=0.9") == "vi"
    assert negotiate_locale(None, "en;q=0, vi;q=0.1") == "vi"
    assert negotiate_locale("en", "vi") == "en"
    assert negotiate_locale("klingon", "en") == "en"


def test_messages_follow_the_locale_of_the_moment() -> None:
    assert current_locale() == "vi"
    assert translate("Page not found") == "Không tìm thấy trang"
    assert translate("Page not found", "en") == "Page not found"
    lazy = lazy_gettext("Page not found")
    with use_locale("en"):
        assert str(lazy) == "Page not found"
        assert translate("Page not found") == "Page not found"
    assert str(lazy) == "Không tìm thấy trang"
    assert translate("A message nobody translated") == "A message nobody translated"


def test_every_message_of_the_code_and_pages_has_its_vietnamese_translation() -> None:
    """The catalogue is complete and up to date: each message marked in app/ or templates/
    is in the Vietnamese catalogue with a translation."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    marked = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        marked.add(message if isinstance(message, str) else message[0])
    with (LOCALE_DIR / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = {
            (m.id if isinstance(m.id, str) else m.id[0]): m
            for m in read_po(po, locale="vi")
            if m.id
        }
    missing = sorted(message for message in marked if message not in catalogue)
    assert not missing, f"not in locale/vi (run pybabel extract and update): {missing}"
    untranslated = sorted(
        message
        for message in marked
        if not catalogue[message].string or "fuzzy" in catalogue[message].flags
    )
    assert not untranslated, f"no Vietnamese translation yet: {untranslated}"
