"""Indicators of method v1 for a period, by value or by count, against the plan's targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Invalid, NotFound
from app.core.i18n import N_
from app.indicator.dimensions import dimension, dimension_label
from app.indicator.disclosure import (
    DIMENSIONS,
    OPEN,
    Contribution,
    Gate,
    PlanCache,
    PublicView,
    merge,
    plan_year,
)
from app.indicator.method import (
    DEFAULT_DEVELOPED_COUNTRIES,
    INDICATORS,
    METHOD_VERSION,
    IndicatorDefinition,
    ratios,
)
from app.indicator.period import Period
from app.indicator.repository import (
    IndicatorRepository,
    Totals,
    distinct_predicates,
    predicates,
)
from app.indicator.schemas import (
    Breakdown,
    BreakdownGroup,
    BreakdownReport,
    DrillPart,
    IndicatorReport,
    IndicatorSeries,
    IndicatorValue,
)
from app.models import Plan, PlanTarget
from app.models.vocabulary import IndicatorMeasure
from app.transaction.classification import every_transaction, in_statistics

TOTAL = "transaction_value.numerator"
# Each year's audit, while the year's contracts stay as they were.
_PLANS = PlanCache()


@dataclass(frozen=True)
class Context:
    """What a computation needs besides the data: the plan's targets and country list."""

    plan: Plan | None
    targets: Sequence[PlanTarget]
    # The active plan's list, for the public reading another plan's targets: figures over
    # two country lists would differ by the contracts of the countries in one list only.
    countries: Collection[str] | None = None

    @property
    def developed_countries(self) -> Collection[str]:
        if self.countries is not None:
            return self.countries
        if self.plan is None:
            return DEFAULT_DEVELOPED_COUNTRIES
        return self.plan.developed_countries

    @property
    def base_year(self) -> int | None:
        return self.plan.base_year if self.plan else None

    def target_for(self, code: str, year: int) -> PlanTarget | None:
        """The plan's nearest milestone at or after the year (2025's for 2023, 2030's for 2027)."""
        candidates = [t for t in self.targets if t.indicator_code == code and t.year >= year]
        return min(candidates, key=lambda t: t.year) if candidates else None


class IndicatorService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repository = IndicatorRepository(session)

    async def context(self, plan_id: int | None = None) -> Context:
        plan = (
            await self.repository.get_plan(plan_id)
            if plan_id is not None
            else await self.repository.active_plan()
        )
        if plan_id is not None and plan is None:
            raise NotFound(N_("Plan %(plan_id)s does not exist."), plan_id=plan_id)
        targets = await self.repository.targets(plan.id) if plan else []
        return Context(plan, targets)

    async def _context_for(self, plan_id: int | None, public: PublicView | None) -> Context:
        context = await self.context(plan_id)
        if public is None or plan_id is None:
            return context
        active = await self.context()
        return Context(context.plan, context.targets, active.developed_countries)

    async def report(
        self,
        period: Period,
        measure: IndicatorMeasure,
        *,
        verified_only: bool,
        plan_id: int | None = None,
        public: PublicView | None = None,
    ) -> IndicatorReport:
        """``public`` set: the public's view, with sensitive value figures withheld."""
        context = await self._context_for(plan_id, public)
        named = predicates(ratios(context.developed_countries))
        by_year = await self.repository.totals(
            named, period.own_condition(), verified_only=verified_only
        )
        current = Totals()
        for year in period.years:
            current.add(by_year.get(year, Totals()))
        # Growth needs the total of other years (a year earlier, the plan's base year).
        reference_years = self._reference_years(period, context.base_year)
        missing = reference_years - set(period.years)
        references = dict(by_year)
        if missing:
            references.update(
                await self.repository.totals(
                    {TOTAL: every_transaction()},
                    period.condition(missing),
                    verified_only=verified_only,
                )
            )
        gate = await self._gate(
            context, measure, public, verified_only, set(period.years) | reference_years
        )
        return self._assemble(period, measure, verified_only, context, current, references, gate)

    async def series(
        self,
        first_year: int,
        last_year: int,
        measure: IndicatorMeasure,
        *,
        verified_only: bool,
        plan_id: int | None = None,
        public: PublicView | None = None,
    ) -> IndicatorSeries:
        span = Period.parse(None, None, first_year, last_year)
        context = await self._context_for(plan_id, public)
        named = predicates(ratios(context.developed_countries))
        years = set(range(first_year - 1, last_year + 1))
        if context.base_year is not None:
            years.add(context.base_year)
        by_year = await self.repository.totals(
            named, span.condition(years), verified_only=verified_only
        )
        gate = await self._gate(context, measure, public, verified_only, years)
        reports = [
            self._assemble(
                Period(year, year),
                measure,
                verified_only,
                context,
                by_year.get(year, Totals()),
                by_year,
                gate,
            )
            for year in span.years
        ]
        return IndicatorSeries(
            from_year=first_year,
            to_year=last_year,
            measure=measure,
            verified_only=verified_only,
            method_version=METHOD_VERSION,
            plan=context.plan.code if context.plan else None,
            years=reports,
        )

    async def breakdown(
        self,
        period: Period,
        by: Breakdown,
        measure: IndicatorMeasure,
        *,
        verified_only: bool,
        public: PublicView | None = None,
    ) -> BreakdownReport:
        context = await self.context()
        named = predicates(ratios(context.developed_countries))
        groups = await self.repository.totals(
            named,
            period.own_condition(),
            verified_only=verified_only,
            group_by=dimension(by),
        )
        gate = await self._gate(
            context, measure, public, verified_only, set(period.years), breakdowns=True
        )
        return BreakdownReport(
            period=period.label(),
            by=by,
            measure=measure,
            verified_only=verified_only,
            method_version=METHOD_VERSION,
            groups=[
                BreakdownGroup(
                    key=key,
                    label=dimension_label(by, key),
                    indicators=[
                        _share_or_total(d, measure, totals, gate.for_group(by, key), period)
                        for d in INDICATORS
                        if d.kind != "growth"
                    ],
                )
                for key, totals in sorted(groups.items(), key=lambda kv: str(kv[0] or ""))
            ],
        )

    async def _gate(
        self,
        context: Context,
        measure: IndicatorMeasure,
        public: PublicView | None,
        verified_only: bool,
        years: Collection[int],
        *,
        breakdowns: bool = False,
    ) -> Gate:
        """What the reader may see: every figure for the department and for counts (the number
        of contracts names no price); for the public's values, what the year audits allow."""
        if public is None or measure is IndicatorMeasure.count:
            return OPEN
        named = predicates(ratios(context.developed_countries))
        distinct, column_of = distinct_predicates(named)
        keys = list(distinct)
        fingerprints = await self.repository.fingerprints(years)
        plans, missing = {}, []
        for year, fingerprint in fingerprints.items():
            cache_key = (year, fingerprint, tuple(keys), breakdowns, public)
            plan = _PLANS.get(cache_key)
            if plan is None:
                missing.append(year)
            else:
                plans[year] = plan
        if missing:
            rows = await self.repository.contributions(
                list(distinct.values()),
                missing,
                [dimension(b) for b in DIMENSIONS] if breakdowns else (),
            )
            by_year: dict[int, list[Contribution]] = defaultdict(list)
            for row in rows:
                by_year[row.year].append(row)
            for year in missing:
                plans[year] = plan_year(
                    year,
                    by_year[year],
                    len(keys),
                    public.rule,
                    breakdowns=breakdowns,
                    max_cells=public.max_cells,
                )
                _PLANS.put((year, fingerprints[year], tuple(keys), breakdowns, public), plans[year])
        index_of = {name: keys.index(sql) for name, sql in column_of.items()}
        return Gate(merge(plans), index_of, verified_only)

    async def drill_conditions(
        self, code: str, part: DrillPart, period: Period, *, verified_only: bool
    ) -> list[ColumnElement[bool]]:
        """The conditions selecting the transactions behind one figure."""
        context = await self.context()
        definitions = {d.code: d for d in INDICATORS}
        if code not in definitions:
            raise NotFound(
                N_("No indicator '%(code)s'; see GET /api/v1/indicators/method."), code=code
            )
        ratio = ratios(context.developed_countries)[code]
        scope = in_statistics(verified_only=verified_only)
        kind = definitions[code].kind
        if part is DrillPart.numerator or kind == "share":
            chosen = ratio.numerator if part is DrillPart.numerator else ratio.denominator
            return [scope, period.own_condition(), chosen]
        if kind == "total":
            raise Invalid(N_("%(code)s is a total: it has a numerator only."), code=code)
        # Growth: the denominator is the same period a year earlier (or the first year).
        if period.is_single_year:
            shifted = Period(period.first_year - 1, period.last_year - 1, period.quarter)
            return [scope, shifted.own_condition()]
        return [scope, period.condition({period.first_year})]

    def _reference_years(self, period: Period, base_year: int | None) -> set[int]:
        if not period.is_single_year:
            return {period.first_year, period.last_year}
        years = {period.first_year - 1}
        if period.quarter is None and base_year is not None and base_year < period.first_year:
            years.add(base_year)
        return years

    def _assemble(
        self,
        period: Period,
        measure: IndicatorMeasure,
        verified_only: bool,
        context: Context,
        current: Totals,
        references: dict[Any, Totals],
        gate: Gate,
    ) -> IndicatorReport:
        values = []
        for definition in INDICATORS:
            if definition.kind == "growth":
                value = _growth(definition, period, measure, current, references, context, gate)
            else:
                value = _share_or_total(definition, measure, current, gate, period)
            values.append(_with_target(value, context, period.last_year))
        return IndicatorReport(
            year=period.first_year if period.is_single_year else None,
            quarter=period.quarter,
            from_year=period.first_year,
            to_year=period.last_year,
            period=period.label(),
            measure=measure,
            verified_only=verified_only,
            method_version=METHOD_VERSION,
            plan=context.plan.code if context.plan else None,
            indicators=values,
        )


def _pick(totals: Totals, name: str, measure: IndicatorMeasure) -> int:
    source = totals.value if measure is IndicatorMeasure.value else totals.count
    return source.get(name, 0)


def _share_or_total(
    definition: IndicatorDefinition,
    measure: IndicatorMeasure,
    totals: Totals,
    gate: Gate,
    period: Period,
) -> IndicatorValue:
    """A share is shown only with both its parts: with one hidden, share × the other part
    would give it back."""
    numerator = _pick(totals, f"{definition.code}.numerator", measure)
    if definition.kind == "total":
        result = _value(definition, measure, numerator, numerator, None)
    else:
        denominator = _pick(totals, f"{definition.code}.denominator", measure)
        share = numerator / denominator if denominator else None
        result = _value(definition, measure, share, numerator, denominator)
        if not gate.shows(f"{definition.code}.denominator", period.years, period.quarter):
            result.denominator = result.value = None
    if not gate.shows(f"{definition.code}.numerator", period.years, period.quarter):
        result.numerator = result.value = None
    return result


def _growth(
    definition: IndicatorDefinition,
    period: Period,
    measure: IndicatorMeasure,
    current: Totals,
    references: dict[Any, Totals],
    context: Context,
    gate: Gate,
) -> IndicatorValue:
    def total(year: int) -> int:
        return _pick(references.get(year, Totals()), TOTAL, measure)

    if period.is_single_year:
        year, quarter = period.first_year, period.quarter
        now, before = _pick(current, TOTAL, measure), total(year - 1)
        result = _value(definition, measure, now / before - 1 if before else None, now, before)
        _withhold(
            result, gate.shows(TOTAL, [year], quarter), gate.shows(TOTAL, [year - 1], quarter)
        )
        base = context.base_year
        if quarter is None and base is not None and base < year:
            result.base_year = base
            if result.numerator is not None and gate.shows(TOTAL, [base]):
                result.average_growth = average_growth(total(base), now, year - base)
        return result
    first, last = total(period.first_year), total(period.last_year)
    years = period.last_year - period.first_year
    result = _value(definition, measure, average_growth(first, last, years), last, first)
    _withhold(result, gate.shows(TOTAL, [period.last_year]), gate.shows(TOTAL, [period.first_year]))
    result.base_year = period.first_year
    result.average_growth = result.value
    return result


def _withhold(result: IndicatorValue, numerator_shown: bool, denominator_shown: bool) -> None:
    if not numerator_shown:
        result.numerator = result.value = None
    if not denominator_shown:
        result.denominator = result.value = None


def average_growth(start: int, end: int, years: int) -> float | None:
    """(end/start)^(1/years) − 1; None when it cannot be computed (no base, or no years)."""
    if start <= 0 or years <= 0 or end < 0:
        return None
    return float((end / start) ** (1 / years) - 1)


def _value(
    definition: IndicatorDefinition,
    measure: IndicatorMeasure,
    value: float | int | None,
    numerator: int | None,
    denominator: int | None,
) -> IndicatorValue:
    if definition.kind == "total":
        unit = "vnd" if measure is IndicatorMeasure.value else "count"
    else:
        unit = "fraction"
    return IndicatorValue(
        code=definition.code,
        name=definition.name_vi,
        name_en=definition.name_en,
        unit=unit,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )


def _with_target(value: IndicatorValue, context: Context, year: int) -> IndicatorValue:
    target = context.target_for(value.code, year)
    if target is None:
        return value
    value.target = float(target.value)
    value.target_year = target.year
    value.target_comparison = target.comparison
    # A growth target is a yearly average over the plan's years: it is compared with the
    # average growth, never with one year's rate; the basis says which figure the gap is of.
    basis: Literal["value", "average_growth"] = (
        "average_growth" if value.code == "transaction_value_growth" else "value"
    )
    value.target_basis = basis
    compared = value.average_growth if basis == "average_growth" else value.value
    if compared is not None:
        value.gap = float(compared) - value.target
        value.meets_target = _meets(float(compared), value.target, target.comparison)
    return value


def _meets(actual: float, target: float, comparison: str) -> bool:
    if comparison == ">":
        return actual > target
    if comparison in ("<", "<="):
        return actual < target if comparison == "<" else actual <= target
    return actual >= target  # ">=" and "~" (about: reaching it counts)
