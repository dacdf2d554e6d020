"""The plan's market indicators for everyone: the year's figures against their targets,
the value's trend and each share against its target, drawn as SVG on the server.

The same service as GET /api/v1/indicators, with the same protection of small numbers
for viewers who are not staff."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.core.db import SessionDep
from app.core.roles import is_staff
from app.indicator.disclosure import PublicView
from app.indicator.period import Period
from app.indicator.schemas import IndicatorReport
from app.indicator.service import IndicatorService
from app.models.vocabulary import IndicatorMeasure
from app.web import charts
from app.web.session import PageUser
from app.web.templating import render

router = APIRouter()

VALUE_CODE = "transaction_value"
FIRST_YEAR = 2020


def year_choices(base_year: int | None) -> list[int]:
    return list(range(date.today().year, (base_year or FIRST_YEAR) - 1, -1))


def public_view(request: Request, viewer_is_staff: bool) -> PublicView | None:
    """The disclosure control of this reader's figures: none for the department."""
    settings = request.app.state.settings
    return None if viewer_is_staff else PublicView.from_settings(settings.disclosure)


async def yearly_report(
    request: Request, session: SessionDep, viewer_is_staff: bool, year: int
) -> IndicatorReport:
    return await IndicatorService(session).report(
        Period.parse(year, None, None, None),
        IndicatorMeasure.value,
        verified_only=False,
        public=public_view(request, viewer_is_staff),
    )


@router.get("/indicators", name="site_indicators")
async def indicators_page(
    request: Request, viewer: PageUser, session: SessionDep, year: str = ""
) -> HTMLResponse:
    service = IndicatorService(session)
    context = await service.context()
    years = year_choices(context.base_year)
    chosen = int(year) if year.isdigit() and int(year) in years else years[0]
    public = public_view(request, is_staff(viewer))
    report = await yearly_report(request, session, is_staff(viewer), chosen)
    series = await service.series(
        years[-1], chosen, IndicatorMeasure.value, verified_only=False, public=public
    )
    trend = [
        (str(yearly.year), float(value.value or 0))
        for yearly in series.years
        for value in yearly.indicators
        if value.code == VALUE_CODE
    ]
    shares = [value for value in report.indicators if value.unit == "fraction"]
    return render(
        request,
        "public/indicators.html",
        {
            "report": report,
            "years": years,
            "chosen": chosen,
            "trend": charts.bar_chart(trend),
            "chart_width": charts.WIDTH,
            "chart_height": charts.chart_height(),
            "shares": [(value, charts.share_bar(value.value, value.target)) for value in shares],
        },
    )
