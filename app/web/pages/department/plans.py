"""The plan's targets, edited by the department through the same service as
PUT /api/v1/plans/{id}/targets: a share or a growth rate typed in per cent (35 or 35,5), its
comparison and the plan's wording. The dashboard then measures each figure against it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import AppError, NotFound
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.indicator.method import INDICATORS
from app.indicator.plans import PlanService
from app.indicator.schemas import PlanTargetWrite
from app.indicator.service import IndicatorService
from app.models import Plan
from app.web.forms import FormState, read_form, validate
from app.web.session import StaffPageUser, undo
from app.web.templating import render

router = APIRouter()

NEW = "new"
COMPARISONS = (">=", ">", "~", "<=", "<")
# Totals have no target of their own: the plan sets shares and growth rates.
TARGETABLE = tuple(d for d in INDICATORS if d.kind != "total")


def comparison_words() -> dict[str, str]:
    return {
        ">=": _("at least"),
        ">": _("more than"),
        "~": _("about"),
        "<=": _("at most"),
        "<": _("less than"),
    }


def percent_text(value: Decimal) -> str:
    """0.35 → "35"; 0.355 → "35,5" (as typed in Vietnamese)."""
    text = f"{(value * 100).normalize():f}"
    return text.replace(".", ",")


def read_percent(text: str, form: FormState) -> Decimal | None:
    cleaned = text.strip().removesuffix("%").strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        form.fail(_("Enter a percentage such as 35 or 35,5."), "value")
        return None
    if not number.is_finite():
        form.fail(_("Enter a percentage such as 35 or 35,5."), "value")
        return None
    return number / 100


async def _plan(session: SessionDep, plan_id: int | None) -> Plan:
    context = await IndicatorService(session).context(plan_id)
    if context.plan is None:
        raise NotFound(N_("No plan is active; add one through the API (POST /api/v1/plans)."))
    return context.plan


async def _page(
    request: Request,
    session: SessionDep,
    plan: Plan,
    failed: tuple[str, FormState] | None = None,
    saved: str = "",
) -> HTMLResponse:
    targets = await PlanService(session).read(plan)
    forms: dict[str, FormState] = {}
    for target in targets.targets:
        key = f"{target.indicator_code}-{target.year}"
        forms[key] = FormState(
            values={
                "indicator_code": target.indicator_code,
                "year": str(target.year),
                "value": percent_text(target.value),
                "comparison": target.comparison,
                "wording": target.wording or "",
            }
        )
    forms[NEW] = FormState(values={"comparison": ">="})
    if failed is not None:
        # A refused form comes back where it was typed (an unknown one as the new target's).
        key = failed[0] if failed[0] in forms else NEW
        forms[key] = failed[1]
    names = {d.code: (d.name_vi, d.name_en) for d in INDICATORS}
    return render(
        request,
        "department/plan.html",
        {
            "plan": plan,
            "targets": targets.targets,
            "target_forms": forms,
            "names": names,
            "targetable": [(d.code, d.name_vi, d.name_en) for d in TARGETABLE],
            "comparisons": comparison_words(),
            "saved": saved,
        },
        status_code=400 if failed else 200,
    )


@router.get("/department/plan", name="department_plan")
async def plan_page(
    request: Request,
    officer: StaffPageUser,
    session: SessionDep,
    plan_id: int | None = None,
    saved: str = "",
) -> HTMLResponse:
    return await _page(request, session, await _plan(session, plan_id), saved=saved)


@router.post("/department/plan/{plan_id}/targets", name="department_plan_target")
async def save_target(
    request: Request, plan_id: int, officer: StaffPageUser, session: SessionDep
) -> Response:
    plan = await _plan(session, plan_id)
    form = await read_form(request)
    key = str(form.value("form")) or NEW
    data: dict[str, Any] = {
        "indicator_code": form.value("indicator_code"),
        "year": str(form.value("year")).strip(),
        "comparison": form.value("comparison"),
        "wording": str(form.value("wording")).strip() or None,
    }
    value = read_percent(str(form.value("value")), form)
    if value is not None:
        data["value"] = value
    target = validate(PlanTargetWrite, data, form)
    if target is None or not form.ok:
        return await _page(request, session, plan, (key, _value_message(form)))
    try:
        await PlanService(session).set_target(plan, target)
    except AppError as exc:
        await undo(request, session)
        form.fail(exc.detail)  # in the request's language already
        return await _page(request, session, plan, (key, form))
    saved = f"{target.indicator_code}-{target.year}"
    return RedirectResponse(f"/department/plan?plan_id={plan.id}&saved={saved}", status_code=303)


def _value_message(form: FormState) -> FormState:
    """Bounds of the stored fraction, said in the per cent the department typed."""
    if form.error("value") in (_("Enter a larger number."), _("Enter a smaller number.")):
        form.errors["value"] = _("Enter a percentage between -100 and 100000.")
    return form
