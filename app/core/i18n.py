"""Languages: Vietnamese first, English second.

Messages are written in English in the code and templates (``_("...")``) and translated
through the Babel catalogues in ``locale/<lang>/LC_MESSAGES/messages.po``, compiled in memory
on first use. The locale of the work at hand lives in a context variable: set for each
HTTP request by `LocaleMiddleware` (a cookie, then Accept-Language, then Vietnamese) and by
`use_locale` elsewhere (commands, workers, e-mails in the recipient's language).

Inside a request, ``_()`` already answers in the request's language (API error messages,
notifications written for the person asking); text for someone else (an e-mail to the other
party) is translated with ``translate(message, their_locale)`` or inside ``use_locale``.

Numbers, money and dates are formatted with Babel the way each language writes them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import LazyProxy, NullTranslations, Translations
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

DEFAULT_LOCALE = "vi"
SUPPORTED_LOCALES = ("vi", "en")
# Each language named in itself, for the language switch.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
LOCALE_COOKIE = "lang"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"

_current_locale: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)


# --- which language ----------------------------------------------------------------------


def current_locale() -> str:
    return _current_locale.get()


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Translate in `locale` inside the block (an e-mail in its recipient's language)."""
    token = _current_locale.set(supported_or_default(locale))
    try:
        yield
    finally:
        _current_locale.reset(token)


def supported_or_default(locale: str | None) -> str:
    if not locale:
        return DEFAULT_LOCALE
    language = locale.strip().lower().replace("_", "-").split("-")[0]
    return language if language in SUPPORTED_LOCALES else DEFAULT_LOCALE


def parse_accept_language(header: str | None) -> list[str]:
    """The languages of an Accept-Language header, most wanted first ("en-US;q=0.8")."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if name and quality > 0:
            weighted.append((-quality, position, name.strip().lower()))
    return [name for _, _, name in sorted(weighted)]


def negotiate_locale(cookie: str | None, accept_language: str | None) -> str:
    """The language a person asked for: the switch on the site (a cookie) wins over the
    browser's Accept-Language; Vietnamese when neither names a supported language."""
    if cookie and supported_or_default(cookie) == cookie.strip().lower():
        return cookie.strip().lower()
    for wanted in parse_accept_language(accept_language):
        language = wanted.split("-")[0]
        if language in SUPPORTED_LOCALES:
            return language
        if wanted == "*":
            break
    return DEFAULT_LOCALE


def request_locale(headers: Headers, cookies: dict[str, str]) -> str:
    return negotiate_locale(cookies.get(LOCALE_COOKIE), headers.get("accept-language"))


class LocaleMiddleware:
    """Sets the locale of each HTTP request for everything that runs inside it: pages,
    API error messages, notifications written during the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        locale = negotiate_locale(_cookie(headers, LOCALE_COOKIE), headers.get("accept-language"))
        scope.setdefault("state", {})["locale"] = locale
        token = _current_locale.set(locale)
        try:
            await self.app(scope, receive, send)
        finally:
            _current_locale.reset(token)


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


# --- translating -------------------------------------------------------------------------


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def translations(locale: str) -> NullTranslations:
    """The catalogue of `locale`, compiled from its .po file (English falls back to the
    message ids, which are English)."""
    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def translate(message: str, locale: str | None = None) -> str:
    """`message` (English, as written in the code) in `locale`, by default the current one."""
    return translations(supported_or_default(locale or current_locale())).gettext(message)


def gettext(message: str) -> str:
    return translate(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, count)


def lazy_gettext(message: str) -> LazyProxy:
    """A message translated when it is shown, in the locale of that moment: for messages
    defined at import time (module constants, error defaults)."""
    return LazyProxy(translate, message, enable_cache=False)


def N_(message: str) -> str:
    """Marks `message` for the catalogues without translating it: for text stored or raised
    now and shown later in the reader's language with `translate` or `interpolate`."""
    return message


def interpolate(message: str, params: Mapping[str, object], locale: str | None = None) -> str:
    """`message` (an English msgid with named ``%(name)s`` parameters, marked with `N_`)
    translated into `locale` (by default the current one), then filled with `params`.

    A parameter that is itself language-dependent (a `lazy_gettext` word, a `lazy_number`)
    is rendered in that same locale. The message is always %-formatted, so a literal percent
    sign is written ``%%`` in the msgid and its translations."""
    language = supported_or_default(locale or current_locale())
    with use_locale(language):
        values = {name: _localized(value) for name, value in params.items()}
        return translate(message, language) % values


def written(message: str, locale: str, /, **params: object) -> str:
    """`interpolate` for text stored now for one reader (a notification, an e-mail)."""
    return interpolate(message, params, locale)


def _localized(value: object) -> object:
    if isinstance(value, LazyProxy):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(_localized(item)) for item in value)
    return value


def lazy_day(value: date | datetime) -> LazyProxy:
    """A date written the way the reader's language writes it (dd/mm/yyyy in Vietnamese)."""
    return LazyProxy(lambda: format_day(value, current_locale()), enable_cache=False)


def lazy_number(value: int | float) -> LazyProxy:
    """A number written the way the reader's language writes it (1.000 or 1,000) when shown."""
    return LazyProxy(lambda: format_number(value, current_locale()), enable_cache=False)


_ = gettext


# --- formatting --------------------------------------------------------------------------


def format_number(value: int | float, locale: str = DEFAULT_LOCALE) -> str:
    return format_decimal(value, locale=locale)


def format_vnd(amount: int, locale: str = DEFAULT_LOCALE) -> str:
    """Integer đồng as people write it: 1250000000 → "1.250.000.000 ₫"."""
    return f"{format_decimal(amount, format='#,##0', locale=locale)} ₫"


def format_percent(value: float, locale: str = DEFAULT_LOCALE, digits: int = 1) -> str:
    """A percentage given in percent (15.3 → "15,3 %" in Vietnamese, "15.3%" in English)."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    number = format_decimal(value, format=pattern, locale=locale)
    return f"{number} %" if locale == "vi" else f"{number}%"


def format_day(value: date | datetime, locale: str = DEFAULT_LOCALE) -> str:
    """22/11/2026 in Vietnamese, Nov 22, 2026 in English."""
    if locale == "vi":
        return value.strftime("%d/%m/%Y")
    return babel_format_date(value, format="medium", locale=locale)


def formatters() -> dict[str, Callable[..., str]]:
    """The formatting functions in the current locale, by the names pages use for them."""
    return {
        "number": lambda value: format_number(value, current_locale()),
        "vnd": lambda amount: format_vnd(amount, current_locale()),
        "percent": lambda value, digits=1: format_percent(value, current_locale(), digits),
        "day": lambda value: format_day(value, current_locale()),
    }
