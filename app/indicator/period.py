"""The period an indicator is computed for: a year, a quarter of a year, or a range of years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from app.core.errors import Invalid
from app.core.i18n import N_
from app.models import Transaction as T


@dataclass(frozen=True)
class Period:
    first_year: int
    last_year: int
    quarter: int | None = None

    @classmethod
    def parse(
        cls,
        year: int | None,
        quarter: int | None,
        from_year: int | None,
        to_year: int | None,
    ) -> Period:
        if year is not None and (from_year is not None or to_year is not None):
            raise Invalid(
                N_("Give either year (with an optional quarter) or from and to, not both.")
            )
        if year is not None:
            return cls(year, year, quarter)
        if from_year is None or to_year is None:
            raise Invalid(
                N_("Give year=YYYY (optionally quarter=1..4) or a range from=YYYY&to=YYYY.")
            )
        if quarter is not None:
            raise Invalid(N_("quarter goes with year, not with a range of years."))
        if from_year > to_year:
            raise Invalid(N_("from must not be after to."))
        if to_year - from_year > 50:
            raise Invalid(N_("A range covers at most 50 years."))
        return cls(from_year, to_year)

    @property
    def is_single_year(self) -> bool:
        return self.first_year == self.last_year

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def label(self) -> str:
        if self.quarter:
            return f"Q{self.quarter}/{self.first_year}"
        if self.is_single_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    def condition(self, years: set[int] | range) -> ColumnElement[bool]:
        """Transactions signed in these years (in this period's quarter of each, if any)."""
        if self.quarter is None:
            return T.signed_year.in_(sorted(years))
        return or_(*(quarter_condition(y, self.quarter) for y in sorted(years)))

    def own_condition(self) -> ColumnElement[bool]:
        return self.condition(self.years)


def quarter_condition(year: int, quarter: int) -> ColumnElement[bool]:
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
    return and_(T.signed_year == year, T.signed_on >= start, T.signed_on < end)
