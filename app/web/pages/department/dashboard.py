"""The department's dashboard: the plan's indicators for a chosen year, by value or by count,
all transactions or verified ones only, against the plan's targets, with their trends drawn as
SVG on the server and every figure linked to the transactions behind it.

The department sees every figure (no disclosure control applies to it, as in the API). Each
gap stands beside the figure it was computed from: a growth target is an average yearly rate,
so the growth appears twice, the rate on the year before (no target) and the average growth
since the plan's base year (with the target and its gap)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.core.db import SessionDep
from app.indicator.period import Period
from app.indicator.schemas import IndicatorReport, IndicatorSeries, IndicatorValue
from app.indicator.service import IndicatorService
from app.models.vocabulary import IndicatorMeasure
from app.report.exports import ExportFormat, file_response, indicator_tables, indicators_file_name
from app.report.ministry import MinistryReport
from app.web import charts
from app.web.session import StaffPageUser
from app.web.templating import render

router = APIRouter()

FIRST_YEAR = 2020
TREND_YEARS = 6
TOTAL = "transaction_value"
GROWTH = "transaction_value_growth"


@dataclass(frozen=True)
class Choice:
    """What the department chose to look at; the same choice follows every link."""

    year: int
    measure: IndicatorMeasure
    verified_only: bool

    def query(self, **extra: Any) -> dict[str, Any]:
        query: dict[str, Any] = {"year": self.year, "measure": self.measure.value}
        if self.verified_only:
            query["verified_only"] = "1"
        return query | extra


def year_choices(base_year: int | None) -> list[int]:
    return list(range(date.today().year, min(base_year or FIRST_YEAR, FIRST_YEAR) - 1, -1))


_MEASURES = {measure.value for measure in IndicatorMeasure}


def read_choice(year: str, measure: str, verified_only: str, years: list[int]) -> Choice:
    """Anything unknown falls back to the default view instead of failing."""
    chosen = int(year) if year.isdigit() and int(year) in years else years[0]
    picked = IndicatorMeasure(measure) if measure in _MEASURES else IndicatorMeasure.value
    return Choice(chosen, picked, verified_only in ("1", "true", "on"))


@dataclass(frozen=True)
class Drill:
    """A link to the transactions behind one figure: an indicator's part in a year."""

    code: str
    part: str
    year: int


@dataclass(frozen=True)
class Row:
    """One line of the dashboard: a figure, the numbers it is made of (each a drill-down),
    and, when the plan has one, the target and the gap of this very figure."""

    code: str
    name: str
    name_en: str
    unit: str
    value: float | int | None
    numerator: int | None
    denominator: int | None
    numerator_drill: Drill | None
    denominator_drill: Drill | None
    target: float | None = None
    target_year: int | None = None
    comparison: str | None = None
    gap: float | None = None
    meets: bool | None = None
    base_year: int | None = None


def rows_of(report: IndicatorReport, base_total: int | None, year: int) -> list[Row]:
    rows = []
    for indicator in report.indicators:
        if indicator.code == GROWTH:
            rows += _growth_rows(indicator, base_total, year)
            continue
        total = indicator.unit != "fraction"
        rows.append(
            Row(
                code=indicator.code,
                name=indicator.name,
                name_en=indicator.name_en,
                unit=indicator.unit,
                value=indicator.value,
                numerator=indicator.numerator,
                denominator=None if total else indicator.denominator,
                numerator_drill=Drill(indicator.code, "numerator", year),
                denominator_drill=None if total else Drill(indicator.code, "denominator", year),
                **_target_of(indicator, "value"),
            )
        )
    return rows


def _target_of(indicator: IndicatorValue, basis: str) -> dict[str, Any]:
    if indicator.target is None or indicator.target_basis != basis:
        return {}
    return {
        "target": indicator.target,
        "target_year": indicator.target_year,
        "comparison": indicator.target_comparison,
        "gap": indicator.gap,
        "meets": indicator.meets_target,
    }


def _growth_rows(indicator: IndicatorValue, base_total: int | None, year: int) -> list[Row]:
    on_year_before = Row(
        code=GROWTH,
        name=indicator.name,
        name_en=indicator.name_en,
        unit="fraction",
        value=indicator.value,
        numerator=indicator.numerator,
        denominator=indicator.denominator,
        numerator_drill=Drill(GROWTH, "numerator", year),
        denominator_drill=Drill(GROWTH, "denominator", year),
    )
    if indicator.base_year is None:
        return [on_year_before]
    since_base = Row(
        code=f"{GROWTH}.average",
        name=indicator.name,
        name_en=indicator.name_en,
        unit="fraction",
        value=indicator.average_growth,
        numerator=indicator.numerator,
        denominator=base_total,
        numerator_drill=Drill(TOTAL, "numerator", year),
        denominator_drill=Drill(TOTAL, "numerator", indicator.base_year),
        base_year=indicator.base_year,
        **_target_of(indicator, "average_growth"),
    )
    return [on_year_before, since_base]


def _figure(report: IndicatorReport, code: str) -> IndicatorValue | None:
    return next((value for value in report.indicators if value.code == code), None)


@dataclass(frozen=True)
class Trend:
    code: str
    name: str
    name_en: str
    unit: str
    chart: charts.TargetChart
    points: list[tuple[str, float | None]]
    target: float | None


def trends_of(series: IndicatorSeries, report: IndicatorReport) -> list[Trend]:
    """The total, each share and the average growth year by year; a share's chart carries the
    chosen year's target."""
    trends = []
    for indicator in report.indicators:
        average = indicator.code == GROWTH
        points: list[tuple[str, float | None]] = []
        for yearly in series.years:
            figure = _figure(yearly, indicator.code)
            value = None if figure is None else (figure.average_growth if average else figure.value)
            points.append((str(yearly.year), None if value is None else float(value)))
        target = indicator.target if indicator.unit == "fraction" else None
        drawn = [(label, value or 0.0) for label, value in points]
        trends.append(
            Trend(
                code=indicator.code,
                name=indicator.name,
                name_en=indicator.name_en,
                unit=indicator.unit,
                chart=charts.trend_with_target(drawn, target),
                points=points,
                target=target,
            )
        )
    return trends


async def _series(
    service: IndicatorService, choice: Choice, base_year: int | None
) -> IndicatorSeries:
    first = min(choice.year - TREND_YEARS + 1, base_year or choice.year)
    return await service.series(
        max(first, FIRST_YEAR), choice.year, choice.measure, verified_only=choice.verified_only
    )


@router.get("/department", name="department_dashboard")
async def dashboard(
    request: Request,
    officer: StaffPageUser,
    session: SessionDep,
    year: str = "",
    measure: str = "",
    verified_only: str = "",
) -> HTMLResponse:
    service = IndicatorService(session)
    context = await service.context()
    years = year_choices(context.base_year)
    choice = read_choice(year, measure, verified_only, years)
    report = await service.report(
        Period(choice.year, choice.year), choice.measure, verified_only=choice.verified_only
    )
    series = await _series(service, choice, context.base_year)
    base_total = None
    for yearly in series.years:
        if yearly.year == context.base_year:
            total = _figure(yearly, TOTAL)
            base_total = total.numerator if total else None
    return render(
        request,
        "department/dashboard.html",
        {
            "choice": choice,
            "years": years,
            "measures": list(IndicatorMeasure),
            "report": report,
            "plan": context.plan,
            "rows": rows_of(report, base_total, choice.year),
            "trends": trends_of(series, report),
            "chart_width": charts.WIDTH,
            "chart_height": charts.chart_height(),
            "formats": list(ExportFormat),
        },
    )


@router.get("/department/indicators/export", name="department_indicators_export")
async def export_indicators(
    officer: StaffPageUser,
    session: SessionDep,
    year: int = 0,
    verified_only: str = "",
    format: str = "xlsx",
) -> Response:
    years = year_choices((await IndicatorService(session).context()).base_year)
    choice = read_choice(str(year), "", verified_only, years)
    period = Period(choice.year, choice.year)
    tables = await indicator_tables(
        session, period, verified_only=choice.verified_only, public=None
    )
    return file_response(tables, _format(format), indicators_file_name(period))


@router.get("/department/reports/technology-transfer", name="department_ministry_export")
async def export_ministry_form(
    officer: StaffPageUser, session: SessionDep, year: int = 0, format: str = "xlsx"
) -> Response:
    years = year_choices((await IndicatorService(session).context()).base_year)
    chosen = year if year in years else years[0]
    tables = await MinistryReport(session).tables(chosen)
    return file_response(tables, _format(format), f"thong-ke-chuyen-giao-cong-nghe-{chosen}")


def _format(value: str) -> ExportFormat:
    return ExportFormat(value) if value in {f.value for f in ExportFormat} else ExportFormat.xlsx
