from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from app.auth.dependencies import OptionalUser, StaffUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.pagination import Page, PageDep
from app.core.roles import is_staff
from app.core.validation import Id
from app.indicator.disclosure import PublicView
from app.indicator.method_card import method_card
from app.indicator.period import Period
from app.indicator.plans import PlanService
from app.indicator.schemas import (
    Breakdown,
    BreakdownReport,
    DrillPart,
    IndicatorReport,
    IndicatorSeries,
    MethodCard,
    PlanCreate,
    PlanRead,
    PlanTargetRead,
    PlanTargetWrite,
    PlanUpdate,
)
from app.indicator.service import IndicatorService
from app.models.vocabulary import IndicatorMeasure
from app.transaction.repository import TransactionRepository
from app.transaction.schemas import TransactionRead
from app.transaction.service import present_all

router = APIRouter(tags=["indicators"])

YearParam = Annotated[int | None, Query(ge=1990, le=2100)]


def period_params(
    year: YearParam = None,
    quarter: Annotated[int | None, Query(ge=1, le=4)] = None,
    from_year: Annotated[int | None, Query(alias="from", ge=1990, le=2100)] = None,
    to_year: Annotated[int | None, Query(alias="to", ge=1990, le=2100)] = None,
) -> Period:
    if year is None and from_year is None and to_year is None:
        year = date.today().year
    return Period.parse(year, quarter, from_year, to_year)


PeriodDep = Annotated[Period, Depends(period_params)]


def public_view(viewer: OptionalUser, settings: SettingsDep) -> PublicView | None:
    """The disclosure control applied to this reader: none for the department."""
    return None if is_staff(viewer) else PublicView.from_settings(settings.disclosure)


PublicViewDep = Annotated[PublicView | None, Depends(public_view)]
VerifiedOnly = Annotated[
    bool, Query(description="Count only transactions verified by the department")
]


@router.get(
    "/indicators",
    response_model=IndicatorReport,
    summary="The plan's market indicators for a year, a quarter or a range of years",
)
async def indicators(
    session: SessionDep,
    public: PublicViewDep,
    period: PeriodDep,
    measure: IndicatorMeasure = IndicatorMeasure.value,
    verified_only: VerifiedOnly = False,
    plan_id: Id | None = None,
) -> IndicatorReport:
    return await IndicatorService(session).report(
        period, measure, verified_only=verified_only, plan_id=plan_id, public=public
    )


@router.get(
    "/indicators/series",
    response_model=IndicatorSeries,
    summary="The indicators year by year",
)
async def indicator_series(
    session: SessionDep,
    public: PublicViewDep,
    from_year: Annotated[int, Query(alias="from", ge=1990, le=2100)],
    to_year: Annotated[int, Query(alias="to", ge=1990, le=2100)],
    measure: IndicatorMeasure = IndicatorMeasure.value,
    verified_only: VerifiedOnly = False,
    plan_id: Id | None = None,
) -> IndicatorSeries:
    return await IndicatorService(session).series(
        from_year,
        to_year,
        measure,
        verified_only=verified_only,
        plan_id=plan_id,
        public=public,
    )


@router.get(
    "/indicators/breakdown",
    response_model=BreakdownReport,
    summary="The indicators by S&T field, organisation type, ownership or commune",
)
async def indicator_breakdown(
    session: SessionDep,
    public: PublicViewDep,
    period: PeriodDep,
    by: Breakdown,
    measure: IndicatorMeasure = IndicatorMeasure.value,
    verified_only: VerifiedOnly = False,
) -> BreakdownReport:
    return await IndicatorService(session).breakdown(
        period, by, measure, verified_only=verified_only, public=public
    )


@router.get(
    "/indicators/method",
    response_model=MethodCard,
    summary="The method card: each indicator's formula in Vietnamese (lang=vi) or English",
)
async def indicator_method(
    session: SessionDep, lang: Annotated[str, Query(pattern="^(vi|en)$")] = "vi"
) -> MethodCard:
    context = await IndicatorService(session).context()
    return method_card(lang, context.developed_countries)


@router.get(
    "/indicators/{code}/transactions",
    response_model=Page[TransactionRead],
    summary="Drill-down: the transactions in an indicator's numerator or denominator "
    "(each viewer sees only the transactions they may see)",
)
async def indicator_drilldown(
    code: str,
    session: SessionDep,
    viewer: OptionalUser,
    period: PeriodDep,
    page: PageDep,
    part: DrillPart = DrillPart.numerator,
    verified_only: VerifiedOnly = False,
) -> Page[TransactionRead]:
    conditions = await IndicatorService(session).drill_conditions(
        code, part, period, verified_only=verified_only
    )
    rows, total = await TransactionRepository(session).list_visible(viewer, page, None, *conditions)
    return Page.of(present_all(rows, viewer, date.today()), total, page)


# Plans and targets
@router.get("/plans", response_model=list[PlanRead], tags=["plans"], summary="Plans and targets")
async def list_plans(session: SessionDep) -> list[PlanRead]:
    return await PlanService(session).list()


@router.get("/plans/{plan_id}", response_model=PlanRead, tags=["plans"], summary="One plan")
async def read_plan(plan_id: Id, session: SessionDep) -> PlanRead:
    service = PlanService(session)
    return await service.read(await service.get(plan_id))


@router.post(
    "/plans",
    response_model=PlanRead,
    status_code=status.HTTP_201_CREATED,
    tags=["plans"],
    summary="Add a plan with its targets (department)",
)
async def create_plan(body: PlanCreate, officer: StaffUser, session: SessionDep) -> PlanRead:
    service = PlanService(session)
    return await service.read(await service.create(body))


@router.patch(
    "/plans/{plan_id}",
    response_model=PlanRead,
    tags=["plans"],
    summary="Change a plan: base year, developed-country list, active (department)",
)
async def update_plan(
    plan_id: Id, body: PlanUpdate, officer: StaffUser, session: SessionDep
) -> PlanRead:
    service = PlanService(session)
    return await service.read(await service.update(plan_id, body))


@router.put(
    "/plans/{plan_id}/targets",
    response_model=PlanTargetRead,
    tags=["plans"],
    summary="Set the target of an indicator for a year (department)",
)
async def set_target(
    plan_id: Id, body: PlanTargetWrite, officer: StaffUser, session: SessionDep
) -> PlanTargetRead:
    service = PlanService(session)
    target = await service.set_target(await service.get(plan_id), body)
    return PlanTargetRead.model_validate(target)


@router.delete(
    "/plans/{plan_id}/targets/{target_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["plans"],
    summary="Remove a target (department)",
)
async def delete_target(
    plan_id: Id, target_id: Id, officer: StaffUser, session: SessionDep
) -> Response:
    await PlanService(session).delete_target(plan_id, target_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
