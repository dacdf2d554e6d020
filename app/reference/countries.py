"""ISO 3166-1 alpha-2 countries (pycountry) with Vietnamese names (Babel's CLDR data)."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale

from app.core.errors import InvalidValue
from app.core.i18n import N_

VIETNAM = "VN"


@lru_cache
def country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def normalize_country(code: str) -> str:
    """Upper-case ISO alpha-2; raises ValueError naming the expected form."""
    value = code.strip().upper()
    if value not in country_codes():
        raise InvalidValue(
            N_("'%(code)s' is not an ISO 3166-1 alpha-2 country code (e.g. VN, JP, KR)"), code=code
        )
    return value


def country_name(code: str, locale: str = "vi") -> str:
    name = Locale.parse(locale).territories.get(code)
    if name:
        return str(name)
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code
